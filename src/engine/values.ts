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
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return false;
  if (Array.isArray(a) && Array.isArray(b) && a.every((item, i) => item === b[i])) return true;
  return canonical(a) === canonical(b);
}

/** Sorted, without duplicates. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Case-insensitive key for squad and tag names. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}
