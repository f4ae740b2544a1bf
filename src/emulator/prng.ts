/**
 * A small seedable pseudo-random generator, so that faults and generated
 * uuids repeat exactly from one test run to the next when a seed is given.
 * Not for secrets: signing keys and generated client secrets use node:crypto.
 */
import { randomInt } from 'node:crypto';

/** A source of numbers in [0, 1). */
export interface Random {
  next(): number;
}

/** Turns a number or a string into a 32-bit seed (FNV-1a for strings). */
export function seedToInt(seed: number | string): number {
  if (typeof seed === 'number') return Math.trunc(seed) >>> 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: tiny, fast, and good enough for fault injection. */
export function createRandom(seed: number | string): Random {
  let state = seedToInt(seed);
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** A seed for when the caller gave none. */
export function freshSeed(): number {
  return randomInt(0, 2 ** 32 - 1);
}

/** A version-4 UUID whose bits come from `random` (reproducible under a seed). */
export function randomUuid(random: Random): string {
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = Math.floor(random.next() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
