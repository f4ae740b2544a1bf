/**
 * Records an apply's changes in batches: each change is recorded only
 * after Deskbee answered it (invariant 4), and the changes that finish
 * within a few milliseconds of each other share one store transaction. A
 * store then keeps up with any request rate the API allows: one transaction
 * per change was the apply's bottleneck on the embedded store.
 *
 * `record` resolves once the change's batch is committed, so that an
 * apply's changes still end only when they are in the store; a SIGKILL can
 * lose at most the batch being gathered, whose changes the next run finds
 * again in Deskbee (links by the mapping's match rules, creates by their
 * unique email).
 */
import type { Clock } from '../context/run-context.js';
import type { JournalWrite, SnapshotStore } from '../store/snapshot-store.js';

export interface JournalWriterOptions {
  /** Changes per transaction at most. Default 200. */
  maxBatch?: number;
  /** How long a change waits for others to join its batch, in ms. Default 20. */
  maxWaitMs?: number;
}

interface Pending {
  write: JournalWrite;
  settle: (error: Error | undefined) => void;
}

export class JournalWriter {
  #pending: Pending[] = [];
  #waiting = false;
  #chain: Promise<void> = Promise.resolve();
  readonly #maxBatch: number;
  readonly #maxWaitMs: number;

  constructor(
    private readonly store: Pick<SnapshotStore, 'recordMany'>,
    private readonly clock: Clock,
    options: JournalWriterOptions = {},
  ) {
    this.#maxBatch = options.maxBatch ?? 200;
    this.#maxWaitMs = options.maxWaitMs ?? 20;
  }

  /** Records `write` with the batch it joins; rejects when the store refused this change (a link conflict). */
  record(write: JournalWrite): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ write, settle: (error) => (error ? reject(error) : resolve()) });
      if (this.#pending.length >= this.#maxBatch) this.#flushNow();
      else if (!this.#waiting) {
        this.#waiting = true;
        void this.clock.sleep(this.#maxWaitMs).then(() => {
          this.#waiting = false;
          this.#flushNow();
        });
      }
    });
  }

  /** Commits whatever is gathered; resolves when every change recorded so far is in the store. */
  flush(): Promise<void> {
    this.#flushNow();
    return this.#chain;
  }

  #flushNow(): void {
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    // One batch at a time, in order: journal numbers follow the order changes finished.
    this.#chain = this.#chain.then(async () => {
      try {
        const results = await this.store.recordMany(batch.map((p) => p.write));
        batch.forEach((p, i) => p.settle(results[i]));
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const p of batch) p.settle(failure);
      }
    });
  }
}
