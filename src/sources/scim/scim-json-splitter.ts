/**
 * Splits a JSON document into its resources as the text streams in: the
 * elements of a top-level array, or of a ListResponse's `Resources`. Only
 * the resource being read and the document around the list (`schemas`,
 * `totalResults`, …) are held, so a file of any size reads in bounded
 * memory. Each resource's text is left to JSON.parse; the splitter checks
 * the structure between and around them.
 */
import { RecordProblem, type FileRecord } from './scim-records.js';

/** What a whole document turned out to be. */
export type JsonShape =
  | { shape: 'array'; count: number }
  | { shape: 'list'; count: number; document: Record<string, unknown> }
  | { shape: 'single'; document: Record<string, unknown> };

const enum Slot {
  /** Just after the list's `[`. */
  Start,
  /** Inside a resource. */
  Open,
  /** After a resource: `,` or `]` next. */
  After,
  /** After a `,`: a resource next. */
  Comma,
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export class JsonResourceSplitter {
  private line = 1;
  private readonly stack: number[] = [];
  private inString = false;
  private escaped = false;
  private top: 'array' | 'object' | undefined;
  private done = false;
  /** Stack depth at which the streamed list's resources sit (0: none streamed yet). */
  private listDepth = 0;
  private listKey = '';
  private slot = Slot.Start;
  private count = 0;
  /** The resource being read, in pieces, and where it started. */
  private record: string[] = [];
  private recordChars = 0;
  private recordLine = 0;
  private recordIsContainer = false;
  /** The document outside the streamed list, in pieces. */
  private outside: string[] = [];
  private outsideChars = 0;
  /** In the top-level object: a key is expected next; the key being read; the last key read. */
  private expectKey = false;
  private keyChars: string[] | undefined;
  private lastKey = '';

  constructor(private readonly maxRecordChars: number) {}

  /** Feeds the next piece of text; returns the resources it completed. */
  push(text: string): FileRecord[] {
    const out: FileRecord[] = [];
    let recordFrom = this.recordLine > 0 ? 0 : -1;
    let outsideFrom = this.copyingOutside() ? 0 : -1;
    let keyFrom = this.keyChars ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) this.line += 1;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) {
          this.inString = false;
          if (keyFrom >= 0 && this.keyChars) {
            this.keyChars.push(text.slice(keyFrom, i + 1));
            this.lastKey = safeParse(this.keyChars.join('')) ?? '';
            this.keyChars = undefined;
            keyFrom = -1;
          }
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (this.done) throw new RecordProblem('holds more text after the end of its JSON value; if it is NDJSON (one resource per line), set format: ndjson', this.line);
      if (this.top === undefined) {
        if (c === 0xfeff) continue;
        if (c !== 0x7b && c !== 0x5b) throw new RecordProblem(`does not start with [ or {, so it is not a JSON list or ListResponse`, this.line);
        this.top = c === 0x5b ? 'array' : 'object';
        if (this.top === 'array') this.listDepth = 1;
        else outsideFrom = i;
      }
      const atList = this.listDepth > 0 && this.stack.length === this.listDepth;
      // A resource that is not an object or a list ends at the `,` or `]` after it.
      if (atList && this.slot === Slot.Open && !this.recordIsContainer && (c === 0x2c || c === 0x5d)) {
        out.push(this.finishRecord(text, recordFrom, i));
        recordFrom = -1;
      }
      if (atList && c !== 0x2c && c !== 0x5d && this.slot !== Slot.Open) {
        if (this.slot === Slot.After) throw new RecordProblem(`lacks a comma between resource ${this.count - 1} and the next one`, this.line);
        this.slot = Slot.Open;
        this.recordLine = this.line;
        this.recordIsContainer = c === 0x7b || c === 0x5b;
        recordFrom = i;
      }
      if (c === 0x22) {
        this.inString = true;
        if (this.top === 'object' && this.stack.length === 1 && this.expectKey) {
          this.keyChars = [];
          keyFrom = i;
        }
      } else if (c === 0x7b || c === 0x5b) {
        this.stack.push(c);
        if (c === 0x7b && this.stack.length === 1) this.expectKey = true;
        if (c === 0x5b && this.top === 'object' && this.stack.length === 2 && this.listDepth === 0 && this.lastKey.toLowerCase() === 'resources' && !this.expectKey) {
          // The ListResponse's Resources: streamed, and written outside as [].
          this.listDepth = 2;
          this.listKey = this.lastKey;
          this.pushOutside(text, outsideFrom, i + 1);
          outsideFrom = -1;
        }
      } else if (c === 0x7d || c === 0x5d) {
        const open = this.stack.pop();
        if (open !== (c === 0x7d ? 0x7b : 0x5b)) {
          throw new RecordProblem(`has a ${String.fromCharCode(c)} that closes nothing open${open === undefined ? '' : ` (a ${String.fromCharCode(open)} is open)`}`, this.line);
        }
        if (this.listDepth > 0 && this.stack.length === this.listDepth - 1) {
          if (this.slot === Slot.Comma) throw new RecordProblem('has a comma before the ] that ends the list of resources', this.line);
          this.listDepth = -1;
          if (this.top === 'object') outsideFrom = i;
        } else if (this.listDepth > 0 && this.stack.length === this.listDepth && this.slot === Slot.Open && this.recordIsContainer) {
          out.push(this.finishRecord(text, recordFrom, i + 1));
          recordFrom = -1;
        }
        if (this.stack.length === 0) this.done = true;
      } else if (c === 0x2c) {
        if (atList) {
          if (this.slot !== Slot.After) throw new RecordProblem('has a comma where a resource should be', this.line);
          this.slot = Slot.Comma;
        } else if (this.top === 'object' && this.stack.length === 1) this.expectKey = true;
      } else if (c === 0x3a && this.top === 'object' && this.stack.length === 1) {
        this.expectKey = false;
      }
    }
    if (recordFrom >= 0) this.pushRecord(text.slice(recordFrom));
    if (outsideFrom >= 0) this.pushOutside(text, outsideFrom, text.length);
    if (keyFrom >= 0 && this.keyChars) this.keyChars.push(text.slice(keyFrom));
    return out;
  }

  /** Checks that the document is complete and says what it was. */
  end(): JsonShape & { line: number } {
    if (this.top === undefined) throw new RecordProblem('is empty: it holds no JSON at all', this.line);
    if (!this.done) {
      throw new RecordProblem(
        `ends inside ${this.stack.length} open bracket${this.stack.length === 1 ? '' : 's'}${this.inString ? ' and a text value' : ''}: the file was cut off (truncated) or is not valid JSON`,
        this.line,
      );
    }
    if (this.top === 'array') return { shape: 'array', count: this.count, line: this.line };
    const text = this.outside.join('');
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      const where = this.listDepth !== 0 ? ` outside its ${this.listKey} list` : '';
      throw new RecordProblem(`is not valid JSON${where}: ${(error as Error).message}`, this.line);
    }
    const object = document as Record<string, unknown>;
    if (this.listDepth !== 0) return { shape: 'list', count: this.count, document: object, line: this.line };
    return { shape: 'single', document: object, line: this.line };
  }

  private copyingOutside(): boolean {
    return this.top === 'object' && this.listDepth <= 0;
  }

  private pushOutside(text: string, from: number, to: number): void {
    if (from < 0 || to <= from) return;
    this.outside.push(text.slice(from, to));
    this.outsideChars += to - from;
    if (this.outsideChars > this.maxRecordChars) throw new RecordProblem(`holds more than ${this.maxRecordChars.toLocaleString('en')} characters outside a list of resources: not a SCIM export`, this.line);
  }

  private pushRecord(piece: string): void {
    this.record.push(piece);
    this.recordChars += piece.length;
    if (this.recordChars > this.maxRecordChars) {
      throw new RecordProblem(`has a resource (starting on line ${this.recordLine}) longer than ${this.maxRecordChars.toLocaleString('en')} characters: a bracket is probably never closed`, this.line);
    }
  }

  private finishRecord(text: string, from: number, to: number): FileRecord {
    if (from >= 0) this.pushRecord(text.slice(from, to));
    const pointer = this.top === 'array' ? `/${this.count}` : `/${this.listKey}/${this.count}`;
    const record: FileRecord = { text: this.record.join(''), line: this.recordLine, pointer };
    this.record = [];
    this.recordChars = 0;
    this.recordLine = 0;
    this.slot = Slot.After;
    this.count += 1;
    return record;
  }
}

function safeParse(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
