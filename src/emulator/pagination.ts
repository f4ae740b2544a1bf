/**
 * Deskbee's cursor pagination, Laravel style: `limit` (default 25, at most
 * 250), an opaque `cursor` (base64url JSON of the insertion sequence it points
 * at and a direction), and `links.next` / `links.prev` that hold only
 * `?cursor=…`, like the reference's sample. Ordering by insertion sequence keeps
 * paging stable while entities are created or removed in between pages.
 */
import type { FieldErrors } from '../errors.js';
import { problems } from './problems.js';
import { type SeqOrdered, seqOrderedArray } from './seq-list.js';

export const defaultLimit = 25;
export const maxLimit = 250;

/** Where a cursor points: after (`next`) or before (`prev`) the entity with sequence `seq`. */
export interface Cursor {
  seq: number;
  pointsToNextItems: boolean;
}

/** `limit` from the query string; a 422 with `errors.limit` when it is not 1..250. */
export function parseLimit(raw: string | null): number {
  if (raw === null || raw.trim() === '') return defaultLimit;
  const errors: FieldErrors = {};
  if (!/^\s*-?\d+\s*$/.test(raw)) errors.limit = ['The limit must be an integer.'];
  else {
    const n = Number(raw);
    if (n < 1) errors.limit = ['The limit must be at least 1.'];
    else if (n > maxLimit) errors.limit = [`The limit must not be greater than ${maxLimit}.`];
    else return n;
  }
  throw problems.validation(errors);
}

export function encodeCursor(cursor: Cursor): string {
  const json = JSON.stringify({ seq: cursor.seq, _pointsToNextItems: cursor.pointsToNextItems });
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** Decodes a cursor; a 400 `unexpected_value` when it is not one this emulator made. */
export function decodeCursor(raw: string | null): Cursor | undefined {
  if (raw === null || raw === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (parsed !== null && typeof parsed === 'object') {
      const { seq, _pointsToNextItems } = parsed as Record<string, unknown>;
      if (Number.isSafeInteger(seq) && typeof _pointsToNextItems === 'boolean') {
        return { seq: seq as number, pointsToNextItems: _pointsToNextItems };
      }
    }
  } catch {
    // fall through to the 400 below
  }
  throw problems.unexpectedValue('The cursor is invalid; use the links.next or links.prev of a previous page.');
}

export interface Page<T> {
  items: T[];
  next: Cursor | null;
  prev: Cursor | null;
}

/** One page of `items` (already filtered, in sequence order) from `cursor`. */
export function paginate<T extends { seq: number }>(items: T[], cursor: Cursor | undefined, limit: number): Page<T> {
  return pageOf(seqOrderedArray(items), cursor, limit);
}

/**
 * One page of the entities in `list` that `matches` (all when absent), from
 * `cursor`. Starts at the cursor's slot (binary search) and reads until the
 * page is full, then only as far as the nearest match on each side (is there
 * a next or a previous page?): without a filter, that is the page's own slots.
 */
export function pageOf<T extends { seq: number }>(
  list: SeqOrdered<T>,
  cursor: Cursor | undefined,
  limit: number,
  matches?: (item: T) => boolean,
): Page<T> {
  const hit = (i: number): T | undefined => {
    const item = list.at(i);
    return item !== undefined && (matches === undefined || matches(item)) ? item : undefined;
  };
  const anyFrom = (i: number, step: 1 | -1): boolean => {
    for (let j = i; j >= 0 && j < list.length; j += step) if (hit(j) !== undefined) return true;
    return false;
  };
  const items: T[] = [];
  if (!cursor || cursor.pointsToNextItems) {
    // Integer sequences: the first slot after `seq` is the first at least `seq + 1`.
    const start = cursor ? list.lowerBound(cursor.seq + 1) : 0;
    let i = start;
    for (; i < list.length && items.length < limit; i++) {
      const item = hit(i);
      if (item !== undefined) items.push(item);
    }
    const first = items[0];
    const last = items[items.length - 1];
    return {
      items,
      next: last && items.length === limit && anyFrom(i, 1) ? { seq: last.seq, pointsToNextItems: true } : null,
      prev: first && anyFrom(start - 1, -1) ? { seq: first.seq, pointsToNextItems: false } : null,
    };
  }
  const end = list.lowerBound(cursor.seq);
  let i = end - 1;
  for (; i >= 0 && items.length < limit; i--) {
    const item = hit(i);
    if (item !== undefined) items.push(item);
  }
  items.reverse();
  const first = items[0];
  const last = items[items.length - 1];
  return {
    items,
    next: last && anyFrom(end, 1) ? { seq: last.seq, pointsToNextItems: true } : null,
    prev: first && items.length === limit && anyFrom(i, -1) ? { seq: first.seq, pointsToNextItems: false } : null,
  };
}

/** The list envelope: `{data, links:{prev,next}, meta:{path, per_page}}`, per_page as a string. */
export function pageBody<T>(data: T[], page: Page<unknown>, pathUrl: string, limit: number) {
  const link = (c: Cursor | null) => (c ? `${pathUrl}?cursor=${encodeCursor(c)}` : null);
  return {
    data,
    links: { prev: link(page.prev), next: link(page.next) },
    meta: { path: pathUrl, per_page: String(limit) },
  };
}
