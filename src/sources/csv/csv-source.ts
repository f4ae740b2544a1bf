/**
 * The CSV source: streams an HR export row by row into raw person entries,
 * in bounded memory, all or nothing (DESIGN.md invariant 2).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type Parser } from 'csv-parse';
import type { RunContext } from '../../context/run-context.js';
import { SourceError } from '../../errors.js';
import type { RawEntry, ReadSummary, Source } from '../source.js';
import { detectDelimiter } from './csv-delimiter.js';
import { createTranscoder, decodeHead, InvalidUtf8Error, lineAt, sniffEncoding, type EncodingSniff } from './csv-encoding.js';
import { HeaderProblem } from './csv-header.js';
import { CsvReadErrors, maxRecordChars } from './csv-read-errors.js';
import { CsvRowReader, isBlank, recordSpan } from './csv-rows.js';
import { parseCsvSourceConfig, type CsvEncoding, type CsvSourceConfig, type CsvSourceConfigInput } from './csv-source-config.js';

/** Sizes that trade memory for fewer reads; the defaults suit every file. Tests shrink them to cross chunk borders. */
export interface CsvSourceTuning {
  /** Bytes read from the file at a time. Default 64 KiB. */
  chunkBytes?: number;
  /** Bytes looked at, before parsing starts, to guess the encoding and the delimiter. Default 1 MiB. */
  sniffBytes?: number;
}

/** Where the parser is, kept in step by the parser's own `on_record` so that a parse error can name its line. */
interface ParseProgress {
  /** Physical line on which the record being parsed starts. */
  nextLine: number;
  /** The header's fields, once parsed. */
  header?: string[];
}

export class CsvSource implements Source {
  readonly kind = 'csv';
  readonly name: string;
  /** The validated configuration, defaults applied. */
  readonly config: CsvSourceConfig;
  private readonly chunkBytes: number;
  private readonly sniffBytes: number;

  /** @throws ConfigError when `config` is not a valid CSV source configuration. */
  constructor(config: CsvSourceConfigInput, tuning: CsvSourceTuning = {}) {
    this.config = parseCsvSourceConfig(config);
    this.name = this.config.name;
    this.chunkBytes = Math.max(1, Math.floor(tuning.chunkBytes ?? 64 * 1024));
    this.sniffBytes = Math.max(1, Math.floor(tuning.sniffBytes ?? 1024 * 1024));
  }

  async *read(ctx: RunContext): AsyncGenerator<RawEntry, ReadSummary, undefined> {
    const { config } = this;
    const errors = new CsvReadErrors(config);
    const log = ctx.logger.child({ source: this.name, path: config.path });
    const hash = createHash('sha256');
    const ending = { lastByte: -1 };
    const file = fileChunks(config.path, this.chunkBytes, ctx.signal, hash, ending);
    const progress: ParseProgress = { nextLine: 1 };
    let sniff: EncodingSniff | undefined;
    try {
      const head = await readHead(file, this.sniffBytes);
      sniff = sniffEncoding(head.bytes, head.atEnd);
      const encoding = this.chooseEncoding(sniff, head.bytes, errors);
      const delimiter = config.delimiter === 'auto' ? detectDelimiter(decodeHead(head.bytes, encoding), config.quote) : config.delimiter;
      log.debug('reading CSV', { encoding, delimiter, encodingSetting: config.encoding, delimiterSetting: config.delimiter });

      const parser = createParser(delimiter, config.quote, progress);
      const feeding = pipeline(Readable.from(utf8Chunks(head.bytes, file, encoding)), parser).then(
        () => undefined,
        (error: unknown) => error,
      );
      const rows = new CsvRowReader({
        fileName: basename(config.path),
        delimiter,
        requiredColumns: config.requiredColumns,
        skipEmptyLines: config.skipEmptyLines,
      });
      try {
        for await (const record of parser as AsyncIterable<string[]>) {
          ctx.signal.throwIfAborted();
          const entry = rows.accept(record);
          if (entry !== undefined) yield entry;
        }
      } finally {
        // Reached also on an error or when the consumer stops early: stop reading the file.
        parser.destroy();
      }
      const failure = await feeding;
      if (failure !== undefined) throw failure;

      if (rows.headerLine === undefined) throw errors.emptyFile();
      if (rows.entries === 0) throw errors.noRows(rows.headerLine, rows.issues);
      // A file cut off while written or copied ends inside a row: no line break after its last row.
      const lineBreakAtEnd = ending.lastByte === 0x0a || ending.lastByte === 0x0d;
      if (!lineBreakAtEnd && (config.requireFinalLineBreak || rows.lastRowShortAt !== undefined)) throw errors.cutShort(rows.lastLine, rows.lastRowShortAt !== undefined);
      if (rows.namelessValues > 0) {
        log.warn('some rows have values in columns whose header is blank; those values are not read', { rows: rows.namelessValues });
      }
      if (rows.issues.length > 0) log.warn('rows left out', { count: rows.issues.length, first: rows.issues[0] });
      log.info('read CSV', { entries: rows.entries, issues: rows.issues.length });
      return { entries: rows.entries, issues: rows.issues, fingerprint: hash.digest('hex') };
    } catch (error) {
      throw this.toSourceError(error, ctx, errors, sniff, progress);
    } finally {
      // Closes the file when the read stopped before the parser took it over
      // (an encoding refused after sniffing); a no-op once it has been read to the end.
      file.return(undefined).catch(() => undefined);
    }
  }

