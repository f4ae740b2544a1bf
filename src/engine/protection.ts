/**
 * Protected users and squads (`protect:`): never changed, deactivated,
 * deleted or removed from anything. The plan keeps the changes it would
 * have made to them as held back, each with the rule that protects.
 */
import type { ActualUser } from '../model/directory.js';
import type { HeldBack, UserRef } from '../plan/plan-types.js';
import { handlerOf, type SentenceContext } from './change-kinds/index.js';
import type { ProtectRules } from './plan-inputs.js';
import type { Draft } from './reference-diff.js';
import { nameKey } from './values.js';

export interface Protection {
  /** The rule that protects the user, or undefined. */
  user(user: ActualUser): string | undefined;
  /** The rule that protects the squad, or undefined. */
  squad(name: string): string | undefined;
}

export function protection(rules: ProtectRules): Protection {
  const emails = new Set(rules.users.emails.map((email) => email.toLowerCase()));
  const profiles = new Set(rules.users.profiles.map((profile) => profile.toLowerCase()));
  const userPatterns = rules.users.patterns.map((pattern) => new RegExp(pattern, 'i'));
  const tags = new Set(rules.users.tags.map(nameKey));
  const squadNames = new Set(rules.squads.names.map(nameKey));
  const squadPatterns = rules.squads.patterns.map((pattern) => new RegExp(pattern, 'i'));
  return {
    user(user) {
      if (emails.has(user.email.toLowerCase())) return 'protected (email listed)';
      if (user.profile && profiles.has(user.profile.toLowerCase())) return `protected (profile ${user.profile})`;
      const pattern = userPatterns.find((p) => p.test(user.email));
      if (pattern) return `protected (email matches /${pattern.source}/)`;
      const tag = user.tags.find((t) => tags.has(nameKey(t)));
      if (tag) return `protected (tag ${tag})`;
      return undefined;
    },
    squad(name) {
      if (squadNames.has(nameKey(name))) return 'protected squad (name listed)';
      const pattern = squadPatterns.find((p) => p.test(name));
      return pattern ? `protected squad (name matches /${pattern.source}/)` : undefined;
    },
  };
}

/**
 * Splits drafts into those the plan keeps and those held back, by what
 * each kind's handler says the change touches. A membership change loses
 * its protected users (held back one by one); one left with no user is
 * dropped.
 */
export function holdBack(
  drafts: readonly Draft[],
  guard: Protection,
  users: ReadonlyMap<string, ActualUser>,
  squadNames: ReadonlyMap<string, string>,
  context: SentenceContext,
): { kept: Draft[]; heldBack: HeldBack[] } {
  const kept: Draft[] = [];
  const heldBack: HeldBack[] = [];
  const hold = (draft: Draft, subject: string, reason: string) => heldBack.push({ kind: draft.kind, subject, change: handlerOf(draft).headline(draft, 'imperative', context), reason });
  const guarded = (uuid: string) => {
    const user = users.get(uuid);
    const reason = user && guard.user(user);
    return reason ? { email: user.email, reason } : undefined;
  };
  for (const draft of drafts) {
    const touched = handlerOf(draft).touches(draft);
    if (touched.squad) {
      const current = (touched.squad.uuid && squadNames.get(touched.squad.uuid)) || touched.squad.name;
      const reason = guard.squad(current);
      if (reason) {
        hold(draft, `squad:${current}`, reason);
        continue;
      }
    }
    if (draft.kind === 'addMembers' || draft.kind === 'removeMembers') {
      const allowed: UserRef[] = [];
      for (const member of draft.users) {
        const found = member.uuid ? guarded(member.uuid) : undefined;
        if (found) hold({ ...draft, users: [member] } as Draft, `user:${found.email}`, found.reason);
        else allowed.push(member);
      }
      if (allowed.length === draft.users.length) kept.push(draft);
      else if (allowed.length > 0) kept.push({ ...draft, users: allowed } as Draft);
      continue;
    }
    const found = (touched.users ?? []).map(guarded).find((g) => g !== undefined);
    if (found) hold(draft, `user:${found.email}`, found.reason);
    else kept.push(draft);
  }
  return { kept, heldBack };
}
