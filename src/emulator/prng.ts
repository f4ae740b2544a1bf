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

const hexByte: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** A version-4 UUID whose bits come from `random` (reproducible under a seed). */
export function randomUuid(random: Random): string {
  // Joined, not appended with +=: appending leaves a tree of string pieces behind each uuid kept.
  const parts: string[] = [];
  for (let i = 0; i < 16; i++) {
    let byte = Math.floor(random.next() * 256);
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    else if (i === 8) byte = (byte & 0x3f) | 0x80;
    if (i === 4 || i === 6 || i === 8 || i === 10) parts.push('-');
    parts.push(hexByte[byte] as string);
  }
  return parts.join('');
}
