/**
 * deskbird users and groups as raw entries: every scalar field becomes an
 * attribute of the same name (nested objects as `office.name`), so fields
 * the Public API adds later can be mapped without a change here. And the
 * read's fingerprint, which does not depend on the order of the listing.
 */
import { createHash } from 'node:crypto';
import type { AttributeValue, RawEntry } from '../source.js';

/** Attribute names the source computes; a deskbird field never takes them. */
export const computedAttributes = { groups: 'deskbee:groups', groupIds: 'deskbee:groupIds' } as const;

const maxDepth = 3;

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * The object's fields as attributes: strings, numbers and booleans as one
 * value, arrays of them as several, objects flattened with dots; nulls,
 * empty arrays and arrays of objects left out, as are the fields in `skip`.
 */
export function flatten(object: Record<string, unknown>, skip: ReadonlySet<string> = new Set()): Record<string, AttributeValue[]> {
  const attributes: Record<string, AttributeValue[]> = {};
  const walk = (value: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [field, inner] of Object.entries(value)) {
      const name = `${prefix}${field}`;
      if (depth === 0 && skip.has(field)) continue;
      if (name.startsWith('deskbee:')) continue;
      const one = scalar(inner);
      if (one !== undefined) {
        attributes[name] = [one];
      } else if (Array.isArray(inner)) {
        const values: string[] = [];
        for (const item of inner) {
          const text = scalar(item);
          if (text !== undefined) values.push(text);
        }
        if (values.length > 0) attributes[name] = values;
      } else if (inner !== null && typeof inner === 'object' && depth < maxDepth) {
        walk(inner as Record<string, unknown>, `${name}.`, depth + 1);
      }
    }
  };
  walk(object, '', 0);
  return attributes;
}

/** A sha256 over every entry, independent of the order they were listed in. */
export class EntryFingerprint {
  private readonly digests: string[] = [];

  add(entry: RawEntry): void {
    const hash = createHash('sha256');
    hash.update(entry.kind);
    for (const name of Object.keys(entry.attributes).sort()) {
      hash.update(`\u0000${name}`);
      for (const value of entry.attributes[name] ?? []) hash.update(`\u0001${typeof value === 'string' ? value : value.toString('base64')}`);
    }
    this.digests.push(hash.digest('hex'));
  }

  digest(): string {
    const hash = createHash('sha256');
    for (const digest of this.digests.sort()) hash.update(digest);
    return hash.digest('hex');
  }
}
