/** Equality and normalization of user field values, shared by the planner and the applier. */
import { canonical } from '../model/canonical-json.js';
import type { UserField } from '../model/directory.js';

export { canonical };

/** Deep equality for the plain values user fields hold (strings, booleans, null, string arrays, string maps). */
export function sameValue(field: UserField, a: unknown, b: unknown): boolean {
  if (field === 'email' && typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  // Most values are plain: compare them without building their JSON (a plan compares millions).
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return (a ?? null) === (b ?? null);
  return sameJson(a, b);
}

/**
 * Equality of two JSON-like values as their canonical JSON would say, without
 * building it: arrays item by item, objects key by key in any order, a key
 * whose value is undefined counting as absent.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!sameJson(a[i] ?? null, b[i] ?? null)) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let keys = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key) || left[key] === undefined) continue;
    keys += 1;
    if (!Object.hasOwn(right, key) || !sameJson(left[key], right[key])) return false;
  }
  for (const key in right) if (Object.hasOwn(right, key) && right[key] !== undefined) keys -= 1;
  return keys === 0;
}

/** Sorted, without duplicates. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Case-insensitive key for squad and tag names. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}
