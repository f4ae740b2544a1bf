/**
 * The seeded randomness behind sample HR data: every choice goes through one
 * of these, so the same seed always gives the same people and changes.
 */
import { createRandom } from '../emulator/prng.js';

/** Seeded choices. */
export interface SampleRandom {
  /** An integer in [0, n). */
  int(n: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

/**
 * Seeded choices for one purpose. `purpose` is mixed into the seed so that
 * two helpers given the same seed (say, changeEmails and dropPeople with
 * seed 7) do not walk through the people in the same order.
 */
export function sampleRandom(seed: number, purpose: string): SampleRandom {
  const random = createRandom(`${purpose}:${Math.trunc(seed) >>> 0}`);
  const int = (n: number): number => Math.floor(random.next() * n);
  return {
    int,
    chance: (p) => random.next() < p,
    pick<T>(items: readonly T[]): T {
      return at(items, int(items.length));
    },
    shuffle<T>(items: readonly T[]): T[] {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(i + 1);
        const a = at(copy, i);
        copy[i] = at(copy, j);
        copy[j] = a;
      }
      return copy;
    },
  };
}

/** `items[index]`, which the caller knows to exist. */
export function at<T>(items: readonly T[], index: number): T {
  if (index < 0 || index >= items.length) throw new RangeError(`index ${index} is outside a list of ${items.length}`);
  return items[index] as T;
}
