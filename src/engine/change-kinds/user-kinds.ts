/** Users: create, link to a source's person, change, deactivate, reactivate, delete. */
import type { ActualUser, UserField } from '../../model/directory.js';
import { linkKey } from '../../model/directory.js';
import type { UserValues } from '../../plan/plan-types.js';
import { cleanText, quoteWhenNeeded as q } from '../../plan/value-format.js';
import type { LinkEffect } from '../../store/snapshot-store.js';
import { toUserInput } from '../user-payload.js';
import { sameValue } from '../values.js';
import { settleUserWrite } from '../write-settlement.js';
import type { ChangeHandler, DeskbeeNow } from './change-handler.js';
import { request, settleDeps, settled, toJson, unresolvedToSkip, userState, writeUser } from './execute-support.js';
import { sourceName, verbPhrase } from './sentence-parts.js';

/** A user change's subject: its uuid and source key, when known. */
function userSubject(c: { user: { uuid?: string; externalId?: string } }) {
  const { uuid, externalId } = c.user;
  return { ...(uuid ? { userUuid: uuid } : {}), ...(externalId ? { externalId } : {}) };
}

function userGone(id: string, user: { uuid: string; email: string }, now: DeskbeeNow): { found?: ActualUser; moved: string[] } {
  const found = now.usersByUuid.get(user.uuid);
  return found ? { found, moved: [] } : { moved: [`${id}: user ${user.email} is no longer in Deskbee.`] };
}

export const createUser: ChangeHandler<'createUser'> = {
  kind: 'createUser',
  stage: 'users',
  words: { verb: 'create', past: 'created', sign: '+', label: 'create user' },
  entityKey: (c) => `user:${c.user.email}`,
  subject: userSubject,
  headline(c, tense) {
    // Someone this tool deleted, back in a source: a new Deskbee user, not the old one.
    const anew = c.recreated ? `: deleted from Deskbee on ${c.recreated.deletedAt.slice(0, 10)}, created anew and linked` : '';
    return `${verbPhrase(createUser.words, tense)} user ${q(c.user.email)} (${cleanText(c.user.name)})${anew}`;
  },
  verify: (c, now) => (now.emails.has((c.after.email ?? c.user.email).toLowerCase()) ? [`${c.id}: a user with email ${c.user.email} now exists.`] : []),
  async execute(c, deps) {
    const { api, resolver, source, paths } = deps;
    const written: UserValues = { ...c.after, name: c.after.name ?? c.user.name, email: c.after.email ?? c.user.email };
    const input = { ...unresolvedToSkip(() => toUserInput(written, resolver, deps.bodyKeys)), is_send_mail: deps.sendWelcomeMail };
    const created = await api.users.create({ ...input, name: written.name!, email: written.email! });
    const userSource = c.user.source ?? source;
    if (c.user.externalId) resolver.setUser(linkKey(userSource, c.user.externalId), created.uuid);
    const settlement = await settleUserWrite(created.uuid, written, created, `POST ${paths.users}`, settleDeps(deps));
    deps.lastApplied.set(created.uuid, settlement.confirmed);
    const links: LinkEffect[] = c.user.externalId ? [{ op: 'upsert', source: userSource, kind: 'user', externalId: c.user.externalId, uuid: created.uuid }] : [];
    return { request: request('POST', paths.users, input), response: { status: 201, body: toJson(created) }, links, lastApplied: [userState(created.uuid, settlement.confirmed)], settlement };
  },
  touches: () => ({}),
  counts: () => ({ creates: 1 }),
};

export const linkUser: ChangeHandler<'linkUser'> = {
  kind: 'linkUser',
  stage: 'users',
  words: { verb: 'link', past: 'linked', sign: '+', label: 'link user' },
  entityKey: (c) => `user:${c.user.email}`,
  subject: userSubject,
  headline(c, tense, context) {
    const rekeyed = c.previousExternalId ? `, replacing id ${q(c.previousExternalId)}` : '';
    const from = c.user.source ? q(c.user.source) : sourceName(context);
    return `${verbPhrase(linkUser.words, tense)} Deskbee user ${q(c.user.email)} to ${from} id ${q(c.user.externalId)}${rekeyed} (matched by ${cleanText(c.matchedBy)})`;
  },
  verify: (c, now) => userGone(c.id, c.user, now).moved,
  async execute(c, { resolver, source }) {
    const userSource = c.user.source ?? source;
    resolver.setUser(linkKey(userSource, c.user.externalId), c.user.uuid);
    const links: LinkEffect[] = [
      ...(c.previousExternalId ? [{ op: 'remove' as const, source: c.previousSource ?? userSource, kind: 'user' as const, externalId: c.previousExternalId }] : []),
      { op: 'upsert', source: userSource, kind: 'user', externalId: c.user.externalId, uuid: c.user.uuid },
    ];
    // No write: Deskbee's listing at the start of this apply showed the user.
    return { request: null, response: { status: 200, body: { uuid: c.user.uuid } }, links, settlement: settled };
  },
  touches: () => ({}),
  counts: () => ({}),
};

