/**
 * Deskbee's cursor pagination, Laravel style: `limit` (default 25, at most
 * 250), an opaque `cursor` (base64url JSON of the insertion sequence it points
 * at and a direction), and `links.next` / `links.prev` that hold only
 * `?cursor=…`, like the reference's sample. Ordering by insertion sequence keeps
 * paging stable while entities are created or removed in between pages.
 */
import type { FieldErrors } from '../errors.js';
import { problems } from './problems.js';

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
  let start: number;
  let end: number;
  if (!cursor) {
    start = 0;
    end = Math.min(limit, items.length);
  } else if (cursor.pointsToNextItems) {
    start = items.findIndex((item) => item.seq > cursor.seq);
    if (start < 0) start = items.length;
    end = Math.min(start + limit, items.length);
  } else {
    end = items.findIndex((item) => item.seq >= cursor.seq);
    if (end < 0) end = items.length;
    start = Math.max(0, end - limit);
  }
  const page = items.slice(start, end);
  const first = page[0];
  const last = page[page.length - 1];
  return {
    items: page,
    next: last && end < items.length ? { seq: last.seq, pointsToNextItems: true } : null,
    prev: first && start > 0 ? { seq: first.seq, pointsToNextItems: false } : null,
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
