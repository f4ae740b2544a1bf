/**
 * Records an apply's changes in batches: each change is recorded only
 * after Deskbee answered it (invariant 4), and the changes that finish
 * while a batch is being committed (or within a few milliseconds of each
 * other) share the next store transaction. A store then keeps up with any
 * request rate the API allows: the busier it is, the larger its batches.
 *
 * `record` resolves once the change's batch is committed. An apply that
 * finishes changes faster than the store records them waits at `room()`,
 * so that the changes waiting for the store (each with Deskbee's answer)
 * stay few: memory does not grow with the size of the plan. A SIGKILL can
 * lose at most the changes not committed yet, which the next run finds
 * again in Deskbee (links by the mapping's match rules, creates by their
 * unique email).
 */
import type { Clock } from '../context/run-context.js';
import type { JournalWrite, SnapshotStore } from '../store/snapshot-store.js';

export interface JournalWriterOptions {
  /** Changes per transaction at most. Default 200. */
  maxBatch?: number;
  /** How long a change waits for others to join its batch when the store is idle, in ms. Default 20. */
  maxWaitMs?: number;
  /** Changes waiting for the store past which `room()` holds the apply back. Default four batches. */
  maxWaiting?: number;
}

interface Pending {
  write: JournalWrite;
  settle: (error: Error | undefined) => void;
}

export class JournalWriter {
  #pending: Pending[] = [];
  #timer = false;
  #committing: Promise<void> | undefined;
  #roomWaiters: (() => void)[] = [];
  readonly #maxBatch: number;
  readonly #maxWaitMs: number;
  readonly #maxWaiting: number;

  constructor(
    private readonly store: Pick<SnapshotStore, 'recordMany'>,
    private readonly clock: Clock,
    options: JournalWriterOptions = {},
  ) {
    this.#maxBatch = options.maxBatch ?? 200;
    this.#maxWaitMs = options.maxWaitMs ?? 20;
    this.#maxWaiting = options.maxWaiting ?? 4 * this.#maxBatch;
  }

  /** Records `write` with the batch it joins; rejects when the store refused this change (a link conflict). */
  record(write: JournalWrite): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ write, settle: (error) => (error ? reject(error) : resolve()) });
      if (this.#committing) return; // the commit under way takes it next
      if (this.#pending.length >= this.#maxBatch) this.#commit();
      else if (!this.#timer) {
        this.#timer = true;
        void this.clock.sleep(this.#maxWaitMs).then(() => {
          this.#timer = false;
          if (!this.#committing) this.#commit();
        });
      }
    });
  }

  /** Resolves when few enough changes wait for the store to take another (at once, mostly). */
  room(): Promise<void> {
    if (this.#pending.length < this.#maxWaiting) return Promise.resolve();
    return new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
  }

  /** Commits whatever is gathered; resolves when every change recorded so far is in the store. */
  async flush(): Promise<void> {
    while (this.#committing || this.#pending.length > 0) {
      if (!this.#committing) this.#commit();
      await this.#committing;
    }
  }

  /** Commits the oldest batch, then the next while any wait: one transaction at a time, in the order changes finished. */
  #commit(): void {
    const batch = this.#pending.splice(0, this.#maxBatch);
    if (batch.length === 0) return;
    this.#wakeRoomWaiters();
    this.#committing = (async () => {
      try {
        const results = await this.store.recordMany(batch.map((p) => p.write));
        batch.forEach((p, i) => p.settle(results[i]));
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const p of batch) p.settle(failure);
      }
    })();
    void this.#committing.then(() => {
      this.#committing = undefined;
      // What finished meanwhile has waited long enough: it goes at once.
      if (this.#pending.length > 0) this.#commit();
    });
  }

  #wakeRoomWaiters(): void {
    if (this.#pending.length >= this.#maxWaiting) return;
    const waiters = this.#roomWaiters;
    this.#roomWaiters = [];
    for (const wake of waiters) wake();
  }
}
