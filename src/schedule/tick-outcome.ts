/**
 * How one scheduled tick ended: a run happened (whatever its outcome), or
 * the tick was skipped because another process held the store.
 */
import type { RunSummary } from '../sync/run-summary.js';

export type TickOutcome =
  | {
      kind: 'ran';
      summary: RunSummary;
    }
  | {
      /** Another process held the store's write lock (or a PGlite store's folder): no run was started. */
      kind: 'skipped';
      /** When the tick gave up, ms since the epoch. */
      at: number;
      /** The store's own one-paragraph message: who holds it, where. */
      reason: string;
    };
