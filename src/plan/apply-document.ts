/**
 * What `apply --format json` (and `import --format json`) prints: one JSON
 * document holding the plan and its outcome, whatever happened. Its JSON
 * Schema is published as schemas/apply-result.schema.json.
 */
import type { ApplyResult } from './apply-result.js';
import type { Plan } from './plan-types.js';

export const applyDocumentVersion = 1;

export interface ApplyDocument {
  version: typeof applyDocumentVersion;
  command: 'apply' | 'import';
  /**
   * `no-changes`: nothing to do; `declined`: not confirmed; `applied`: every
   * change applied; `partial`: some failed, were skipped or are unconfirmed;
   * `refused`: stopped for safety before any write; `interrupted`; `failed`:
   * an error (see `error`).
   */
  outcome: 'no-changes' | 'declined' | 'applied' | 'partial' | 'refused' | 'interrupted' | 'failed';
  /** The process's exit code (src/exit-codes.ts). */
  exitCode: number;
  /** The run in the store, when one was recorded. */
  runId: number | null;
  plan: Plan | null;
  result: ApplyResult | null;
  /** The one-paragraph message of a refused, interrupted or failed run. */
  error: string | null;
}
