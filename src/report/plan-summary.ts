/**
 * The facts both plan renderers (text and Markdown) show, worked out once
 * from the plan: counts by kind, changes grouped by stage, what each safety
 * verdict means, and the wording of the header and drift lines. Strings
 * returned here are already cleaned of control characters.
 */
import type { Change, ChangeKind, DriftNotice, LifecyclePolicy, Plan, SafetyVerdict, Stage } from '../plan/plan-types.js';
import { changeKinds } from '../engine/change-kinds/index.js';
import { memberEmails } from './change-details.js';
import { kindWords, stageTitles } from './change-kinds.js';
import { cleanText, fieldLabel, formatCount, formatValue, plural, quoteWhenNeeded } from '../plan/value-format.js';

/** One row of the counts table. */
export interface KindCount {
  kind: ChangeKind;
  /** `create user`. */
  label: string;
  count: number;
  /** For membership changes: the people added or removed across all squads. */
  people?: number;
}

/**
 * Changes per kind, counted from the plan's batches (what the report lists),
 * only kinds present, in `changeKinds` order.
 */
export function kindCounts(changes: readonly Change[]): KindCount[] {
  return changeKinds.flatMap((kind) => {
    const ofKind = changes.filter((c) => c.kind === kind);
    if (ofKind.length === 0) return [];
    const row: KindCount = { kind, label: kindWords[kind].label, count: ofKind.length };
    if (kind === 'addMembers' || kind === 'removeMembers') {
      row.people = ofKind.reduce((sum, c) => sum + memberEmails(c).length, 0);
    }
    return [row];
  });
}

/** The changes of one stage, in apply order. */
export interface StageGroup {
  stage: Stage;
  title: string;
  changes: Change[];
}

/** Batches merged by stage, stages in the order the plan applies them. */
export function stageGroups(plan: Pick<Plan, 'batches'>): StageGroup[] {
  const groups: StageGroup[] = [];
  for (const batch of plan.batches) {
    if (batch.changes.length === 0) continue;
    const group = groups.find((g) => g.stage === batch.stage);
    if (group) for (const change of batch.changes) group.changes.push(change);
    else groups.push({ stage: batch.stage, title: stageTitles[batch.stage] ?? cleanText(batch.stage), changes: [...batch.changes] });
  }
  return groups;
}

/** `ok`: within the limit; `over`: apply refuses the plan; `overridden`: over, but allowed for this run. */
export type VerdictState = 'ok' | 'over' | 'overridden';

export function verdictState(verdict: SafetyVerdict, overridden: readonly string[]): VerdictState {
  if (verdict.ok) return 'ok';
  return overridden.includes(verdict.limit) ? 'overridden' : 'over';
}

const limitLabels: Record<string, string> = {
  membershipRemovalsPerSquad: 'membership removals per squad',
  total: 'total changes',
  totalPercent: 'total changes (%)',
};

