/**
 * Keys that must be unique across entries. When two or more entries share
 * one, none of them can be trusted to be "the" person: every entry involved
 * is left out and reported, each naming the others.
 */
import type { EntryIssue } from '../sources/source.js';

/** An entry as conflict detection sees it. */
export interface Keyed {
  origin: string;
  line?: number;
}

/** Where an entry is, for naming it in another entry's message. */
export function whereIs(entry: Keyed): string {
  if (entry.line === undefined || new RegExp(`\\b${entry.line}\\b`).test(entry.origin)) return entry.origin;
  return `${entry.origin} (line ${entry.line})`;
}

/**
 * Groups entries by `key` (undefined: no key, never conflicts) and returns an
 * issue for every entry whose key another entry shares.
 */
export function findConflicts<T extends Keyed>(
  entries: readonly T[],
  key: (entry: T) => string | undefined,
  field: string,
  label: string,
): Map<T, EntryIssue> {
  const byKey = new Map<string, T[]>();
  for (const entry of entries) {
    const k = key(entry);
    if (k === undefined) continue;
    const group = byKey.get(k);
    if (group) group.push(entry);
    else byKey.set(k, [entry]);
  }
  const issues = new Map<T, EntryIssue>();
  for (const [k, group] of byKey) {
    if (group.length < 2) continue;
    for (const entry of group) {
      const others = group.filter((o) => o !== entry).map(whereIs);
      issues.set(entry, {
        origin: entry.origin,
        line: entry.line,
        field,
        message: `${label} '${k}' is also used by ${others.join(', ')}; every entry sharing it is left out until the source is fixed`,
      });
    }
  }
  return issues;
}
