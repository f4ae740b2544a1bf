/**
 * What the rows of a CSV mean once the parser has split them into fields:
 * the first non-blank row is the header, each later row a person entry or an
 * issue. Synchronous and free of I/O; the source feeds it record by record.
 */
import { flatString } from '../../model/flat-string.js';
import type { EntryIssue, RawEntry } from '../source.js';
import { checkRequiredColumns, readHeader, rowAttributes, type CsvHeader } from './csv-header.js';

/** What a `CsvRowReader` needs to know about the file. */
export interface CsvRowOptions {
  /** The file's base name, for origins: `hr.csv line 12`. */
  fileName: string;
  /** The delimiter in use, for messages. */
  delimiter: string;
  /** Columns the header must have. */
  requiredColumns: readonly string[];
  /** Leave out blank rows (the header is found past blank lines either way). */
  skipEmptyLines: boolean;
}

/** Turns parsed records, in file order, into entries and issues. */
export class CsvRowReader {
  private header: CsvHeader | undefined;
  private nextLine = 1;
  /** Entries handed out so far. */
  entries = 0;
  /** Rows left out so far, each with why. */
  readonly issues: EntryIssue[] = [];
  /** Rows with a value under a column whose header is blank (such values are not read). */
  namelessValues = 0;
  /** The line of the last row read, when it had fewer fields than the header: how a file cut short ends. */
  lastRowShortAt: number | undefined;
  /** The line the last record read starts on. */
  lastLine = 0;

  constructor(private readonly options: CsvRowOptions) {}

  /** 1-based line of the header, once it has been read. */
  get headerLine(): number | undefined {
    return this.header?.line;
  }

  /**
   * Takes the next record: returns its entry, or undefined for the header, a
   * blank row or a row left out (then added to `issues`).
   * @throws HeaderProblem when the header has duplicate names or lacks a required column.
   */
  accept(record: string[]): RawEntry | undefined {
    const line = this.nextLine;
    this.nextLine += recordSpan(record);
    const blank = isBlank(record);
    if (this.header === undefined) {
      // Blank lines before the header are never data.
      if (blank) return undefined;
      this.header = readHeader(record, line);
      checkRequiredColumns(this.header, this.options.requiredColumns);
      return undefined;
    }
    this.lastLine = line;
    if (blank && this.options.skipEmptyLines) return undefined;
    const origin = flatString(this.options.fileName, ' line ', line);
    this.lastRowShortAt = record.length < this.header.names.length ? line : undefined;
    const problem = fieldCountProblem(this.header, record, this.options.delimiter);
    if (problem !== undefined) {
      this.issues.push({ origin, line, message: problem });
      return undefined;
    }
    if (this.header.names.some((name, i) => name === null && (record[i] ?? '').trim() !== '')) this.namelessValues++;
    this.entries++;
    return { kind: 'person', attributes: rowAttributes(this.header, record), origin, line };
  }
}

/** A row whose every field is empty or blank. */
export function isBlank(record: readonly string[]): boolean {
  return record.every((field) => field.trim() === '');
}

/**
 * How many physical lines a record spans: one, plus each line break (LF, CRLF
 * or lone CR) inside its quoted fields. Counted here rather than taken from
 * csv-parse's `info.lines`, which counts a quoted CRLF as two lines.
 */
export function recordSpan(record: readonly string[]): number {
  let span = 1;
  for (const field of record) {
    if (field.includes('\n') || field.includes('\r')) span += field.match(/\r\n|\r|\n/g)?.length ?? 0;
  }
  return span;
}

/**
 * Why a row's fields cannot be matched to the header's columns, or undefined
 * when they can. Fields missing from trailing columns without a name, and
 * empty fields past the header's end (a trailing delimiter), lose nothing.
 */
function fieldCountProblem(header: CsvHeader, record: readonly string[], delimiter: string): string | undefined {
  const expected = header.names.length;
  const named = header.names.findLastIndex((name) => name !== null) + 1;
  const short = record.length < named;
  const long = record.length > expected && record.slice(expected).some((field) => field.trim() !== '');
  if (!short && !long) return undefined;
  const shown = delimiter === '\t' ? 'a tab' : `"${delimiter}"`;
  const usual = long
    ? `usually a value containing ${shown} without quotes around it`
    : 'usually a row cut short, or a value with a line break that is not quoted';
  return `has ${record.length} field${record.length === 1 ? '' : 's'} where the header has ${expected}, so its values cannot be matched to columns (${usual}); the row is left out`;
}
