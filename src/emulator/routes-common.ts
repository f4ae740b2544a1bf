/**
 * What the resource routes share: list answers (search, then a cursor page)
 * and the `include` parameter.
 */
import { decodeCursor, pageBody, pageOf, parseLimit } from './pagination.js';
import { problems } from './problems.js';
import type { JsonAnswer, RequestInfo } from './router.js';
import { parseSearch, type SearchKeys, type SearchTerm, searchPredicate } from './search.js';
import { type SeqOrdered, seqOrderedArray } from './seq-list.js';

/**
 * Entities that an index finds for some of the search terms, in sequence
 * order (every match is among them); undefined when no index applies and the
 * whole table is read.
 */
export type IndexedCandidates<T> = (terms: SearchTerm[]) => T[] | undefined;

/** A list endpoint's answer: one page, from `cursor`, of the entities matching `search`. */
export function listAnswer<T extends { seq: number }>(
  req: RequestInfo,
  path: string,
  table: SeqOrdered<T>,
  keys: SearchKeys<T>,
  render: (item: T) => unknown,
  candidates?: IndexedCandidates<T>,
): JsonAnswer {
  const limit = parseLimit(req.query.get('limit'));
  const cursor = decodeCursor(req.query.get('cursor'));
  const terms = parseSearch(req.query.get('search'));
  const matches = searchPredicate(terms, keys);
  const found = matches === undefined ? undefined : candidates?.(terms);
  const page = pageOf(found === undefined ? table : seqOrderedArray(found), cursor, limit, matches);
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
