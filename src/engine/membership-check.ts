/**
 * Membership calls answer `{"data": ""}`: they show nothing. A membership
 * change is confirmed by listing the squad's users afterwards
 * (`GET /users?search=squad_uuid:…&include=squads`) and looking for each
 * user in it, with the squad among their squads. If Deskbee ignores the
 * search, the listing holds everyone; each user's own `squads` still says
 * whether they are in. If the listing shows no squads at all, membership
 * cannot be seen on this account: the change is unconfirmed.
 */
import type { DeskbeeApi } from '../deskbee/deskbee-api.js';
import { DeskbeeApiError } from '../errors.js';
import type { UnconfirmedWrite } from '../plan/apply-result.js';
import type { Settlement } from './write-settlement.js';

/** Settles adding (`add`) or removing users from one squad by listing its members. */
export async function settleMembership(
  api: Pick<DeskbeeApi, 'users'>,
  squadUuid: string,
  users: readonly string[],
  add: boolean,
  route: string,
  usersPath: string,
): Promise<Settlement> {
  const wanted = new Set(users);
  const seen = new Map<string, boolean | undefined>();
  const readBack = `GET ${usersPath}?search=squad_uuid:{uuid}&include=squads`;
  try {
    for await (const user of api.users.list({ search: `squad_uuid:${squadUuid}` })) {
      if (!wanted.has(user.uuid)) continue;
      seen.set(user.uuid, user.squads === undefined ? undefined : user.squads.some((squad) => squad.uuid === squadUuid));
    }
  } catch (error) {
    if (!(error instanceof DeskbeeApiError)) throw error;
    return unconfirmed(route, `${readBack} (failed)`);
  }
  const wrong: string[] = [];
  let unseen = false;
  for (const uuid of users) {
    const member = seen.get(uuid);
    if (seen.has(uuid) && member === undefined) unseen = true;
    else if ((member ?? false) !== add) wrong.push(uuid);
  }
  if (wrong.length > 0) {
    const where = add ? 'is not in the squad' : 'is still in the squad';
    return {
      outcome: 'failed',
      confirmed: {},
      mismatches: wrong.map((uuid) => ({ field: 'squads', written: add ? `member of ${squadUuid}` : `not a member of ${squadUuid}`, stored: `user ${uuid} ${where}` })),
      unconfirmed: [],
    };
  }
  return unseen ? unconfirmed(route, readBack) : { outcome: 'applied', confirmed: {}, mismatches: [], unconfirmed: [] };
}

function unconfirmed(route: string, readBack: string): Settlement {
  const write: UnconfirmedWrite = { field: 'squads', sentAs: route, route, readBack };
  return { outcome: 'unconfirmed', confirmed: {}, mismatches: [], unconfirmed: [write] };
}
