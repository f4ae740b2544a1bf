import { describe, expect, it } from 'vitest';
import { canonical, sameValue } from '../../src/engine/values.js';

/** A small deterministic generator of the values user fields hold, and some they never should. */
function generator(seed: number): () => unknown {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T;
  const value = (depth: number): unknown => {
    const kind = pick(depth > 1 ? ['string', 'boolean', 'null', 'undefined'] : ['string', 'boolean', 'null', 'undefined', 'array', 'object', 'object']);
    if (kind === 'string') return pick(['', 'a', 'b', 'A', 'badge']);
    if (kind === 'boolean') return pick([true, false]);
    if (kind === 'null') return null;
    if (kind === 'undefined') return undefined;
    if (kind === 'array') return Array.from({ length: Math.floor(next() * 3) }, () => value(depth + 1));
    const object: Record<string, unknown> = {};
    for (const key of ['badge', 'pin', 'card'].filter(() => next() < 0.6)) object[key] = value(depth + 1);
    return object;
  };
  return () => value(0);
}

describe('sameValue', () => {
  it('says what comparing canonical JSON says, on 20,000 pairs of values', () => {
    const draw = generator(7);
    let equal = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const a = draw();
      // Half the pairs are a value and a key-reordered copy of it, so that equal pairs are common.
      const b = i % 2 === 0 ? draw() : reordered(a);
      const expected = canonical(a ?? null) === canonical(b ?? null);
      if (expected) equal += 1;
      expect(sameValue('documents', a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(expected);
    }
    // Both answers are common, so neither could pass by always giving one.
    expect(equal).toBeGreaterThan(5_000);
    expect(equal).toBeLessThan(19_000);
  });

  it('compares emails in any case, and treats an absent value as null', () => {
    expect(sameValue('email', 'Ana@Corp.example', 'ana@corp.example')).toBe(true);
    expect(sameValue('name', 'Ana', 'ana')).toBe(false);
    expect(sameValue('identifier', undefined, null)).toBe(true);
    expect(sameValue('documents', { badge: '1', pin: undefined }, { badge: '1' })).toBe(true);
    expect(sameValue('documents', { badge: '1' }, { badge: '1', pin: '2' })).toBe(false);
    expect(sameValue('tags', ['a', 'b'], ['b', 'a'])).toBe(false);
  });
});

function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reordered(item)]));
}
