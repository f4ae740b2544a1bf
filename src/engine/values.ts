/** Equality and normalization of user field values, shared by the planner and the applier. */
import { canonical } from '../model/canonical-json.js';
import type { UserField } from '../model/directory.js';

export { canonical };

/** Deep equality for the plain values user fields hold (strings, booleans, null, string arrays, string maps). */
export function sameValue(field: UserField, a: unknown, b: unknown): boolean {
  if (field === 'email' && typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
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
