/**
 * Squads, cost centers and tags no source wants any more, deleted when the
 * policy says so (`sync.squads|costCenters|tags.deleteUnused`, default
 * off): squads and tags the mapping manages, cost centers when the mapping
 * manages users' cost centers. Nothing still in use is deleted: a squad
 * with members this tool does not manage, a cost center or tag a user keeps
 * after this plan; those are held back, with why.
 */
import { matchesName } from '../mapping/compiled-mapping.js';
import type { ActualState, ActualUser, DesiredState } from '../model/directory.js';
import type { HeldBack, LifecyclePolicy, UserValues } from '../plan/plan-types.js';
import { handlerOf } from './change-kinds/index.js';
import type { Draft } from './reference-diff.js';
import { nameKey } from './values.js';

/** What the rest of the plan does to users, for telling what is still in use once it is applied. */
export interface PlannedUsers {
  /** Deskbee users this tool manages (linked to a source). */
  managed: ReadonlySet<string>;
  /** Users this plan deletes. */
  deleted: ReadonlySet<string>;
  /** Values this plan writes, by user uuid. */
  written: ReadonlyMap<string, UserValues>;
  /** Squads (by uuid) this plan renames or links: wanted under their new name. */
  keptSquads: ReadonlySet<string>;
  /** Whether a user is protected (`protect:`): their squads are never taken from them. */
  isProtected: (user: ActualUser) => boolean;
}

/** `plannedUsers` is called only when the policy deletes something (it indexes every user). */
export function diffUnused(
  desired: DesiredState,
  actual: ActualState,
  policy: LifecyclePolicy['deleteUnused'],
  plannedUsers: () => PlannedUsers,
): { drafts: Draft[]; heldBack: HeldBack[] } {
  const drafts: Draft[] = [];
  const heldBack: HeldBack[] = [];
  if (!policy.squads && !policy.costCenters && !policy.tags) return { drafts, heldBack };
  const planned = plannedUsers();
  const hold = (draft: Draft, subject: string, reason: string) => heldBack.push({ kind: draft.kind, subject, change: handlerOf(draft).headline(draft, 'imperative', { source: desired.source }), reason });
  const remaining = actual.users.filter((user) => !planned.deleted.has(user.uuid));

  if (policy.squads) {
    const wanted = new Set(desired.squads.map((squad) => nameKey(squad.name)));
    const members = new Map<string, ActualUser[]>();
    for (const user of remaining) {
      for (const name of user.squads) {
        const list = members.get(nameKey(name));
        if (list) list.push(user);
        else members.set(nameKey(name), [user]);
      }
    }
    // Without squads in Deskbee's answers a squad's members are unknown: no squad can be shown to be unused.
    const membersUnknown = remaining.some((user) => user.unknownFields.includes('squads'));
    for (const squad of actual.squads) {
      if (wanted.has(nameKey(squad.name)) || planned.keptSquads.has(squad.uuid) || !matchesName(desired.managed.squads, squad.name)) continue;
      const draft: Draft = { kind: 'deleteSquad', uuid: squad.uuid, name: squad.name, ...(squad.externalId ? { externalId: squad.externalId, ...(squad.source ? { source: squad.source } : {}) } : {}) };
      const inSquad = members.get(nameKey(squad.name)) ?? [];
      const unmanaged = inSquad.filter((user) => !planned.managed.has(user.uuid)).length;
      const protectedMembers = inSquad.filter((user) => planned.isProtected(user)).length;
      if (membersUnknown) hold(draft, `squad:${squad.name}`, "Deskbee's answers do not show squad members, so it cannot be shown to have none this tool does not manage");
      else if (unmanaged > 0) hold(draft, `squad:${squad.name}`, `${unmanaged} of its members are not managed by this tool`);
      else if (protectedMembers > 0) hold(draft, `squad:${squad.name}`, `${protectedMembers} of its members are protected`);
      else drafts.push(draft);
    }
  }

  if (policy.costCenters && desired.managed.fields.includes('costCenter')) {
    const wanted = new Set(desired.costCenters.map((cc) => cc.code));
    const users = new Map<string, number>();
    for (const user of remaining) {
      const written = planned.written.get(user.uuid);
      const code = written && 'costCenter' in written ? written.costCenter : user.costCenter;
      if (code) users.set(code, (users.get(code) ?? 0) + 1);
    }
    for (const cc of actual.costCenters) {
      if (wanted.has(cc.code)) continue;
      const draft: Draft = { kind: 'deleteCostCenter', uuid: cc.uuid, code: cc.code, name: cc.name };
      const using = users.get(cc.code) ?? 0;
      if (using > 0) hold(draft, `costCenter:${cc.code}`, `${using} users still have it`);
      else drafts.push(draft);
    }
  }

  if (policy.tags) {
    const wanted = new Set(desired.tags.map((tag) => nameKey(tag.name)));
    const users = new Map<string, number>();
    for (const user of remaining) {
      const written = planned.written.get(user.uuid);
      const tags = written?.tags ?? user.tags;
      for (const tag of tags) users.set(nameKey(tag), (users.get(nameKey(tag)) ?? 0) + 1);
    }
    for (const tag of actual.tags) {
      if (wanted.has(nameKey(tag.name)) || !matchesName(desired.managed.tags, tag.name)) continue;
      const draft: Draft = { kind: 'removeUserTag', uuid: tag.uuid, name: tag.name };
      const using = users.get(nameKey(tag.name)) ?? 0;
      if (using > 0) hold(draft, `tag:${tag.name}`, `${using} users still have it`);
      else drafts.push(draft);
    }
  }
  return { drafts, heldBack };
}
