/**
 * The effects a confirmed change has on the store, inside its journal
 * entry's transaction: links and last-applied states.
 */
import type { Transaction } from 'kysely';
import type { StoreDatabase } from './database-schema.js';
import { StoreConflictError } from './store-errors.js';
import type { JournalEntry, LastAppliedEffect, LinkEffect, RunId } from './store-records.js';

/** Creates, moves or removes a link; refuses a uuid that stands for another external id of the same source and kind. */
export async function applyLink(trx: Transaction<StoreDatabase>, effect: LinkEffect, entry: JournalEntry, now: Date): Promise<void> {
  const key = { source: effect.source, kind: effect.kind, externalId: effect.externalId };
  if (effect.op === 'remove') {
    await trx
      .deleteFrom('links')
      .where('source', '=', key.source)
      .where('kind', '=', key.kind)
      .where('external_id', '=', key.externalId)
      .execute();
    return;
  }
  const holder = await trx
    .selectFrom('links')
    .select('external_id')
    .where('source', '=', key.source)
    .where('kind', '=', key.kind)
    .where('uuid', '=', effect.uuid)
    .where('external_id', '<>', key.externalId)
    .executeTakeFirst();
  if (holder) {
    throw new StoreConflictError(
      `Cannot link ${key.kind} "${key.externalId}" of source "${key.source}" to Deskbee uuid ${effect.uuid} ` +
        `(change ${entry.changeId}, ${entry.entityKey}): that uuid is already linked to "${holder.external_id}" ` +
        'of the same source. One Deskbee entity can stand for only one source entry; this usually means the ' +
        'mapping matched two entries to the same Deskbee user. Nothing of this change was recorded.',
    );
  }
  try {
    await trx
      .insertInto('links')
      .values({ source: key.source, kind: key.kind, external_id: key.externalId, uuid: effect.uuid, created_at: now, updated_at: now })
      .onConflict((oc) =>
        oc
          .columns(['source', 'kind', 'external_id'])
          .doUpdateSet({ uuid: effect.uuid, updated_at: now })
          // Keep updated_at when the link already says the same.
          .where('links.uuid', '<>', effect.uuid),
      )
      .execute();
  } catch (error) {
    // Another writer linked the uuid between the check above and this insert.
    if (isUniqueViolation(error)) {
      throw new StoreConflictError(
        `Cannot link ${key.kind} "${key.externalId}" of source "${key.source}" to Deskbee uuid ${effect.uuid} ` +
          `(change ${entry.changeId}, ${entry.entityKey}): another run linked that uuid at the same time. ` +
          'Nothing of this change was recorded.',
      );
    }
    throw error;
  }
}

/** Sets or forgets what this tool last wrote to one entity. */
export async function applyLastApplied(trx: Transaction<StoreDatabase>, effect: LastAppliedEffect, runId: RunId, now: Date): Promise<void> {
  if (effect.op === 'remove') {
    await trx.deleteFrom('last_applied').where('kind', '=', effect.kind).where('uuid', '=', effect.uuid).execute();
    return;
  }
  const state = JSON.stringify(effect.state);
  await trx
    .insertInto('last_applied')
    .values({ kind: effect.kind, uuid: effect.uuid, state, run_id: runId, updated_at: now })
    .onConflict((oc) => oc.columns(['kind', 'uuid']).doUpdateSet({ state, run_id: runId, updated_at: now }))
    .execute();
}

/** PostgreSQL's unique_violation, as both pg and PGlite report it. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}