  /** The encoding to read in, from the setting and the sniffed head. */
  private chooseEncoding(sniff: EncodingSniff, head: Buffer, errors: CsvReadErrors): CsvEncoding {
    if (sniff.guess === 'utf-16le' || sniff.guess === 'utf-16be') throw errors.utf16(sniff.guess);
    if (this.config.encoding !== 'auto') {
      if (sniff.bom && this.config.encoding !== 'utf-8') throw errors.bomContradicts(this.config.encoding);
      return this.config.encoding;
    }
    if (sniff.guess === 'mixed') {
      throw errors.mixedEncodings(sniff, lineAt(head, sniff.firstMultibyteAt), lineAt(head, sniff.invalidAt), head[sniff.invalidAt] ?? 0);
    }
    return sniff.guess;
  }

  private toSourceError(
    error: unknown,
    ctx: RunContext,
    errors: CsvReadErrors,
    sniff: EncodingSniff | undefined,
    progress: ParseProgress,
  ): SourceError {
    if (error instanceof SourceError) return error;
    if (ctx.signal.aborted) return errors.aborted(ctx.signal.reason);
    if (error instanceof InvalidUtf8Error && sniff !== undefined) return errors.invalidUtf8(error, this.config.encoding, sniff);
    if (error instanceof HeaderProblem) return errors.header(error.message);
    if (isCsvParseError(error)) {
      const column = typeof error.column === 'number' ? progress.header?.[error.column]?.replace(/^\uFEFF/, '').trim() || undefined : undefined;
      return errors.structure(error, progress.nextLine, column);
    }
    return errors.unexpected(error);
  }
}

/** A csv-parse stream that keeps `progress` in step as it parses. */
function createParser(delimiter: string, quote: string, progress: ParseProgress): Parser {
  return parse({
    delimiter,
    quote,
    bom: true,
    relax_column_count: true,
    // Empty lines come through as one-field records so that line numbers stay
    // exact; skipEmptyLines is applied by the row reader, to blank rows of any width.
    skip_empty_lines: false,
    max_record_size: maxRecordChars,
    // The parser hands records out ahead of the consumer, so a parse error is
    // placed by this count, kept as each record is parsed.
    on_record: (record) => {
      progress.nextLine += recordSpan(record);
      if (progress.header === undefined && !isBlank(record)) progress.header = record;
      return record;
    },
  });
}

function isCsvParseError(error: unknown): error is Error & { code: string; column?: unknown } {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && /^(CSV_|INVALID_)/.test(error.code);
}

/** The file's bytes, chunk by chunk, each also fed to the fingerprint. */
async function* fileChunks(path: string, chunkBytes: number, signal: AbortSignal, hash: Hash, ending: { lastByte: number }): AsyncGenerator<Buffer, void, undefined> {
  const stream = createReadStream(path, { highWaterMark: chunkBytes, signal });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (chunk.length > 0) ending.lastByte = chunk[chunk.length - 1]!;
    yield chunk;
  }
}

/** The first `sniffBytes` (or more, up to a chunk's end) of the file; `atEnd` when that is the whole file. */
async function readHead(file: AsyncGenerator<Buffer, void, undefined>, sniffBytes: number): Promise<{ bytes: Buffer; atEnd: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  while (size < sniffBytes) {
    const next = await file.next();
    if (next.done) return { bytes: Buffer.concat(chunks), atEnd: true };
    chunks.push(next.value);
    size += next.value.length;
  }
  return { bytes: Buffer.concat(chunks), atEnd: false };
}

/** The head, then the rest of the file, as UTF-8 bytes. */
async function* utf8Chunks(head: Buffer, rest: AsyncIterable<Buffer>, encoding: CsvEncoding): AsyncGenerator<Buffer, void, undefined> {
  const transcoder = createTranscoder(encoding);
  yield transcoder.push(head);
  for await (const chunk of rest) yield transcoder.push(chunk);
  yield transcoder.end();
}
