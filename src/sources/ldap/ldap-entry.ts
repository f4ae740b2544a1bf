/**
 * From entries as received to RawEntry attributes: values decoded as UTF-8
 * text unless the attribute is binary (or the bytes are not UTF-8), names
 * spelt as they were asked for, ranged pieces merged.
 */
import type { AttributeValue } from '../source.js';
import { guidToString } from './guid.js';
import type { ReceivedBytes } from './ldap-fingerprint.js';
import { parseRangedType } from './ldap-ranged.js';
import type { WireAttribute } from './ldap-wire.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** How one received attribute type is named and decoded. */
interface TypeRule {
  name: string;
  binary: boolean;
}

/** Distinct received types remembered per decoder; beyond this, types are worked out each time. */
const maxRememberedTypes = 1000;

/** How received attributes are named and decoded. */
export class AttributeDecoder {
  private readonly spelling = new Map<string, string>();
  private readonly binary: Set<string>;
  // Every entry of a read repeats the same few types: each is worked out once.
  private readonly rules = new Map<string, TypeRule>();

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
    return this.rule(type).name;
  }

  private rule(type: string): TypeRule {
    let rule = this.rules.get(type);
    if (rule === undefined) {
      const name = this.spell(type);
      rule = { name, binary: this.isBinary(name) };
      if (this.rules.size < maxRememberedTypes) this.rules.set(type, rule);
    }
    return rule;
  }

  private spell(type: string): string {
    const ranged = parseRangedType(type);
    const plain = ranged ? ranged.attribute : type;
    const [base = plain, ...options] = plain.split(';');
    const spelt = this.spelling.get(plain.toLowerCase());
    if (spelt !== undefined) return spelt;
    const baseSpelt = this.spelling.get(base.toLowerCase()) ?? base;
    return options.length > 0 ? `${baseSpelt};${options.join(';')}` : baseSpelt;
  }

  private isBinary(name: string): boolean {
    return this.binary.has((name.split(';')[0] ?? name).toLowerCase());
  }

  /**
   * Values of attribute `name`: text, or bytes for a binary attribute or
   * bytes that are not UTF-8. `decoded` (ldapts's decoding of the same
   * bytes) is reused when it is text, except for a value starting with a
   * byte-order mark, which ldapts's decoder drops.
   */
  values(name: string, raw: Buffer[], decoded?: ReadonlyArray<string | Buffer>): AttributeValue[] {
    const out: AttributeValue[] = [];
    pushValues(out, this.isBinary(name), raw, decoded);
    return out;
  }

  /**
   * All attributes of an entry; attributes without values are left out,
   * ranged pieces are joined.
   * @param received given, it is told the received bytes of each value
   * array made straight from one received attribute.
   */
  decode(attributes: WireAttribute[], received?: ReceivedBytes): Record<string, AttributeValue[]> {
    const out: Record<string, AttributeValue[]> = {};
    for (const attribute of attributes) {
      const raw = attribute.parsedBuffers;
      if (raw.length === 0) continue;
      const rule = this.rule(attribute.type);
      const decoded = attribute.values?.length === raw.length ? attribute.values : undefined;
      let list = out[rule.name];
      if (list === undefined) {
        // ldapts's own array of decoded values, when it already holds the text wanted, is taken over rather than copied.
        if (!rule.binary && decoded !== undefined && isPlainText(decoded, raw)) {
          list = decoded as AttributeValue[];
          out[rule.name] = list;
          received?.set(list, raw);
          continue;
        }
        list = [];
        out[rule.name] = list;
        received?.set(list, raw);
      } else {
        // Joined from several pieces: no longer the bytes of one.
        received?.forget(list);
      }
      pushValues(list, rule.binary, raw, decoded);
    }
    return out;
  }
}

/** Whether every value was decoded as text and none starts with a byte-order mark (which ldapts's decoder drops). */
function isPlainText(decoded: ReadonlyArray<string | Buffer>, raw: Buffer[]): boolean {
  for (let index = 0; index < raw.length; index += 1) {
    if (typeof decoded[index] !== 'string') return false;
    const bytes = raw[index] as Buffer;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return false;
  }
  return true;
}

function pushValues(out: AttributeValue[], binary: boolean, raw: Buffer[], decoded: ReadonlyArray<string | Buffer> | undefined): void {
  for (let index = 0; index < raw.length; index += 1) {
    const bytes = raw[index] as Buffer;
    // Copies: a received value is a slice of a whole page's buffer, which it would keep alive.
    if (binary) {
      out.push(Buffer.from(bytes));
      continue;
    }
    const text = decoded?.[index];
    if (typeof text === 'string' && !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
      out.push(text);
      continue;
    }
    try {
      out.push(utf8.decode(bytes));
    } catch {
      out.push(Buffer.from(bytes));
    }
  }
}

/** Whether `key` names `lowerName` (already lower case) but for case; the length test spares most lower-casing. */
function sameName(key: string, lowerName: string): boolean {
  return key.length === lowerName.length && (key === lowerName || key.toLowerCase() === lowerName);
}

/** The first value of `name` (case-insensitive) in decoded attributes. */
export function firstValue(attributes: Record<string, AttributeValue[]>, name: string): AttributeValue | undefined {
  const wanted = name.toLowerCase();
  for (const key in attributes) {
    const values = attributes[key] as AttributeValue[];
    if (values.length > 0 && sameName(key, wanted)) return values[0];
  }
  return undefined;
}

/** Every value of `name` (case-insensitive) in decoded attributes. */
export function allValues(attributes: Record<string, AttributeValue[]>, name: string): AttributeValue[] {
  const wanted = name.toLowerCase();
  const out: AttributeValue[] = [];
  for (const key of Object.keys(attributes)) {
    if (!sameName(key, wanted)) continue;
    for (const value of attributes[key] as AttributeValue[]) out.push(value);
  }
  return out;
}

/** An external id as text: a 16-byte value is a GUID (canonical form), other bytes hex, text as is. */
export function externalIdText(value: AttributeValue): string {
  if (typeof value === 'string') return value;
  return value.length === 16 ? guidToString(value) : value.toString('hex');
}
