/**
 * The fingerprint of a read: sha256 over the sorted sha256 digests of its
 * entries, so the same directory content gives the same fingerprint
 * whatever order the server returned it in. An entry's digest covers the
 * UTF-8 bytes of its kind, NUL, its origin, then for each attribute in name
 * order NUL `=` name, and for each value NUL `s` and the text, or NUL `b`
 * and the bytes in base64.
 *
 * Those bytes are written into one buffer kept for the whole read, not
 * built as a string per entry (such strings were most of the garbage a read
 * made), and a text value whose received bytes are known is copied as those
 * bytes, which are its UTF-8 encoding, rather than encoded again.
 */
import * as nodeCrypto from 'node:crypto';
import type { AttributeValue, RawEntry } from '../source.js';

/**
 * The received bytes of the value arrays of one entry that were made
 * straight from one received attribute, each parallel to its array. Kept
 * and reused entry after entry (`clear`), so that it makes no garbage.
 */
export class ReceivedBytes {
  private readonly arrays: Array<readonly AttributeValue[] | undefined> = [];
  private readonly bytes: Array<readonly Buffer[] | undefined> = [];
  private count = 0;

  clear(): void {
    for (let index = 0; index < this.count; index += 1) {
      this.arrays[index] = undefined;
      this.bytes[index] = undefined;
    }
    this.count = 0;
  }

  /** `raw[i]` are the bytes `values[i]` was made from. */
  set(values: readonly AttributeValue[], raw: readonly Buffer[]): void {
    this.arrays[this.count] = values;
    this.bytes[this.count] = raw;
    this.count += 1;
  }

  /** `values` no longer match one set of bytes (pieces were joined into it). */
  forget(values: readonly AttributeValue[]): void {
    const index = this.indexOf(values);
    if (index >= 0) this.arrays[index] = undefined;
  }

  get(values: readonly AttributeValue[]): readonly Buffer[] | undefined {
    const index = this.indexOf(values);
    return index >= 0 ? this.bytes[index] : undefined;
  }

  private indexOf(values: readonly AttributeValue[]): number {
    for (let index = 0; index < this.count; index += 1) if (this.arrays[index] === values) return index;
    return -1;
  }
}

const nul = 0x00;
const textMark = 0x73; // `s`
const bytesMark = 0x62; // `b`

export class ReadFingerprint {
  private readonly digests: string[] = [];
  private scratch = Buffer.allocUnsafe(4096);
  private size = 0;
  // Entries of one read mostly share their attribute names, in the same order: sorted once per run of them.
  private lastNames: string[] = [];
  private sorted: string[] = [];
  /** NUL `=` name, in bytes, per sorted name. */
  private nameMarks: Buffer[] = [];

  /**
   * Adds one entry.
   * @param received the received bytes of its text values, where known.
   */
  add(entry: RawEntry, received?: ReceivedBytes): void {
    this.size = 0;
    this.writeText(entry.kind);
    this.writeByte(nul);
    this.writeText(entry.origin);
    const names = this.sortedNames(entry.attributes);
    for (let n = 0; n < names.length; n += 1) {
      this.writeBytes(this.nameMarks[n] as Buffer);
      const values = entry.attributes[names[n] as string] ?? [];
      const bytes = received?.get(values);
      const known = bytes !== undefined && bytes.length === values.length ? bytes : undefined;
      for (let index = 0; index < values.length; index += 1) {
        const value = values[index] as AttributeValue;
        this.writeByte(nul);
        if (typeof value === 'string') {
          this.writeByte(textMark);
          if (known !== undefined) this.writeBytes(known[index] as Buffer);
          else this.writeText(value);
        } else {
          this.writeByte(bytesMark);
          this.writeText(value.toString('base64'));
        }
      }
    }
    this.digests.push(sha256Hex(this.scratch.subarray(0, this.size)));
  }

  digest(): string {
    return sha256Hex(this.digests.sort().join('\n'));
  }

  private sortedNames(attributes: Record<string, AttributeValue[]>): string[] {
    if (this.sameNames(attributes)) return this.sorted;
    const names = Object.keys(attributes);
    this.lastNames = names;
    this.sorted = [...names].sort();
    this.nameMarks = this.sorted.map((name) => Buffer.from(`\0=${name}`, 'utf8'));
    return this.sorted;
  }

  /** Whether `attributes` has the last entry's names in the same order (compared without listing them). */
  private sameNames(attributes: Record<string, AttributeValue[]>): boolean {
    const last = this.lastNames;
    let index = 0;
    for (const name in attributes) {
      if (name !== last[index]) return false;
      index += 1;
    }
    return index === last.length;
  }

  private room(bytes: number): void {
    if (this.size + bytes <= this.scratch.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.size + bytes, this.scratch.length * 2));
    this.scratch.copy(larger, 0, 0, this.size);
    this.scratch = larger;
  }

  private writeByte(byte: number): void {
    this.room(1);
    this.scratch[this.size] = byte;
    this.size += 1;
  }

  private writeBytes(bytes: Buffer): void {
    this.room(bytes.length);
    this.scratch.set(bytes, this.size);
    this.size += bytes.length;
  }

  private writeText(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    this.room(text.length * 3);
    this.size += this.scratch.write(text, this.size, 'utf8');
  }
}


/** sha256 in hex: one call where Node has `crypto.hash` (20.12 on), a Hash object before. */
function sha256Hex(data: string | Buffer): string {
  // A namespace import: a named import of `hash` would fail to load on Node before 20.12.
  const oneShot = (nodeCrypto as Partial<typeof nodeCrypto>).hash;
  return typeof oneShot === 'function' ? oneShot('sha256', data, 'hex') : nodeCrypto.createHash('sha256').update(data).digest('hex');
}
