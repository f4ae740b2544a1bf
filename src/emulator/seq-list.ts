/**
 * Entities in insertion-sequence order, so that a list page starts at its
 * cursor by binary search and reads only what it shows, instead of copying
 * and scanning the whole table. A removal leaves a hole (positions stay
 * valid, removal stays cheap); holes are closed once they are half the slots.
 */

/** What paging needs: slots in ascending `seq` order, some of them holes. */
export interface SeqOrdered<T> {
  /** Slots, holes included. */
  readonly length: number;
  /** The entity in slot `i`; undefined for a hole or past the end. */
  at(i: number): T | undefined;
  /** The first slot whose sequence is at least `seq`; `length` when none is. */
  lowerBound(seq: number): number;
}

/** First index in `0..length` whose key is at least `seq`, keys ascending. */
function search(length: number, keyAt: (i: number) => number, seq: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyAt(mid) < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A view of an array already in ascending `seq` order, without holes. */
export function seqOrderedArray<T extends { seq: number }>(items: readonly T[]): SeqOrdered<T> {
  return {
    length: items.length,
    at: (i) => items[i],
    lowerBound: (seq) => search(items.length, (i) => (items[i] as T).seq, seq),
  };
}

// Compacting small lists is not worth it; past this many holes, compact at half.
const minHolesToCompact = 64;

export class SeqList<T extends { seq: number }> implements SeqOrdered<T> {
  private items: Array<T | undefined> = [];
  // Kept for holes too, so that binary search works across them.
  private seqs: number[] = [];
  private holes = 0;

  /** A list of `values`, in whatever order they come. */
  static of<T extends { seq: number }>(values: Iterable<T>): SeqList<T> {
    const list = new SeqList<T>();
    for (const value of values) list.add(value);
    return list;
  }

  get length(): number {
    return this.items.length;
  }

  at(i: number): T | undefined {
    return this.items[i];
  }

  lowerBound(seq: number): number {
    const seqs = this.seqs;
    return search(seqs.length, (i) => seqs[i] as number, seq);
  }

  /** Adds `item` at its sequence's place: an append when it is the newest, as it nearly always is. */
  add(item: T): void {
    const last = this.seqs[this.seqs.length - 1];
    if (last === undefined || last < item.seq) {
      this.items.push(item);
      this.seqs.push(item.seq);
      return;
    }
    const i = this.lowerBound(item.seq);
    if (this.seqs[i] === item.seq) {
      if (this.items[i] === undefined) this.holes--;
      this.items[i] = item;
      return;
    }
    this.items.splice(i, 0, item);
    this.seqs.splice(i, 0, item.seq);
  }

  remove(item: T): void {
    const i = this.lowerBound(item.seq);
    if (this.seqs[i] !== item.seq || this.items[i] === undefined) return;
    this.items[i] = undefined;
    this.holes++;
    if (this.holes >= minHolesToCompact && this.holes * 2 >= this.items.length) this.compact();
  }

  private compact(): void {
    const items: T[] = [];
    const seqs: number[] = [];
    for (const item of this.items) {
      if (item === undefined) continue;
      items.push(item);
      seqs.push(item.seq);
    }
    this.items = items;
    this.seqs = seqs;
    this.holes = 0;
  }
}
