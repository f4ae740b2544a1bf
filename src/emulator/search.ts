/**
 * The `search` query parameter: `key:value;key2:value2`, or with an operator,
 * `key:eq:value` / `key:like:value`. Without an operator, text keys (name)
 * match case-insensitively as "contains" and key-like keys (email, code,
 * enrollment) match exactly; `eq` asks for an exact match, `like` for
 * "contains". An unknown key is a 400 that names it.
 */
import type { CostCenterEntity, SquadEntity, TagEntity, UserEntity } from './records.js';
import { problems } from './problems.js';

export type SearchOperator = 'eq' | 'like' | undefined;

export interface SearchTerm {
  key: string;
  op: SearchOperator;
  value: string;
}

/** A predicate per search key. */
export type SearchKeys<T> = Record<string, (entity: T, term: SearchTerm) => boolean>;

const fold = (s: string) => s.toLowerCase();

/** Splits a `search` value into terms; an empty or absent value gives none. */
export function parseSearch(search: string | null): SearchTerm[] {
  if (!search) return [];
  const terms: SearchTerm[] = [];
  for (const part of search.split(';')) {
    if (part.trim() === '') continue;
    const colon = part.indexOf(':');
    if (colon <= 0) {
      throw problems.unexpectedValue(`The search filter "${part}" is not of the form key:value or key:operator:value.`);
    }
    const key = part.slice(0, colon).trim();
    let rest = part.slice(colon + 1);
    let op: SearchOperator;
    const opMatch = /^(eq|like):/i.exec(rest);
    if (opMatch?.[1]) {
      op = opMatch[1].toLowerCase() as SearchOperator;
      rest = rest.slice(opMatch[0].length);
    }
    terms.push({ key, op, value: rest.trim() });
  }
  return terms;
}

/** Keeps the entities matching every term. */
export function applySearch<T>(items: T[], terms: SearchTerm[], keys: SearchKeys<T>): T[] {
  const matches = searchPredicate(terms, keys);
  return matches === undefined ? items : items.filter(matches);
}

/** A test of every term at once; undefined when there are no terms. An unknown key is a 400 naming it. */
export function searchPredicate<T>(terms: SearchTerm[], keys: SearchKeys<T>): ((item: T) => boolean) | undefined {
  const predicates = terms.map((term) => {
    const predicate = keys[term.key];
    if (!predicate) {
      throw problems.unexpectedValue(
        `The search key "${term.key}" is not supported here; supported keys: ${Object.keys(keys).join(', ')}.`,
      );
    }
    return (item: T) => predicate(item, term);
  });
  return predicates.length === 0 ? undefined : (item: T) => predicates.every((p) => p(item));
}

/** The value of the term on `key` that asks for an exact match (no operator or `eq`), if any. */
export function exactTerm(terms: SearchTerm[], key: string): string | undefined {
  return terms.find((t) => t.key === key && t.op !== 'like')?.value;
}

/** Free text: contains by default and with `like`, exact with `eq`; case-insensitive. */
function text(actual: string | null, term: SearchTerm): boolean {
  if (actual === null) return false;
  return term.op === 'eq' ? fold(actual) === fold(term.value) : fold(actual).includes(fold(term.value));
}

/** Keys: exact by default and with `eq`, contains with `like`; case-insensitive. */
function exact(actual: string | null, term: SearchTerm): boolean {
  if (actual === null) return false;
  return term.op === 'like' ? fold(actual).includes(fold(term.value)) : fold(actual) === fold(term.value);
}

function booleanValue(term: SearchTerm): boolean {
  const v = fold(term.value);
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw problems.unexpectedValue(`The search filter ${term.key} takes true or false, not "${term.value}".`);
}

export const userSearchKeys: SearchKeys<UserEntity> = {
  email: (u, t) => exact(u.email, t),
  name: (u, t) => text(u.name, t),
  enrollment: (u, t) => exact(u.enrollment, t),
  squad_uuid: (u, t) => u.squad_uuids.has(t.value),
  is_squad: (u, t) => u.squad_uuids.size > 0 === booleanValue(t),
  profile: (u, t) => exact(u.profile, t),
};

export const squadSearchKeys: SearchKeys<SquadEntity> = {
  name: (s, t) => text(s.name, t),
};

export const costCenterSearchKeys: SearchKeys<CostCenterEntity> = {
  name: (c, t) => text(c.name, t),
  code: (c, t) => exact(c.code, t),
};

export const tagSearchKeys: SearchKeys<TagEntity> = {
  name: (g, t) => text(g.name, t),
};
