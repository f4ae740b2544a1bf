/**
 * What an apply returns: every change of the plan ends applied, failed (with
 * Deskbee's error) or skipped (with why). The applier does not throw mid-plan.
 */
import type { RequestStats } from '../deskbee/request-stats.js';
import type { FieldErrors } from '../errors.js';
import type { ChangeKind } from './plan-types.js';

export interface ChangeOutcome {
  changeId: string;
  kind: ChangeKind;
  description: string;
  outcome: 'applied' | 'failed' | 'skipped';
  /** Deskbee's error for a failed change. */
  error?: { status: number; id: string; message: string; errors: FieldErrors };
  /** Why a change was skipped: a change it depends on failed, or the error budget ran out. */
  reason?: string;
}

export interface ApplyResult {
  planFingerprint: string;
  /** ISO 8601. */
  startedAt: string;
  finishedAt: string;
  outcomes: ChangeOutcome[];
  counts: { applied: number; failed: number; skipped: number };
  /** True when failures reached the error budget and the rest was skipped. */
  stoppedByErrorBudget: boolean;
  /** Writes sent to Deskbee, retries and 429s during the apply. */
  requests: RequestStats;
}
