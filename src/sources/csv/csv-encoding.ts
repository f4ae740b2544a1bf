/**
 * Byte-level handling of a CSV file: UTF-8 validation that works chunk by
 * chunk, the guess between UTF-8 and Windows-1252, physical line counting for
 * messages, and transcoding to the UTF-8 bytes the parser reads.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { CsvEncoding } from './csv-source-config.js';

/** What a scan of bytes as UTF-8 found. */
export interface Utf8Scan {
  /** Offset of the first byte that cannot be UTF-8, or -1 when there is none. */
  invalidAt: number;
  /**
   * Bytes before this offset are whole characters. Equal to the length unless
   * the bytes end inside a character that the next chunk may complete (only
   * when `atEnd` was false); equal to `invalidAt` when that is set.
   */
  completeEnd: number;
  /** Offset of the first multi-byte character, or -1 when the bytes are ASCII up to `completeEnd`. */
  firstMultibyteAt: number;
}

const isContinuation = (byte: number | undefined): boolean => byte !== undefined && (byte & 0xc0) === 0x80;

/**
 * Length of the UTF-8 sequence starting at `i`: the number of bytes when it
 * is valid, 0 when it is invalid, -1 when `bytes` ends before it is complete
 * and what is there is a valid beginning. Follows the Unicode definition
 * (no overlong forms, no surrogates, nothing above U+10FFFF).
 */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  let need: number;
  let secondMin = 0x80;
  let secondMax = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) need = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    need = 3;
    if (lead === 0xe0) secondMin = 0xa0;
    if (lead === 0xed) secondMax = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    need = 4;
    if (lead === 0xf0) secondMin = 0x90;
    if (lead === 0xf4) secondMax = 0x8f;
  } else return 0;
  for (let k = 1; k < need; k++) {
    const byte = bytes[i + k];
    if (byte === undefined) return -1;
    if (k === 1 ? byte < secondMin || byte > secondMax : !isContinuation(byte)) return 0;
  }
  return need;
}

/**
 * Scans `bytes` as UTF-8. With `atEnd` false, a character cut off by the end
 * of `bytes` is not an error: `completeEnd` stops before it.
 */
export function scanUtf8(bytes: Uint8Array, atEnd: boolean): Utf8Scan {
  let firstMultibyteAt = -1;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0 || (length === -1 && atEnd)) return { invalidAt: i, completeEnd: i, firstMultibyteAt };
    if (length === -1) return { invalidAt: -1, completeEnd: i, firstMultibyteAt };
    if (length > 1 && firstMultibyteAt < 0) firstMultibyteAt = i;
    i += length;
  }
  return { invalidAt: -1, completeEnd: i, firstMultibyteAt };
}

/** What the first bytes of a file look like. */
export interface EncodingSniff {
  /**
   * `utf-8`: a UTF-8 byte-order mark, or valid UTF-8 (plain ASCII included).
   * `windows-1252`: not valid UTF-8 and no UTF-8 character either.
   * `mixed`: valid UTF-8 characters and bytes that are not UTF-8 side by side.
   * `utf-16le` / `utf-16be`: a UTF-16 byte-order mark.
   */
  guess: 'utf-8' | 'windows-1252' | 'mixed' | 'utf-16le' | 'utf-16be';
  /** The bytes start with the UTF-8 byte-order mark. */
  bom: boolean;
  /** The sniffed bytes are all ASCII (nothing tells UTF-8 from Windows-1252 yet). */
  ascii: boolean;
  /** Offset of the first byte that is not UTF-8, or -1. */
  invalidAt: number;
  /** Offset of the first multi-byte UTF-8 character, or -1. */
  firstMultibyteAt: number;
}

/**
 * Guesses the encoding of a file from its first bytes.
 * @param atEnd `head` is the whole file (a character cut off at its end is then invalid).
 */
