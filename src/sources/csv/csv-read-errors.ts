/**
 * The SourceErrors a CSV read can end with, worded for the operator who has
 * to fix the file or the configuration. Each names the file and, where there
 * is one, the line.
 */
import { resolve } from 'node:path';
import { CsvError } from 'csv-parse';
import { SourceError } from '../../errors.js';
import { InvalidUtf8Error, type EncodingSniff } from './csv-encoding.js';
import type { CsvEncoding, CsvSourceConfig } from './csv-source-config.js';

const emptyConsequence = 'refusing to continue, since an empty source would look like everyone left';

/** Builds the errors of one read of one file. */
export class CsvReadErrors {
  constructor(private readonly config: Pick<CsvSourceConfig, 'name' | 'path'>) {}

  private error(message: string, cause?: unknown): SourceError {
    return new SourceError(message, this.config.name, cause === undefined ? undefined : { cause });
  }

  /** Opening or reading the file failed at the operating-system level. */
  file(cause: unknown): SourceError {
    const { path } = this.config;
    const code = errorCode(cause);
    const absolute = resolve(path);
    const where = absolute === path ? path : `${path} (${absolute})`;
    switch (code) {
      case 'ENOENT':
        return this.error(
          `The CSV file ${where} does not exist. Check the source's path (a relative path is resolved against the working directory, ${process.cwd()}) and that the export that writes it has run.`,
          cause,
        );
      case 'EACCES':
      case 'EPERM':
        return this.error(`The CSV file ${where} cannot be read: permission denied. Give the user running deskbee-sync read access to it.`, cause);
      case 'EISDIR':
        return this.error(`The CSV source's path ${where} is a directory, not a file. Point the source at the CSV file itself.`, cause);
      default:
        return this.error(`The CSV file ${where} could not be read (${code ?? 'error'}: ${cause instanceof Error ? cause.message : String(cause)}).`, cause);
    }
  }

  /** Anything else: an operating-system error is about the file, otherwise the message is passed on. */
  unexpected(cause: unknown): SourceError {
    if (errorCode(cause) !== undefined && typeof cause === 'object' && cause !== null && 'syscall' in cause) return this.file(cause);
    return this.error(`Reading the CSV file ${this.config.path} failed: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
  }

  /** The file starts with a UTF-8 byte-order mark but the source is set to a single-byte encoding. */
  bomContradicts(setting: 'latin1' | 'windows-1252'): SourceError {
    return this.error(
      `The CSV file ${this.config.path} starts with a UTF-8 byte-order mark, so it is UTF-8, but source ${this.config.name} is set to read it as ${setting}, which would garble every accented name. Set \`encoding: utf-8\` (or \`auto\`) for this source.`,
    );
  }

  /** The read was stopped through the run's abort signal. */
  aborted(cause: unknown): SourceError {
    return this.error(`Reading the CSV file ${this.config.path} was interrupted before the end; nothing read from it is used.`, cause);
  }

  /** The file starts with a UTF-16 byte-order mark. */
  utf16(guess: 'utf-16le' | 'utf-16be'): SourceError {
    return this.error(
      `The CSV file ${this.config.path} is encoded in ${guess === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'} (it starts with a UTF-16 byte-order mark, as Excel's "Unicode text" export writes), which this source does not read. Save it as "CSV UTF-8" instead and run again.`,
    );
  }

  /** The sniffed head holds both UTF-8 characters and bytes that are not UTF-8. */
  mixedEncodings(sniff: EncodingSniff, utf8Line: number, invalidLine: number, invalidByte: number): SourceError {
    return this.error(
      `The CSV file ${this.config.path} mixes encodings: line ${utf8Line} has UTF-8 text, but line ${invalidLine} has a byte (${hex(invalidByte)}) that is not UTF-8. Read either way, some names would come out garbled, so nothing is read. Usually rows were pasted in from another file; re-save the whole file as UTF-8, or, if it really is Windows-1252 throughout, set \`encoding: windows-1252\` for source ${this.config.name}.` +
        (sniff.bom ? ' (The file starts with a UTF-8 byte-order mark.)' : ''),
    );
  }

