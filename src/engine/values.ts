/** Equality and normalization of user field values, shared by the planner and the applier. */
import type { UserField } from '../model/directory.js';

/** Deep equality for the plain values user fields hold (strings, booleans, null, string arrays, string maps). */
export function sameValue(field: UserField, a: unknown, b: unknown): boolean {
  if (field === 'email' && typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return canonical(a) === canonical(b);
}

/**
 * A stable JSON form: object keys sorted; a property whose value is
 * undefined is left out, as JSON.stringify leaves it out, so that a value
 * and its JSON round trip have the same form (a saved plan keeps its
 * fingerprint); undefined on its own is null.
 */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value ?? null));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item ?? null));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/** Sorted, without duplicates. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Case-insensitive key for squad and tag names. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}