/** `membershipRemovalsPerSquad` → `membership removals per squad`; `deactivationsPercent` → `deactivations (%)`. */
export function limitLabel(limit: string): string {
  const known = limitLabels[limit];
  if (known) return known;
  const percent = limit.endsWith('Percent');
  const words = cleanText(limit.replace(/Percent$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
  return percent ? `${words} (%)` : words;
}

/** `40 against a limit of 5: over by 35`, with `%` for percentage limits. */
export function verdictFigures(verdict: SafetyVerdict): string {
  const unit = /percent/i.test(verdict.limit) ? '%' : '';
  const value = `${formatCount(verdict.value)}${unit}`;
  const max = `${formatCount(verdict.max)}${unit}`;
  if (verdict.ok) return `${value} within a limit of ${max}`;
  return `${value} against a limit of ${max}: over by ${formatCount(verdict.value - verdict.max)}${unit}`;
}

/** Facts of the plan header, one string per line, label → text. */
export function headerFacts(plan: Plan): [label: string, text: string][] {
  const { source, deskbee } = plan;
  const holds = [
    plural(deskbee.users, 'user'),
    plural(deskbee.squads, 'squad'),
    plural(deskbee.costCenters, 'cost center'),
    plural(deskbee.tags, 'tag'),
  ].join(', ');
  const mode =
    plan.mode === 'sync'
      ? 'sync (creates, updates, and deactivates people gone from the source)'
      : 'import (creates and updates only; nobody is deactivated)';
  return [
    ['Source', `${cleanText(source.name)} (${cleanText(source.kind)}), ${plural(source.entries, 'entry', 'entries')} read`],
    ['Deskbee', `${cleanText(deskbee.baseUrl)}, now holding ${holds}`],
    ['Mode', mode],
    ...(plan.policy && plan.mode === 'sync' ? [['Leavers', leaverPolicy(plan.policy)] as [string, string]] : []),
    ['Planned', cleanText(plan.createdAt)],
    ['Plan', `fingerprint ${cleanText(plan.fingerprint).slice(0, 16)}`],
  ];
}

/** What happens to leavers and to what no source wants: "deactivated, deleted 30 days after; kept in their squads". */
export function leaverPolicy(policy: LifecyclePolicy): string {
  const { leavers, deleteUnused } = policy;
  const fate = leavers.action === 'delete' ? `deactivated, then deleted ${leavers.deleteAfterDays === 0 ? 'on the next run' : `${plural(leavers.deleteAfterDays, 'day')} after`}` : 'deactivated, never deleted';
  const squads = leavers.removeFromSquads ? 'taken out of managed squads' : 'kept in their squads';
  const unused = (['squads', 'costCenters', 'tags'] as const).filter((k) => deleteUnused[k]).map((k) => (k === 'costCenters' ? 'cost centers' : k));
  return `${fate}; ${squads}${unused.length > 0 ? `; unused ${unused.join(', ')} deleted` : ''}`;
}

/** Each held-back change as one sentence: "Deactivate user ana@corp.com: gone from hr: held back, protected (profile admin)". */
export function heldBackLines(plan: Plan): string[] {
  return (plan.heldBack ?? []).map((held) => `${cleanText(held.change)}: held back, ${cleanText(held.reason)}`);
}

/** `ana@corp.com (Ana Silva)`. */
export function driftUser(notice: DriftNotice): string {
  return `${quoteWhenNeeded(notice.user.email)} (${cleanText(notice.user.name)})`;
}

/** The three values of a drift notice, labelled, and what the plan does about it. */
export function driftValues(notice: DriftNotice): { field: string; lastApplied: string; actual: string; desired: string; resolution: string } {
  return {
    field: fieldLabel(notice.field),
    lastApplied: formatValue(notice.lastApplied, 'always', notice.field),
    actual: formatValue(notice.actual, 'always', notice.field),
    desired: formatValue(notice.desired, 'always', notice.field),
    resolution:
      notice.resolution === 'overwritten' ? "overwritten with the source's value" : "kept: Deskbee's value stays",
  };
}

/**
 * Where every person read went, as sentences: "1,203 people read from
 * hr-csv: 1,097 to create, 0 to change, …". Empty for a plan without
 * accounting (made before plans carried it).
 */
export function accountingSentences(plan: Plan): string[] {
  const accounting = plan.accounting;
  if (!accounting) return [];
  const { people, groups, leavers } = accounting;
  const parts = [
    `${formatCount(people.create)} to create`,
    `${formatCount(people.change)} to change`,
    `${formatCount(people.unchanged)} unchanged`,
    `${formatCount(people.leftOut)} left out${people.leftOut > 0 ? ' (listed under "Entries left out")' : ''}`,
    `${formatCount(people.disabledNotInDeskbee)} disabled in the source and not in Deskbee (not created)`,
  ];
  if (people.merged > 0) parts.push(`${formatCount(people.merged)} the same person as another source's entry`);
  if (people.notTaken > 0) parts.push(`${formatCount(people.notTaken)} only in sources that do not own people (not taken)`);
  const lines = [`${plural(people.read, 'person', 'people')} read from ${cleanText(plan.source.name)}: ${parts.join(', ')}.`];
  for (const source of accounting.bySource ?? []) {
    lines.push(`${cleanText(source.name)}: ${plural(source.people, 'person', 'people')} read, ${formatCount(source.leftOut)} left out, ${formatCount(source.notTaken)} not taken.`);
  }
  if (groups.read > 0) lines.push(`${plural(groups.read, 'group')} read${groups.leftOut > 0 ? `, ${formatCount(groups.leftOut)} left out` : ''}.`);
  if (leavers > 0) lines.push(`${plural(leavers, 'leaver')}: linked to ${cleanText(plan.source.name)} and gone from it, to deactivate.`);
  return lines;
}

/** "No changes: Deskbee already matches hr-csv." */
export function noChangesSentence(plan: Plan): string {
  return `No changes: Deskbee already matches ${cleanText(plan.source.name)}.`;
}