  /** A byte that is not UTF-8 turned up in a file being read as UTF-8. */
  invalidUtf8(error: InvalidUtf8Error, setting: CsvEncoding | 'auto', sniff: EncodingSniff): SourceError {
    const { path, name } = this.config;
    const fix = `set \`encoding: windows-1252\` (or \`latin1\`) for source ${name} if the file was saved by an older Windows program, or re-save the file as UTF-8`;
    if (setting === 'utf-8') {
      return this.error(
        `The CSV file ${path} is not valid UTF-8 on line ${error.line} (byte ${hex(error.byte)}), although source ${name} is set to read it as UTF-8. Rather than produce garbled names, the read stops: ${fix}.`,
        error,
      );
    }
    const why = sniff.bom ? 'it starts with a UTF-8 byte-order mark' : sniff.ascii ? 'its beginning is plain ASCII' : 'its beginning is valid UTF-8';
    return this.error(
      `The CSV file ${path} was being read as UTF-8 because ${why}, but line ${error.line} has a byte (${hex(error.byte)}) that is not valid UTF-8. Rather than produce garbled names, the read stops: ${fix}. If the beginning has UTF-8 accents, the file mixes encodings and must be re-saved in one.`,
      error,
    );
  }

  /** The header is wrong (duplicate names, missing required columns). */
  header(message: string): SourceError {
    return this.error(`The CSV file ${this.config.path}: ${message}`);
  }

  /** The parser could not split the file into rows from `line` on. */
  structure(cause: unknown, line: number, columnName: string | undefined): SourceError {
    const { path } = this.config;
    const at = `The CSV file ${path} cannot be split into rows at line ${line}`;
    const column = columnName === undefined ? '' : ` (column "${columnName}")`;
    const code = cause instanceof CsvError ? cause.code : undefined;
    const quoting = 'Quote the whole value and double every quote inside it, e.g. "Ana ""Nina"" Souza".';
    switch (code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        return this.error(
          `${at}: a quoted field starts on that line and is never closed, so the file ends inside quotes. Usually a value has a stray double quote. ${quoting} Nothing is read from a file that cannot be split reliably.`,
          cause,
        );
      case 'CSV_MAX_RECORD_SIZE':
        return this.error(
          `${at}: the row starting there is longer than ${maxRecordChars.toLocaleString('en')} characters. Usually a quote is opened and never closed, so the rest of the file reads as one field. ${quoting}`,
          cause,
        );
      case 'INVALID_OPENING_QUOTE':
        return this.error(`${at}: a double quote appears inside a value that does not start with one${column}. ${quoting}`, cause);
      case 'CSV_INVALID_CLOSING_QUOTE':
        return this.error(`${at}: a quoted value${column} is followed by more characters before the next delimiter. ${quoting}`, cause);
      default:
        return this.error(`${at}: ${cause instanceof Error ? cause.message : String(cause)}.`, cause);
    }
  }

  /** The file has no header at all. */
  emptyFile(): SourceError {
    return this.error(`The CSV file ${this.config.path} is empty: it has no rows; ${emptyConsequence}. Check that the export ran and wrote the file completely.`);
  }

  /** The file may end inside a row: no line break after its last row (and that row short of fields, when `short`). */
  cutShort(line: number, short: boolean): SourceError {
    const what = short ? `its last row (line ${line}) has fewer fields than the header and no line break after it` : `no line break ends its last row (line ${line})`;
    const remedy = short ? 'Check that the export finished.' : 'Check that the export finished; if the file is complete and its writer never ends it with a line break, set requireFinalLineBreak: false on the source.';
    return this.error(
      `The CSV file ${this.config.path} may have been cut off while it was written or copied: ${what}; refusing to continue, since the people after a cut would look like leavers. ${remedy}`,
    );
  }

  /** A header but no row (or only rows that were left out). */
  noRows(headerLine: number, issues: { line?: number; message: string }[]): SourceError {
    const { path } = this.config;
    if (issues.length === 0) {
      return this.error(`The CSV file ${path} has a header (line ${headerLine}) but no rows; ${emptyConsequence}. Check that the export ran and wrote the file completely.`);
    }
    const first = issues[0];
    return this.error(
      `The CSV file ${path} has no usable rows: all ${issues.length} of them have problems (the first, line ${first?.line ?? '?'}: ${first?.message ?? ''}); ${emptyConsequence}.`,
    );
  }
}

/** Longest row the parser accepts, in characters: bounds memory when a quote is never closed. */
export const maxRecordChars = 1_000_000;

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}
