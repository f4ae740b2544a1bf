/**
 * One change, sent and settled: how it ended (the outcome the apply
 * reports) and what the journal records of it (with the links and
 * last-applied states its confirmation carries). Never throws for the
 * change's own failure.
 */
import { DeskbeeApiError } from '../errors.js';
import type { ChangeOutcome } from '../plan/apply-result.js';
import type { Change } from '../plan/plan-types.js';
import type { JournalWrite, RunId } from '../store/snapshot-store.js';
import { handlerOf, SkipChange, type ExecutorDeps } from './change-kinds/index.js';
import { mismatchSentence, unconfirmedSentence } from './write-settlement.js';
import type { RunContext } from '../context/run-context.js';

/** What one change came to. */
export interface Settled {
  outcome: ChangeOutcome;
  write: JournalWrite;
}

/** A change not sent, and why. */
export function skipped(change: Change, runId: RunId, reason: string): Settled {
  return {
    outcome: { changeId: change.id, kind: change.kind, description: change.description, outcome: 'skipped', reason },
    write: { ...journalBase(change, runId), outcome: 'skipped', reason },
  };
}

export async function applyOne(change: Change, executor: ExecutorDeps, runId: RunId, ctx: RunContext): Promise<Settled> {
  const base = journalBase(change, runId);
  const summary = { changeId: change.id, kind: change.kind, description: change.description };
  let executed;
  try {
    executed = await handlerOf(change).execute(change, executor);
  } catch (error) {
    if (error instanceof SkipChange) return skipped(change, runId, error.message);
    if (error instanceof DeskbeeApiError && error.id === 'not_sent') return skipped(change, runId, 'the run was interrupted before it was sent');
    if (!(error instanceof DeskbeeApiError)) {
      if (!ctx.signal.aborted) throw error;
      // Cut off by the run's interruption: whether Deskbee did it is unknown, and the next run settles it.
      const reason = 'interrupted while it was being sent; whether Deskbee carried it out is unknown, and the next plan settles it';
      return { outcome: { ...summary, outcome: 'failed', error: { status: 0, id: 'interrupted', message: reason, errors: {} } }, write: { ...base, outcome: 'failed', reason } };
    }
    ctx.logger.warn(`failed: ${change.description}`, { status: error.status, id: error.id });
    return {
      outcome: { ...summary, outcome: 'failed', error: { status: error.status, id: error.id, message: error.apiMessage, errors: error.errors } },
      write: {
        ...base,
        outcome: 'failed',
        response: { status: error.status, error: { id: error.id, message: error.apiMessage, fieldErrors: error.errors } },
        reason: error.message,
      },
    };
  }
  const { settlement, ...effects } = executed;
  if (settlement.outcome === 'applied') {
    ctx.logger.debug(`applied: ${change.description}`);
    return { outcome: { ...summary, outcome: 'applied' }, write: { ...base, ...effects } };
  }
  if (settlement.outcome === 'unconfirmed') {
    const reason = unconfirmedSentence(settlement.unconfirmed);
    ctx.logger.warn(`unconfirmed: ${change.description}`, { fields: settlement.unconfirmed.map((u) => u.field) });
    return { outcome: { ...summary, outcome: 'unconfirmed', unconfirmed: settlement.unconfirmed }, write: { ...base, ...effects, outcome: 'unconfirmed', reason } };
  }
  // Answered with success but stored otherwise: what it made (a link) and what it confirmed are kept; the change failed.
  const reason = mismatchSentence(settlement.mismatches);
  ctx.logger.warn(`failed: ${change.description}`, { reason });
  const status = 'status' in effects.response ? effects.response.status : 200;
  return {
    outcome: { ...summary, outcome: 'failed', error: { status, id: 'not_stored_as_written', message: reason, errors: {} } },
    write: { ...base, ...effects, outcome: 'failed', reason },
  };
}

/** What the journal records of any change: its run, id, kind and whom it is about. */
function journalBase(change: Change, runId: RunId) {
  const handler = handlerOf(change);
  return { runId, changeId: change.id, changeKind: change.kind, entityKey: handler.entityKey(change), subject: handler.subject(change) };
}
