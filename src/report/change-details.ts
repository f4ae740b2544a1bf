/**
 * Field-level detail of the changes that edit something (users, cost
 * centers) and the member lists of membership changes, in two forms: inline
 * in a sentence (`name Ana Silva → Ana Souza`) and as detail lines under a
 * change in a report (`name: "Ana Silva" → "Ana Souza"`).
 */
import type { Change, UserRef } from '../plan/plan-types.js';
import { userFields } from '../model/directory.js';
import { cleanText, defaultListLimit, fieldLabel, formatValue, shortList, type Quoting } from '../plan/value-format.js';

/** How much of a long list to show. */
export interface ListOptions {
  /** Show every item of every list. Default false. */
  verbose?: boolean;
  /** Items shown before `… (+N more)` when not verbose. Default 5. */
  listLimit?: number;
}

/** One field a change writes. */
interface FieldDiff {
  /** `name`, `cost center`, `documents.badge`. */
  label: string;
  field: string;
  before: unknown;
  after: unknown;
  /** For list fields (tags, squads): the items added and removed; absent for scalar fields. */
  delta?: { added: string[]; removed: string[] };
  /** Deskbee changed this field by hand since the last apply, and this change overwrites it. */
  drift: boolean;
  /** Where the written value came from: `hr-csv (hr.csv line 42)`. */
  from?: string;
}

function limitOf(options: ListOptions): number | undefined {
  return options.verbose ? undefined : (options.listLimit ?? defaultListLimit);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => String(item)) : [];
}

function documentsOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/**
 * The fields `after` writes that differ from `before`. Should none differ (a
 * planner writing a value Deskbee already has), every written field is shown
 * rather than none, so the report never hides what a change sends.
 */
function diffRecord(before: Record<string, unknown>, after: Record<string, unknown>, drift: readonly string[]): FieldDiff[] {
  const changed = diffFields(before, after, drift, true);
  return changed.length > 0 ? changed : diffFields(before, after, drift, false);
}

function diffFields(before: Record<string, unknown>, after: Record<string, unknown>, drift: readonly string[], skipSame: boolean): FieldDiff[] {
  // The plan's field order (userFields), then any field it does not know, sorted.
  const known: readonly string[] = userFields;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const ordered = [...known.filter((k) => keys.has(k)), ...[...keys].filter((k) => !known.includes(k)).sort()];
  const diffs: FieldDiff[] = [];
  for (const field of ordered) {
    const b = before[field];
    const a = after[field];
    if (!(field in after) || (skipSame && same(b, a))) continue;
    const isDrift = drift.includes(field);
    if (field === 'documents') {
      const bd = documentsOf(b);
      const ad = documentsOf(a);
      const docKeys = [...new Set([...Object.keys(bd), ...Object.keys(ad)])].sort();
      for (const key of docKeys) {
        if (skipSame && same(bd[key], ad[key])) continue;
        const label = `documents.${cleanText(key)}`;
        diffs.push({ label, field: label, before: bd[key] ?? null, after: ad[key] ?? null, drift: isDrift });
      }
    } else if (Array.isArray(a) || Array.isArray(b)) {
      const bl = stringList(b);
      const al = stringList(a);
      const delta = { added: al.filter((x) => !bl.includes(x)), removed: bl.filter((x) => !al.includes(x)) };
      diffs.push({ label: fieldLabel(field), field, before: b, after: a, delta, drift: isDrift });
    } else {
      diffs.push({ label: fieldLabel(field), field, before: b, after: a, drift: isDrift });
    }
  }
  return diffs;
}

/** Where a user change's field came from: its own source, or the source that gave that field. */
function provenance(change: Change & { kind: 'createUser' | 'updateUser' }, field: string): string | undefined {
  const own = change.fieldsFrom?.[field as keyof NonNullable<typeof change.fieldsFrom>];
  if (own) return own;
  return change.origin && change.user.source ? `${change.user.source} (${change.origin})` : change.origin;
}

function fieldDiffs(change: Change): FieldDiff[] {
  if (change.kind === 'updateUser') {
    const diffs = diffRecord(change.before as Record<string, unknown>, change.after as Record<string, unknown>, change.drift);
    for (const diff of diffs) {
      const from = provenance(change, diff.field.startsWith('documents.') ? 'documents' : diff.field);
      if (from) diff.from = from;
    }
    return diffs;
  }
  if (change.kind === 'updateCostCenter') {
    const { code: _b, ...before } = change.before;
    const { code: _a, ...after } = change.after;
    return diffRecord(before, after, []);
  }
  return [];
}

function formatDiff(diff: FieldDiff, quoting: Quoting, options: ListOptions): string {
  const separator = quoting === 'always' ? ': ' : ' ';
  let text: string;
  if (diff.delta) {
    const items = [...diff.delta.added.map((x) => `+${x}`), ...diff.delta.removed.map((x) => `-${x}`)];
    text = `${diff.label}${separator}${shortList(items, limitOf(options))}`;
  } else {
    const before = formatValue(diff.before, quoting, diff.field);
    const after = formatValue(diff.after, quoting, diff.field);
    text = `${diff.label}${separator}${before} → ${after}`;
  }
  const from = quoting === 'always' && diff.from ? ` ← ${cleanText(diff.from)}` : '';
  if (!diff.drift) return text + from;
  return quoting === 'always' ? `${text} (changed by hand in Deskbee; overwritten)${from}` : `${text} (overwriting a hand edit)`;
}

/**
 * The fields an update writes, for the end of its sentence:
 * `name Finance → Finance & Tax; description (none) → "Tax, payroll"`.
 * Empty for changes that are not updates.
 */
export function inlineFieldChanges(change: Change, options: ListOptions = {}): string {
  return fieldDiffs(change)
    .map((diff) => formatDiff(diff, 'needed', options))
    .join('; ');
}

/** Emails of the people a membership change concerns, empty for other changes. */
export function memberEmails(change: Change): string[] {
  if (change.kind !== 'addMembers' && change.kind !== 'removeMembers') return [];
  return change.users.map((user: UserRef) => user.email);
}

/**
 * The lines a report shows under a change: one per field an update writes
 * (`name: "Ana Silva" → "Ana Souza"`), or the member list of a membership
 * change of more than one person (`members: a@x, b@x, … (+25 more)`).
 * Lines are cleaned of control characters; empty for other changes.
 */
export function changeDetails(change: Change, options: ListOptions = {}): string[] {
  const members = memberEmails(change);
  if (members.length > 1) return [`members: ${shortList(members, limitOf(options))}`];
  if (change.kind === 'createUser') return createDetails(change);
  return fieldDiffs(change).map((diff) => formatDiff(diff, 'always', options));
}

/** A new user: where they come from, and each field another source gives. */
function createDetails(change: Change & { kind: 'createUser' }): string[] {
  const from = provenance(change, 'name');
  const lines = from ? [`from ${cleanText(from)}`] : [];
  for (const [field, where] of Object.entries(change.fieldsFrom ?? {})) {
    const value = (change.after as Record<string, unknown>)[field];
    lines.push(`${fieldLabel(field)}: ${formatValue(value, 'always', field)} ← ${cleanText(where)}`);
  }
  return lines;
}