export const updateUser: ChangeHandler<'updateUser'> = {
  kind: 'updateUser',
  stage: 'users',
  words: { verb: 'change', past: 'changed', sign: '~', label: 'change user' },
  entityKey: (c) => `user:${c.user.email}`,
  subject: userSubject,
  headline: (c, tense) => `${verbPhrase(updateUser.words, tense)} user ${q(c.user.email)}`,
  verify(c, now) {
    const { found, moved } = userGone(c.id, c.user, now);
    if (!found) return moved;
    for (const [field, before] of Object.entries(c.before)) {
      const key = field as UserField;
      if (found.unknownFields.includes(key)) continue;
      const value = found[key as keyof ActualUser];
      if (!sameValue(key, value, before)) moved.push(`${c.id}: ${found.email}'s ${field} is now ${JSON.stringify(value)}, the plan expected ${JSON.stringify(before)}.`);
    }
    return moved;
  },
  execute: (c, deps) => writeUser(c.user.uuid, c.after, deps),
  touches: (c) => ({ users: [c.user.uuid] }),
  counts: () => ({ updates: 1 }),
};

export const deactivateUser: ChangeHandler<'deactivateUser'> = {
  kind: 'deactivateUser',
  stage: 'removals',
  words: { verb: 'deactivate', past: 'deactivated', sign: '-', label: 'deactivate user' },
  entityKey: (c) => `user:${c.user.email}`,
  subject: userSubject,
  headline: (c, tense, context) => `${verbPhrase(deactivateUser.words, tense)} user ${q(c.user.email)}: ${c.reason === 'left' ? `gone from ${sourceName(context)}` : 'disabled in the source'}`,
  verify(c, now) {
    const { found, moved } = userGone(c.id, c.user, now);
    return found && !found.status ? [`${c.id}: ${found.email} is already deactivated.`] : moved;
  },
  // The grace period before a deletion runs from this confirmed deactivation, kept with what this tool last wrote.
  execute: (c, deps) => writeUser(c.user.uuid, { status: false }, deps, { deactivatedAt: deps.now() }),
  touches: (c) => ({ users: [c.user.uuid] }),
  counts: () => ({ deactivations: 1 }),
};

export const reactivateUser: ChangeHandler<'reactivateUser'> = {
  kind: 'reactivateUser',
  stage: 'users',
  words: { verb: 'reactivate', past: 'reactivated', sign: '+', label: 'reactivate user' },
  entityKey: (c) => `user:${c.user.email}`,
  subject: userSubject,
  headline: (c, tense, context) => `${verbPhrase(reactivateUser.words, tense)} user ${q(c.user.email)}: ${c.reason === 'returned' ? `back in ${sourceName(context)}` : 'enabled again in the source'}`,
  verify(c, now) {
    const { found, moved } = userGone(c.id, c.user, now);
    return found && found.status ? [`${c.id}: ${found.email} is already active.`] : moved;
  },
  execute: (c, deps) => writeUser(c.user.uuid, { status: true }, deps, { deactivatedAt: undefined }),
  touches: (c) => ({ users: [c.user.uuid] }),
  counts: () => ({}),
};

export const deleteUser: ChangeHandler<'deleteUser'> = {
  kind: 'deleteUser',
  stage: 'deletions',
  words: { verb: 'delete', past: 'deleted', sign: '-', label: 'delete user' },
  entityKey: (c) => `user:${c.user.email}`,
  subject: userSubject,
  headline: (c, tense, context) =>
    `${verbPhrase(deleteUser.words, tense)} user ${q(c.user.email)}: gone from ${c.user.source ? q(c.user.source) : sourceName(context)}, deactivated on ${c.deactivatedAt.slice(0, 10)}`,
  verify(c, now) {
    const { found, moved } = userGone(c.id, c.user, now);
    return found && found.status ? [`${c.id}: ${found.email} was reactivated in Deskbee.`] : moved;
  },
  async execute(c, deps) {
    const { api, source, paths } = deps;
    await api.users.remove(c.user.uuid);
    const userSource = c.user.source ?? source;
    // What this tool last did to the user is delete them: a later run that finds the person back creates them anew and says so.
    const deleted = { at: deps.now(), source: userSource, externalId: c.user.externalId };
    deps.lastApplied.delete(c.user.uuid);
    return {
      request: request('DELETE', `${paths.users}/${c.user.uuid}`),
      response: { status: 200, body: { uuid: c.user.uuid } },
      links: [{ op: 'remove', source: userSource, kind: 'user', externalId: c.user.externalId }],
      lastApplied: [{ op: 'upsert', kind: 'user', uuid: c.user.uuid, state: { email: c.user.email, deleted } }],
      settlement: settled,
    };
  },
  touches: (c) => ({ users: [c.user.uuid] }),
  counts: () => ({ userDeletions: 1 }),
};
