/**
 * How a write that Deskbee answered with success ends: `applied` when every
 * written field is confirmed, `failed` when one is shown with another
 * value, `unconfirmed` when one cannot be seen at all. A user field the
 * write's answer does not show is read back once; a field that the read-back
 * does not show either is unverifiable on this account, and later writes of
 * it in the same apply are not read back again (they cannot be confirmed).
 */
import type { DeskbeeApi } from '../deskbee/deskbee-api.js';
import type { DeskbeeUser } from '../deskbee/schemas.js';
import { DeskbeeApiError } from '../errors.js';
import type { UserField } from '../model/directory.js';
import type { UnconfirmedWrite } from '../plan/apply-result.js';
import type { UserValues } from '../plan/plan-types.js';
import { checkAnswer, writtenFields, type AnswerNames, type FieldMismatch } from './user-answer-check.js';

/** How a settled write ended, and what of it may be recorded as applied. */
export interface Settlement {
  outcome: 'applied' | 'unconfirmed' | 'failed';
  /** The written fields Deskbee showed with the value written: only these become last applied. */
  confirmed: UserValues;
  mismatches: FieldMismatch[];
  unconfirmed: UnconfirmedWrite[];
}

/** What settling a user write needs. */
export interface SettleDeps {
  api: Pick<DeskbeeApi, 'users'>;
  names: AnswerNames;
  /** Fields no read-back showed earlier in this apply. Grows as settlements find more. */
  unverifiable: Set<UserField>;
  /** The body key each field was sent as, for messages (`cost_center_uuid`). */
  sentAs(field: UserField): string;
  /** The users path, for messages. Default `/users`. */
  usersPath: string;
}

/** Settles a user create or edit from its answer, reading the user back once where the answer is silent. */
export async function settleUserWrite(uuid: string, written: UserValues, answer: DeskbeeUser, route: string, deps: SettleDeps): Promise<Settlement> {
  const first = checkAnswer(written, writtenFields(written), answer, deps.names);
  const confirmed: UserValues = { ...first.confirmed };
  const mismatches = [...first.mismatches];
  const readBack = `GET ${deps.usersPath}/{uuid}?include=squads`;
  const unconfirmed: UnconfirmedWrite[] = [];
  const toRead = first.unseen.filter((field) => !deps.unverifiable.has(field));
  for (const field of first.unseen) if (deps.unverifiable.has(field)) unconfirmed.push({ field, sentAs: deps.sentAs(field), route, readBack: null });
  if (toRead.length > 0) {
    let again: DeskbeeUser | undefined;
    try {
      again = await deps.api.users.get(uuid);
    } catch (error) {
      if (!(error instanceof DeskbeeApiError)) throw error;
    }
    const second = again ? checkAnswer(written, toRead, again, deps.names) : { confirmed: {}, mismatches: [], unseen: toRead };
    Object.assign(confirmed, second.confirmed);
    for (const mismatch of second.mismatches) mismatches.push(mismatch);
    for (const field of second.unseen) {
      if (again) deps.unverifiable.add(field);
      unconfirmed.push({ field, sentAs: deps.sentAs(field), route, readBack: again ? readBack : `${readBack} (failed)` });
    }
  }
  const outcome = mismatches.length > 0 ? 'failed' : unconfirmed.length > 0 ? 'unconfirmed' : 'applied';
  return { outcome, confirmed, mismatches, unconfirmed };
}

/** 'Deskbee … stored name "Ana S." where "Ana Souza" was written', for every mismatch. */
export function mismatchSentence(mismatches: readonly FieldMismatch[]): string {
  const parts = mismatches.map((m) => `${m.field} ${shown(m.stored)} where ${shown(m.written)} was written`);
  return `Deskbee answered with success but stored ${parts.join('; ')}.`;
}

/** "costCenter (sent as cost_center_uuid) is not shown by Deskbee's answer nor by GET /users/{uuid}". */
export function unconfirmedSentence(writes: readonly UnconfirmedWrite[]): string {
  const parts = writes.map((w) => `${w.field} (sent as ${w.sentAs} on ${w.route})`);
  return `Deskbee answered with success, but neither its answer nor a read-back shows ${parts.join(', ')}: the write cannot be confirmed on this account.`;
}

/** A value in a message: JSON, so control characters come out escaped. */
function shown(value: unknown): string {
  return JSON.stringify(value) ?? 'nothing';
}
