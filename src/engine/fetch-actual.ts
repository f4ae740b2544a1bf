import { noProgress, type Progress } from '../context/run-context.js';
import type { DeskbeeApi } from '../deskbee/deskbee-api.js';
import type { CostCenter, DeskbeeUser, Squad, UserTag } from '../deskbee/schemas.js';
import { noNames, type ActualState, type ActualUser, type TagAccess, type UserField } from '../model/directory.js';
import { InternedStrings } from '../model/interned-strings.js';
import { sortedUnique } from './values.js';

/**
 * Reads what Deskbee holds now, through paginated list calls: cost centers,
 * squads, tags, then users with their squads. Every page must arrive (the
 * client throws otherwise), so a partial listing never becomes a plan.
 * Users read so far are reported as the stage `read Deskbee users`. When
 * `signal` aborts, the read stops after the page in flight.
 */
export async function fetchActual(api: DeskbeeApi, progress: Progress = noProgress, signal?: AbortSignal): Promise<ActualState> {
  const [costCenters, squads, tags] = await Promise.all([collect(api.costCenters.list()), collect(api.squads.list()), collect(api.userTags.list())]);
  const state = toActualState([], squads, costCenters, tags);
  // Users are turned into the engine's records page by page: Deskbee's full user objects never all sit in memory.
  const codeByUuid = new Map(costCenters.map((cc) => [cc.uuid, cc.code]));
  const tagNameByUuid = new Map(tags.map((tag) => [tag.uuid, tag.name]));
  const names = new InternedStrings();
  signal?.throwIfAborted();
  for await (const page of api.users.pages({ includeSquads: true })) {
    // Leaving the loop abandons the page fetched ahead.
    signal?.throwIfAborted();
    for (const user of page) state.users.push(toActualUser(user, codeByUuid, tagNameByUuid, names));
    if (page.length > 0) progress.update('read Deskbee users', state.users.length);
  }
  progress.finish('read Deskbee users');
  return state;
}

/** Deskbee's resources → the engine's plain records. */
export function toActualState(users: DeskbeeUser[], squads: Squad[], costCenters: CostCenter[], tags: UserTag[]): ActualState {
  const codeByUuid = new Map(costCenters.map((cc) => [cc.uuid, cc.code]));
  const tagNameByUuid = new Map(tags.map((tag) => [tag.uuid, tag.name]));
  const names = new InternedStrings();
  return {
    users: users.map((user) => toActualUser(user, codeByUuid, tagNameByUuid, names)),
    squads: squads.map((squad) => ({ uuid: squad.uuid, name: squad.name })),
    costCenters: costCenters.map((cc) => ({ uuid: cc.uuid, code: cc.code, name: cc.name, description: cc.description ?? null })),
    tags: tags.map((tag) => ({ uuid: tag.uuid, name: tag.name, access: tag.access === 'private' ? 'private' : ('public' as TagAccess) })),
  };
}

/** What most users have no unknown field in: one shared empty list. */
const noUnknownFields: readonly UserField[] = Object.freeze([]);

function toActualUser(user: DeskbeeUser, codeByUuid: Map<string, string>, tagNameByUuid: Map<string, string>, names: InternedStrings): ActualUser {
  const unknownFields: UserField[] = [];
  if (user.identifier === undefined) unknownFields.push('identifier');
  if (user.tags === undefined) unknownFields.push('tags');
  if (user.cost_center === undefined) unknownFields.push('costCenter');
  if (user.squads === undefined) unknownFields.push('squads');
  const tagNames = (user.tags ?? []).map((tag) => names.of(typeof tag === 'string' ? (tagNameByUuid.get(tag) ?? tag) : tag.name));
  // The wire schema turns a null code into '': fall back to the listing's code for the uuid then too.
  const code = user.cost_center ? user.cost_center.code || codeByUuid.get(user.cost_center.uuid) : undefined;
  const costCenter = code ? names.of(code) : null;
  const documents: Record<string, string> = {};
  for (const doc of user.person?.documents ?? []) documents[doc.type] = doc.doc;
  return {
    uuid: user.uuid,
    name: user.name,
    email: user.email.toLowerCase(),
    enrollment: user.enrollment ?? null,
    identifier: user.identifier ?? null,
    status: user.status,
    squads: user.squads?.length ? sortedUnique(user.squads.map((squad) => names.of(squad.name))) : noNames,
    costCenter,
    tags: tagNames.length > 0 ? sortedUnique(tagNames) : noNames,
    documents,
    unknownFields: unknownFields.length > 0 ? unknownFields : (noUnknownFields as UserField[]),
    ...(user.profile ? { profile: names.of(user.profile) } : {}),
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
