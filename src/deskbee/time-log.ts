/**
 * Timestamps of recent events (requests sent, requests accepted), kept for
 * a bounded span so that the rate limiter can count how many fell in a
 * window. Old entries are dropped as new ones arrive.
 */
export class TimeLog {
  #times: number[] = [];
  #head = 0;

  constructor(
    /** How long an entry is kept after the newest one, in ms. */
    private readonly keepMs: number,
  ) {}

  /** Records an event at `at` (entries may arrive slightly out of order). */
  add(at: number): void {
    this.#times.push(at);
    const oldest = at - this.keepMs;
    while (this.#head < this.#times.length && (this.#times[this.#head] ?? 0) < oldest) this.#head += 1;
    // Compact once the dropped prefix is the larger part, so the array stays bounded.
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Removes one entry at `at` (the newest such), if kept. */
  remove(at: number): void {
    for (let i = this.#times.length - 1; i >= this.#head; i -= 1) {
      if (this.#times[i] === at) {
        this.#times.splice(i, 1);
        return;
      }
    }
  }

  /** The `k`-th newest entry kept (1: the newest), or undefined when fewer are kept. */
  newest(k: number): number | undefined {
    const index = this.#times.length - k;
    return index >= this.#head && k >= 1 ? this.#times[index] : undefined;
  }

  /** Entries with `from < time <= to`. */
  countIn(from: number, to: number): number {
    let count = 0;
    for (let i = this.#head; i < this.#times.length; i += 1) {
      const time = this.#times[i] ?? 0;
      if (time > from && time <= to) count += 1;
    }
    return count;
  }
}
