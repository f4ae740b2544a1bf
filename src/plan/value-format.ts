/**
 * Turning plan values into safe, readable text. Every string that comes from
 * a source, from Deskbee or from configuration passes through `cleanText`
 * before it is printed, so a crafted CSV cell cannot move the cursor, recolour
 * the terminal or reorder a line with bidirectional overrides.
 */
import type { UserField } from '../model/directory.js';
import type { EntryIssue } from '../sources/source.js';

// Whitespace controls become a space (a name split over two lines stays readable).
const lineBreaking = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// Everything else that steers a terminal or a text renderer is dropped: C0 and
// C1 controls (ESC starts ANSI sequences, CSI is U+009B), DEL, and the bidi
// marks, embeddings, overrides and isolates.
const steering = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `value` with control and bidi characters removed, line breaks turned into spaces. */
export function cleanText(value: string): string {
  return value.replace(lineBreaking, ' ').replace(steering, '');
}

/** `"…"` around a cleaned string, with `"` and `\` escaped. */
export function quoteAlways(value: string): string {
  return `"${cleanText(value).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

// Quote in a sentence only when the bare value could be misread: empty, with
// edge or double spaces, or holding the punctuation the sentences use.
const needsQuotes = /^$|^\s|\s$|\s{2}|[",;:()→]|^\(none\)$/;

/** A cleaned string, quoted only when it would be ambiguous bare (empty, edge spaces, punctuation). */
export function quoteWhenNeeded(value: string): string {
  const clean = cleanText(value);
  return needsQuotes.test(clean) ? quoteAlways(clean) : clean;
}

/** How strings are shown: `always` in field detail lines, `needed` inside sentences. */
export type Quoting = 'always' | 'needed';

/** `1,234`: fixed locale so reports do not depend on the machine. */
export function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** `1 user`, `3 users`. */
export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Default number of list items shown before `… (+N more)`. */
export const defaultListLimit = 5;

/**
 * `a, b, c, … (+25 more)`: items cleaned, the first `limit` shown; all of them
 * when `limit` is undefined. An empty list is `(none)`.
 */
export function shortList(items: readonly string[], limit: number | undefined): string {
  if (items.length === 0) return '(none)';
  const cleaned = items.map(cleanText);
  if (limit === undefined || cleaned.length <= limit) return cleaned.join(', ');
  const shown = Math.max(1, limit);
  return `${cleaned.slice(0, shown).join(', ')}, … (+${formatCount(cleaned.length - shown)} more)`;
}

const fieldLabels: Record<UserField, string> = {
  name: 'name',
  email: 'email',
  enrollment: 'enrollment',
  identifier: 'identifier',
  status: 'status',
  squads: 'squads',
  costCenter: 'cost center',
  tags: 'tags',
  documents: 'documents',
};

/** The words a report uses for a user field: `costCenter` → `cost center`. */
export function fieldLabel(field: string): string {
  return field in fieldLabels ? fieldLabels[field as UserField] : cleanText(field);
}

/**
 * Any plan value as text: `(unknown)` for a value Deskbee did not report,
 * `(none)` for null or an empty list, `active`/`deactivated` for a status,
 * lists and documents comma-separated.
 */
export function formatValue(value: unknown, quoting: Quoting, field?: string): string {
  if (value === undefined) return '(unknown)';
  if (value === null) return '(none)';
  if (typeof value === 'boolean') return field === 'status' ? (value ? 'active' : 'deactivated') : String(value);
  if (typeof value === 'string') return quoting === 'always' ? quoteAlways(value) : quoteWhenNeeded(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    return value.map((item) => formatValue(item, 'needed')).join(', ');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '(none)';
    return entries.map(([key, item]) => `${cleanText(key)}=${formatValue(item, 'needed')}`).join(', ');
  }
  return cleanText(String(value));
}

/** `hr.csv line 12, email`: where an issue is, without repeating a line the origin already names. */
export function formatIssueLocation(issue: EntryIssue): string {
  const origin = cleanText(issue.origin);
  const line = issue.line !== undefined && !origin.includes(`line ${issue.line}`) ? ` line ${issue.line}` : '';
  const field = issue.field ? `, ${cleanText(issue.field)}` : '';
  return `${origin}${line}${field}`;
}

/** `3m 12s`, `850ms`: a duration between two ISO timestamps, or undefined when either is unreadable. */
export function formatDuration(startIso: string, endIso: string): string | undefined {
  const ms = Date.parse(endIso) - Date.parse(startIso);
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  if (ms < 1000) return `${ms}ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
