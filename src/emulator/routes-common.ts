/**
 * What the resource routes share: list answers (search, then a cursor page)
 * and the `include` parameter.
 */
import { decodeCursor, pageBody, paginate, parseLimit } from './pagination.js';
import { problems } from './problems.js';
import type { JsonAnswer, RequestInfo } from './router.js';
import { applySearch, parseSearch, type SearchKeys } from './search.js';

/** A list endpoint's answer: `search` applied, then one page from `cursor`. */
export function listAnswer<T extends { seq: number }>(
  req: RequestInfo,
  path: string,
  items: T[],
  keys: SearchKeys<T>,
  render: (item: T) => unknown,
): JsonAnswer {
  const limit = parseLimit(req.query.get('limit'));
  const cursor = decodeCursor(req.query.get('cursor'));
  const matching = applySearch(items, parseSearch(req.query.get('search')), keys);
  const page = paginate(matching, cursor, limit);
  return { status: 200, body: pageBody(page.items.map(render), page, `${req.linkBase}${path}`, limit) };
}

/** The `include` values asked for (comma-separated); an unsupported one is a 400 naming it. */
export function parseInclude(req: RequestInfo, allowed: readonly string[]): Set<string> {
  const asked = (req.query.get('include') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const name of asked) {
    if (!allowed.includes(name)) {
      throw problems.unexpectedValue(
        `The include "${name}" is not supported here${allowed.length ? `; supported: ${allowed.join(', ')}` : ''}.`,
      );
    }
  }
  return new Set(asked);
}
