/**
 * What an apply returns: every change of the plan ends applied, unconfirmed,
 * failed (with Deskbee's error) or skipped (with why). The applier does not
 * throw mid-plan.
 */
import type { RequestStats } from '../deskbee/request-stats.js';
import type { FieldErrors } from '../errors.js';
import type { ChangeKind } from './plan-types.js';

/** A written field Deskbee answered for but did not show, and how it was sent. */
export interface UnconfirmedWrite {
  /** The field: `costCenter`, `tags`, `squads` (membership), … */
  field: string;
  /** The body key (or call) it was sent as: `cost_center_uuid`. */
  sentAs: string;
  /** `PUT /users/{uuid}`. */
  route: string;
  /** The read-back that did not show it either; null when the field was already known not to show. */
  readBack: string | null;
}

export interface ChangeOutcome {
  changeId: string;
  kind: ChangeKind;
  description: string;
  /**
   * `applied`: every written field confirmed; `unconfirmed`: Deskbee answered
   * 2xx but a written field shows neither in its answer nor in a read-back;
   * `failed`: Deskbee refused it, or stored another value than the one
   * written; `skipped`: not sent.
   */
  outcome: 'applied' | 'unconfirmed' | 'failed' | 'skipped';
  /** Deskbee's error for a failed change (a stored value that differs: status 2xx, id `not_stored_as_written`). */
  error?: { status: number; id: string; message: string; errors: FieldErrors };
  /** For `unconfirmed`: the fields that could not be seen. */
  unconfirmed?: UnconfirmedWrite[];
  /** Why a change was skipped: a change it depends on failed, or the error budget ran out. */
  reason?: string;
}

export interface ApplyResult {
  planFingerprint: string;
  /** ISO 8601. */
  startedAt: string;
  finishedAt: string;
  outcomes: ChangeOutcome[];
  counts: { applied: number; unconfirmed: number; failed: number; skipped: number };
  /** True when failures reached the error budget and the rest was skipped. */
  stoppedByErrorBudget: boolean;
  /** Writes sent to Deskbee, retries and 429s during the apply. */
  requests: RequestStats;
}
