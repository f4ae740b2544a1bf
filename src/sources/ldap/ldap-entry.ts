/**
 * From entries as received to RawEntry attributes: values decoded as UTF-8
 * text unless the attribute is binary (or the bytes are not UTF-8), names
 * spelt as they were asked for, ranged pieces merged; and the read's
 * fingerprint.
 */
import { createHash } from 'node:crypto';
import type { AttributeValue, RawEntry } from '../source.js';
import { guidToString } from './guid.js';
import { parseRangedType } from './ldap-ranged.js';
import type { WireAttribute } from './ldap-wire.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** How received attributes are named and decoded. */
export class AttributeDecoder {
  private readonly spelling = new Map<string, string>();
  private readonly binary: Set<string>;

  /**
   * @param requested names as configured: a received name equal to one of
   * them but for case is spelt as configured.
   * @param binary attributes whose values stay bytes.
   */
  constructor(requested: string[], binary: string[]) {
    for (const name of requested) this.spelling.set(name.toLowerCase(), name);
    this.binary = new Set(binary.map((name) => name.toLowerCase()));
  }

  /** The name an attribute gets in the RawEntry: ranged options dropped, configured spelling kept. */
  name(type: string): string {
    const ranged = parseRangedType(type);
    const plain = ranged ? ranged.attribute : type;
    const [base = plain, ...options] = plain.split(';');
    const spelt = this.spelling.get(plain.toLowerCase());
    if (spelt !== undefined) return spelt;
    const baseSpelt = this.spelling.get(base.toLowerCase()) ?? base;
    return options.length > 0 ? `${baseSpelt};${options.join(';')}` : baseSpelt;
  }

  /**
   * Values of attribute `name`: text, or bytes for a binary attribute or
   * bytes that are not UTF-8. `decoded` (ldapts's decoding of the same
   * bytes) is reused when it is text, except for a value starting with a
   * byte-order mark, which ldapts's decoder drops.
   */
  values(name: string, raw: Buffer[], decoded?: Array<string | Buffer>): AttributeValue[] {
    const base = (name.split(';')[0] ?? name).toLowerCase();
    // Copies: a received value is a slice of a whole page's buffer, which it would keep alive.
    if (this.binary.has(base)) return raw.map((bytes) => Buffer.from(bytes));
    return raw.map((bytes, index) => {
      const text = decoded?.[index];
      if (typeof text === 'string' && !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return text;
      try {
        return utf8.decode(bytes);
      } catch {
        return Buffer.from(bytes);
      }
    });
  }

  /** All attributes of an entry; attributes without values are left out, ranged pieces are joined. */
  decode(attributes: WireAttribute[]): Record<string, AttributeValue[]> {
    const out: Record<string, AttributeValue[]> = {};
    for (const attribute of attributes) {
      if (attribute.values.length === 0) continue;
      const name = this.name(attribute.type);
      const decoded = attribute.decoded?.length === attribute.values.length ? attribute.decoded : undefined;
      (out[name] ??= []).push(...this.values(name, attribute.values, decoded));
    }
    return out;
  }
}

/** The first value of `name` (case-insensitive) in decoded attributes. */
export function firstValue(attributes: Record<string, AttributeValue[]>, name: string): AttributeValue | undefined {
  const wanted = name.toLowerCase();
  for (const [key, values] of Object.entries(attributes)) if (key.toLowerCase() === wanted && values.length > 0) return values[0];
  return undefined;
}

/** Every value of `name` (case-insensitive) in decoded attributes. */
export function allValues(attributes: Record<string, AttributeValue[]>, name: string): AttributeValue[] {
  const wanted = name.toLowerCase();
  return Object.entries(attributes).flatMap(([key, values]) => (key.toLowerCase() === wanted ? values : []));
}

/** An external id as text: a 16-byte value is a GUID (canonical form), other bytes hex, text as is. */
export function externalIdText(value: AttributeValue): string {
  if (typeof value === 'string') return value;
  return value.length === 16 ? guidToString(value) : value.toString('hex');
}

/**
 * The fingerprint of a read: sha256 over the sorted digests of its entries,
 * so the same directory content gives the same fingerprint whatever order
 * the server returned it in.
 */
export class ReadFingerprint {
  private readonly digests: string[] = [];

  add(entry: RawEntry): void {
    const parts = [entry.kind, entry.origin];
    for (const name of Object.keys(entry.attributes).sort()) {
      parts.push(`=${name}`);
      for (const value of entry.attributes[name] ?? []) parts.push(typeof value === 'string' ? `s${value}` : `b${value.toString('base64')}`);
    }
    this.digests.push(createHash('sha256').update(parts.join('\0')).digest('hex'));
  }

  digest(): string {
    return createHash('sha256').update(this.digests.sort().join('\n')).digest('hex');
  }
}
