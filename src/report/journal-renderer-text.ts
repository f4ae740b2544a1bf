/**
 * The journal as a terminal table for `deskbee-sync journal`: one line per
 * entry, columns aligned, reasons shortened to one readable line. Every
 * value from a source or from Deskbee passes through `cleanText`.
 */
import type { JournalEntry } from '../store/snapshot-store.js';
import { cleanText } from '../plan/value-format.js';

/** Characters of a reason shown before it is cut with "…". */
export const reasonWidth = 100;

export interface JournalTextOptions {
  /** What was asked for, e.g. `run 12, user ana@corp.example`; heads the table. */
  selection: string;
  /** Entries that match but are not listed (past the limit). Default: 0. */
  more?: number;
  /** Characters of each reason. Default: `reasonWidth`. */
  reasonWidth?: number;
}

/** The entries as an aligned table under a heading, with "… N more" when the limit cut the list. */
export function renderJournalText(entries: readonly JournalEntry[], options: JournalTextOptions): string {
  const more = options.more ?? 0;
  if (entries.length === 0 && more === 0) return `No journal entries match (${options.selection}).\n`;
  const header = ['run', 'seq', 'time (UTC)', 'kind', 'entity', 'outcome', 'reason'];
  const rows = entries.map((entry) => [
    String(entry.runId),
    String(entry.seq),
    entry.recordedAt.replace('T', ' ').slice(0, 19),
    cleanText(entry.changeKind),
    cleanText(entry.entityKey),
    entry.outcome,
    shorten(briefReason(entry), options.reasonWidth ?? reasonWidth),
  ]);
  const widths = header.map((h, i) => rows.reduce((widest, row) => Math.max(widest, (row[i] ?? '').length), h.length));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const lines = [`Journal (${options.selection}):`, line(header)];
  for (const row of rows) lines.push(line(row));
  if (more > 0) lines.push(`… ${more.toLocaleString('en-US')} more (--limit N or --limit all to list them, or narrow with --kind, --outcome, --user)`);
  return `${lines.join('\n')}\n`;
}

/** Why the entry ended as it did: its reason, else Deskbee's error message. */
export function reasonOf(entry: JournalEntry): string {
  if (entry.reason) return entry.reason;
  if (entry.response && 'error' in entry.response) return entry.response.error.message;
  return '';
}

/**
 * The reason in brief: for a refusal, Deskbee's status and what it said of
 * each field (its field errors say more than its message); else the reason.
 */
function briefReason(entry: JournalEntry): string {
  const answer = entry.response;
  if (!answer || !('error' in answer)) return reasonOf(entry);
  const fields = Object.entries(answer.error.fieldErrors ?? {}).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
  const said = fields.length > 0 ? fields.join('; ') : answer.error.message;
  return answer.status > 0 ? `${answer.status}: ${said}` : said;
}

function shorten(text: string, width: number): string {
  const clean = cleanText(text).replace(/\s+/g, ' ').trim();
  return clean.length > width ? `${clean.slice(0, Math.max(0, width - 1)).trimEnd()}…` : clean;
}
