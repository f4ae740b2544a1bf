/**
 * The fingerprint of a read: sha256 over the sorted sha256 digests of its
 * entries, so the same directory content gives the same fingerprint
 * whatever order the server returned it in. An entry's digest covers its
 * kind, NUL, its origin, then for each attribute in name order NUL `=` name,
 * and for each value NUL `s` and the text, or NUL `b` and the bytes in
 * base64 (UTF-8).
 */
import * as nodeCrypto from 'node:crypto';
import type { AttributeValue, RawEntry } from '../source.js';

export class ReadFingerprint {
  private readonly digests: string[] = [];
  // Entries of one read mostly share their attribute names, in the same order: sorted once per run of them.
  private lastNames: string[] = [];
  private lastSorted: string[] = [];

  add(entry: RawEntry): void {
    let text = entry.kind + '\0' + entry.origin;
    const names = this.sortedNames(entry.attributes);
    for (let n = 0; n < names.length; n += 1) {
      const name = names[n] as string;
      text += '\0=' + name;
      const values = entry.attributes[name] ?? [];
      for (let index = 0; index < values.length; index += 1) {
        const value = values[index] as AttributeValue;
        text += typeof value === 'string' ? '\0s' + value : '\0b' + value.toString('base64');
      }
    }
    this.digests.push(sha256Hex(text));
  }

  digest(): string {
    return sha256Hex(this.digests.sort().join('\n'));
  }

  private sortedNames(attributes: Record<string, AttributeValue[]>): string[] {
    const names = Object.keys(attributes);
    if (sameList(names, this.lastNames)) return this.lastSorted;
    this.lastNames = names;
    this.lastSorted = [...names].sort();
    return this.lastSorted;
  }
}

function sameList(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}

/** sha256 of a string's UTF-8 bytes, in hex: one call where Node has `crypto.hash` (20.12 on), a Hash object before. */
function sha256Hex(text: string): string {
  // A namespace import: a named import of `hash` would fail to load on Node before 20.12.
  const oneShot = (nodeCrypto as Partial<typeof nodeCrypto>).hash;
  return typeof oneShot === 'function' ? oneShot('sha256', text, 'hex') : nodeCrypto.createHash('sha256').update(text).digest('hex');
}