export function sniffEncoding(head: Uint8Array, atEnd: boolean): EncodingSniff {
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const base = { bom, ascii: false, invalidAt: -1, firstMultibyteAt: -1 };
  if (head[0] === 0xff && head[1] === 0xfe) return { ...base, guess: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { ...base, guess: 'utf-16be' };
  const scan = scanUtf8(head, atEnd);
  const found = { ...base, invalidAt: scan.invalidAt, firstMultibyteAt: scan.firstMultibyteAt };
  if (scan.invalidAt < 0) return { ...found, guess: 'utf-8', ascii: scan.firstMultibyteAt < 0 };
  // A UTF-8 character before the bad byte, or one after it, means two encodings are mixed:
  // decoding the whole as Windows-1252 would turn the UTF-8 characters into mojibake.
  let firstMultibyteAt = scan.firstMultibyteAt;
  if (firstMultibyteAt < 0) firstMultibyteAt = findUtf8Multibyte(head, scan.invalidAt + 1);
  return { ...found, firstMultibyteAt, guess: firstMultibyteAt >= 0 ? 'mixed' : 'windows-1252' };
}

/** Offset of the first valid multi-byte UTF-8 character at or after `from`, or -1. */
function findUtf8Multibyte(bytes: Uint8Array, from: number): number {
  for (let i = from; i < bytes.length; i++) {
    if ((bytes[i] ?? 0) >= 0xc2 && sequenceLength(bytes, i) > 1) return i;
  }
  return -1;
}

/**
 * Counts physical lines in bytes fed chunk by chunk: a line ends at LF, CRLF
 * or a lone CR, which is what editors and the parser count. Both UTF-8 and
 * the single-byte encodings keep these bytes as they are.
 */
export class LineCounter {
  private breaks = 0;
  /** The last byte fed was a CR, and whether an LF follows is not known yet. */
  private pendingCR = false;

  /** Counts the line breaks in `bytes` before `end` (default: all of them). */
  feed(bytes: Uint8Array, end = bytes.length): void {
    for (let i = 0; i < end; i++) {
      const byte = bytes[i];
      if (byte === 0x0a) {
        this.breaks++;
        this.pendingCR = false;
      } else {
        if (this.pendingCR) this.breaks++;
        this.pendingCR = byte === 0x0d;
      }
    }
  }

  /** The 1-based line the next byte fed would be on. */
  get line(): number {
    return this.breaks + (this.pendingCR ? 1 : 0) + 1;
  }
}

/** The 1-based physical line of byte `offset` of `bytes`. */
export function lineAt(bytes: Uint8Array, offset: number): number {
  const counter = new LineCounter();
  counter.feed(bytes, offset);
  return counter.line;
}

/** Thrown by a UTF-8 transcoder on a byte that is not UTF-8; the source turns it into a SourceError. */
export class InvalidUtf8Error extends Error {
  constructor(
    /** 1-based physical line of the byte. */
    readonly line: number,
    /** The offending byte. */
    readonly byte: number,
  ) {
    super(`byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} on line ${line} is not valid UTF-8`);
  }
}

/** Turns a file's bytes, chunk by chunk, into UTF-8 bytes for the parser. */
export interface Transcoder {
  /** UTF-8 bytes for `chunk` (a character cut off at its end is held back for the next one). */
  push(chunk: Buffer): Buffer;
  /** The bytes held back, once the file has ended. */
  end(): Buffer;
}

/** A transcoder from `encoding` to UTF-8. UTF-8 input passes through after validation. */
export function createTranscoder(encoding: CsvEncoding): Transcoder {
  return encoding === 'utf-8' ? new Utf8Validator() : new SingleByteTranscoder(encoding);
}

/** Validates UTF-8 chunk by chunk, so that invalid bytes fail the read instead of becoming U+FFFD. */
class Utf8Validator implements Transcoder {
  private carry: Buffer = Buffer.alloc(0);
  private readonly lines = new LineCounter();

  push(chunk: Buffer): Buffer {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const completeEnd = lastCompleteEnd(bytes);
    const complete = bytes.subarray(0, completeEnd);
    if (!isUtf8(complete)) this.fail(bytes, false);
    this.lines.feed(complete);
    // Copy the tail: `bytes` may be a pooled buffer that is reused.
    this.carry = Buffer.from(bytes.subarray(completeEnd));
    if (this.carry.length > 0 && scanUtf8(this.carry, false).invalidAt >= 0) this.fail(this.carry, false);
    return complete;
  }

  end(): Buffer {
    if (this.carry.length > 0) this.fail(this.carry, true);
    return Buffer.alloc(0);
  }

  private fail(bytes: Buffer, atEnd: boolean): never {
    const { invalidAt } = scanUtf8(bytes, atEnd);
    const at = invalidAt < 0 ? 0 : invalidAt;
    this.lines.feed(bytes, at);
    throw new InvalidUtf8Error(this.lines.line, bytes[at] ?? 0);
  }
}

/**
 * Where the whole characters of `bytes` end: before a trailing lead byte whose
 * continuation bytes have not all arrived. Invalid bytes are left to `isUtf8`.
 */
function lastCompleteEnd(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if (byte < 0x80) return bytes.length;
    if (byte >= 0xc0) {
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return need > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

/** iconv-lite's names: `latin1` is strict ISO-8859-1, `windows1252` has `€` and curly quotes at 0x80–0x9F. */
const iconvNames = { latin1: 'latin1', 'windows-1252': 'windows1252' } as const;

class SingleByteTranscoder implements Transcoder {
  private readonly decoder: iconv.DecoderStream;
  constructor(encoding: 'latin1' | 'windows-1252') {
    this.decoder = iconv.getDecoder(iconvNames[encoding]);
  }
  push(chunk: Buffer): Buffer {
    return Buffer.from(this.decoder.write(chunk), 'utf8');
  }
  end(): Buffer {
    return Buffer.from(this.decoder.end() ?? '', 'utf8');
  }
}

/** Decodes a whole (small) buffer, e.g. the sniffed head, for looking at its first line. */
export function decodeHead(head: Buffer, encoding: CsvEncoding): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(head);
  return iconv.decode(head, iconvNames[encoding]);
}
