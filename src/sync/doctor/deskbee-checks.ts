/**
 * The Deskbee part of `doctor`: the token and its scopes, each list call a
 * sync makes (two of them on guessed paths), and which user fields this
 * account's answers show. Read calls only.
 */
import type { DeskbeeClient } from '../../deskbee/deskbee-client.js';
import type { DeskbeeUser } from '../../deskbee/schemas.js';
import { DeskbeeApiError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { UserField } from '../../model/directory.js';
import type { Checklist } from './doctor-types.js';

/** The user fields whose presence in answers a sync relies on, and how each shows on the wire. */
const shownFields: { field: UserField; key: keyof DeskbeeUser; label: string }[] = [
  { field: 'enrollment', key: 'enrollment', label: 'enrollment' },
  { field: 'identifier', key: 'identifier', label: 'identifier' },
  { field: 'tags', key: 'tags', label: 'tags' },
  { field: 'costCenter', key: 'cost_center', label: 'cost center' },
  { field: 'squads', key: 'squads', label: 'squads (with include=squads)' },
];

/** Reads the first page of each listing; the users page is returned for the field check. */
export async function checkDeskbee(list: Checklist, client: DeskbeeClient, managed: readonly UserField[]): Promise<void> {
  const origin = client.baseUrl.toString();
  const users = await checkList(list, client, `GET ${client.paths.users}?include=squads`, () => first(client.users.pages({ include: 'squads' })), true);
  if (users === 'credentials') return;
  const scope = client.grantedScope;
  if (scope === undefined) list.ok('deskbee', 'scopes', `the token answer does not list scopes; the calls below show what this client may do at ${origin}`);
  else {
    const missing = ['organization.show', 'organization.upsert'].filter((s) => !scope.split(/\s+/).includes(s));
    if (missing.length === 0) list.ok('deskbee', 'scopes', `granted: ${scope}`);
    else list.warn('deskbee', 'scopes', `granted: ${scope}; a sync reads and writes with ${missing.join(' and ')}`, "Grant the client the organization scopes in Deskbee's panel (Integrations > ClientApi), or ask for them in DESKBEE_SCOPE.");
  }
  await checkList(list, client, `GET ${client.paths.squads}`, () => first(client.squads.pages()), false);
  await checkList(list, client, `GET ${client.paths.costCenters}`, () => first(client.costCenters.pages()), false, 'costCenters');
  await checkList(list, client, `GET ${client.paths.userTags}`, () => first(client.userTags.pages()), false, 'userTags');
  if (Array.isArray(users)) await checkUserFields(list, client, users, managed);
}

async function first<T>(pages: AsyncGenerator<T[]>): Promise<T[]> {
  try {
    const page = await pages.next();
    return page.done ? [] : page.value;
  } finally {
    await pages.return(undefined);
  }
}

async function checkList<T>(
  list: Checklist,
  client: DeskbeeClient,
  call: string,
  read: () => Promise<T[]>,
  firstCall: boolean,
  guessedPath?: 'costCenters' | 'userTags',
): Promise<T[] | 'failed' | 'credentials'> {
  try {
    const items = await read();
    if (firstCall) list.ok('deskbee', 'token', `Deskbee at ${client.baseUrl} accepted the client credentials`);
    list.ok('deskbee', call, `answered, ${items.length} item(s) on the first page`);
    return items;
  } catch (error) {
    if (!(error instanceof DeskbeeApiError)) throw error;
    if (error.exitCode === ExitCode.config) {
      list.fail('deskbee', 'token', error.message, 'Check DESKBEE_CLIENT_ID and DESKBEE_CLIENT_SECRET (or their _FILE variants) against the ClientApi in Deskbee\'s panel.', ExitCode.config);
      return 'credentials';
    }
    if (firstCall && error.status === 0) {
      list.fail('deskbee', 'reachable', error.message, 'Check DESKBEE_BASE_URL, DNS, and any proxy or firewall between here and Deskbee.', ExitCode.deskbee);
      return 'credentials';
    }
    if (firstCall) list.ok('deskbee', 'token', `Deskbee at ${client.baseUrl} accepted the client credentials`);
    list.fail('deskbee', call, error.message, listAdvice(error, guessedPath), ExitCode.deskbee);
    return 'failed';
  }
}

function listAdvice(error: DeskbeeApiError, guessedPath?: string): string {
  if (error.status === 404 && guessedPath) {
    return `This path is not in Deskbee's public reference (a guess). Find the right one with Deskbee's support and set deskbee.paths.${guessedPath} in the configuration.`;
  }
  if (error.status === 403) return "The client is not allowed this call: grant it the organization scopes in Deskbee's panel (Integrations > ClientApi).";
  if (error.status === 401) return 'The token was refused: check that the client is still active in Deskbee.';
  return 'Try again later; if it persists, the message above names the cause.';
}

/** Which user fields the list shows, and the single-user read-back where the list does not. */
async function checkUserFields(list: Checklist, client: DeskbeeClient, users: DeskbeeUser[], managed: readonly UserField[]): Promise<void> {
  const sample = users[0];
  if (!sample) {
    list.warn('deskbee', 'user fields shown', 'Deskbee holds no user yet, so which fields its answers show cannot be checked', 'Run doctor again after the first apply; every write is checked against the answers anyway.');
    return;
  }
  let single: DeskbeeUser | undefined;
  try {
    single = await client.users.get(sample.uuid);
  } catch (error) {
    if (!(error instanceof DeskbeeApiError)) throw error;
    list.fail('deskbee', `GET ${client.paths.users}/{uuid}`, error.message, listAdvice(error), ExitCode.deskbee);
  }
  const inList = shownFields.filter(({ key }) => users.some((user) => user[key] !== undefined));
  const onlySingle = shownFields.filter(({ key }) => !inList.some((f) => f.key === key) && single?.[key] !== undefined);
  const hidden = shownFields.filter(({ key }) => !inList.some((f) => f.key === key) && !onlySingle.some((f) => f.key === key));
  list.ok('deskbee', 'user fields shown', `the user listing shows ${inList.map((f) => f.label).join(', ') || 'none of enrollment, identifier, tags, cost center, squads'}`);
  for (const f of onlySingle) {
    if (!managed.includes(f.field)) continue;
    list.warn('deskbee', `user field ${f.label}`, `shown by GET ${client.paths.users}/{uuid} but not by the listing`, 'Each write of it is read back to be confirmed (one more request per change); plans compare it with what this tool last wrote.');
  }
  for (const f of hidden) {
    const detail = `neither the listing nor GET ${client.paths.users}/{uuid} shows ${f.label}`;
    if (managed.includes(f.field)) {
      list.fail(
        'deskbee',
        `user field ${f.label}`,
        `${detail}, and the mapping manages it: every write of it would end unconfirmed`,
        `Ask Deskbee to show it to API clients, or remove ${f.field} from the mapping's managed fields.`,
        ExitCode.deskbee,
      );
    } else {
      list.ok('deskbee', `user field ${f.label}`, `${detail}; the mapping does not manage it`);
    }
  }
}
