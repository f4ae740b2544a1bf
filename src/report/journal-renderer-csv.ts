/**
 * The journal as CSV for a spreadsheet (RFC 4180): a header row, CRLF line
 * ends, a field quoted when it holds a comma, a quote or a line break, with
 * quotes doubled. A field that a spreadsheet would take for a formula
 * (starting with =, +, -, @, a tab or a carriage return) starts with `'`,
 * so that it is shown as the text it is and never evaluated.
 */
import type { JournalEntry } from '../store/snapshot-store.js';
import { reasonOf } from './journal-renderer-text.js';

/** The columns, in order. */
export const journalCsvColumns = [
  'run',
  'seq',
  'recorded_at',
  'change_id',
  'kind',
  'entity',
  'outcome',
  'reason',
  'method',
  'path',
  'status',
  'error_id',
  'user_uuid',
  'external_id',
  'squad_uuid',
  'squad_name',
] as const;

/** The CSV a page at a time: the header row first, then each page's rows. */
export async function* journalCsvChunks(pages: AsyncIterable<readonly JournalEntry[]>): AsyncGenerator<string> {
  yield csvLine(journalCsvColumns);
  for await (const page of pages) {
    let chunk = '';
    for (const entry of page) chunk += csvLine(csvRow(entry));
    yield chunk;
  }
}

function csvRow(entry: JournalEntry): string[] {
  const response = entry.response;
  return [
    String(entry.runId),
    String(entry.seq),
    entry.recordedAt,
    entry.changeId,
    entry.changeKind,
    entry.entityKey,
    entry.outcome,
    reasonOf(entry),
    entry.request?.method ?? '',
    entry.request?.path ?? '',
    response ? String(response.status) : '',
    response && 'error' in response ? response.error.id : '',
    entry.subject?.userUuid ?? '',
    entry.subject?.externalId ?? '',
    entry.subject?.squadUuid ?? '',
    entry.subject?.squadName ?? '',
  ];
}

function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** One field: formula-safe, then quoted when RFC 4180 asks for it. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
