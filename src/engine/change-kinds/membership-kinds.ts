/** Squad membership, in bulk: every listed user into (or out of) one squad. */
import { formatCount, quoteWhenNeeded as q } from '../../plan/value-format.js';
import { linkKey } from '../../model/directory.js';
import { settleMembership } from '../membership-check.js';
import type { ChangeHandler, ChangeOf } from './change-handler.js';
import { request, SkipChange, type ExecutorDeps, type Executed } from './execute-support.js';
import { verbPhrase } from './sentence-parts.js';

function who(users: readonly { email: string }[]): string {
  const [only] = users;
  return users.length === 1 && only ? q(only.email) : `${formatCount(users.length)} users`;
}

function membershipSubject(c: { squad: string; squadUuid?: string }) {
  return c.squadUuid ? { squadUuid: c.squadUuid, squadName: c.squad } : { squadName: c.squad };
}

function membershipTouches(c: { squad: string; squadUuid?: string; users: readonly { uuid?: string }[] }) {
  const users: string[] = [];
  for (const user of c.users) if (user.uuid) users.push(user.uuid);
  return { users, squad: { ...(c.squadUuid ? { uuid: c.squadUuid } : {}), name: c.squad } };
}

async function sendMembership(c: ChangeOf<'addMembers'> | ChangeOf<'removeMembers'>, deps: ExecutorDeps): Promise<Executed> {
  const { api, resolver, source, paths } = deps;
  const squadUuid = c.squadUuid ?? resolver.squad(c.squad);
  if (!squadUuid) throw new SkipChange(`squad ${c.squad} does not exist in Deskbee (its creation failed)`);
  const users = c.users.map((u) => u.uuid ?? (u.externalId ? resolver.user(linkKey(u.source ?? source, u.externalId)) : undefined)).filter((u): u is string => !!u);
  if (users.length === 0) throw new SkipChange('none of its users exist in Deskbee (their creation failed)');
  const body = { squads: [squadUuid], users };
  const add = c.kind === 'addMembers';
  if (add) await api.memberships.add(body);
  else await api.memberships.remove(body);
  const route = add ? `POST ${paths.membershipAdd}` : `DELETE ${paths.membershipRemove}`;
  const settlement = await settleMembership(api, squadUuid, users, add, route, paths.users);
  const summary = request(add ? 'POST' : 'DELETE', add ? paths.membershipAdd : paths.membershipRemove, body);
  return { request: summary, response: { status: 200, body: { users: users.length, of: c.users.length } }, settlement };
}

export const addMembers: ChangeHandler<'addMembers'> = {
  kind: 'addMembers',
  stage: 'memberships',
  words: { verb: 'add', past: 'added', sign: '+', label: 'add squad members' },
  entityKey: (c) => `squad:${c.squad}`,
  subject: membershipSubject,
  headline: (c, tense) => `${verbPhrase(addMembers.words, tense)} ${who(c.users)} to squad ${q(c.squad)}`,
  // A squad this plan creates has no uuid yet; its createSquad is checked instead.
  verify: (c, now) => (c.squadUuid && !now.squadsByUuid.has(c.squadUuid) ? [`${c.id}: squad ${c.squad} is no longer in Deskbee.`] : []),
  execute: (c, deps) => sendMembership(c, deps),
  touches: membershipTouches,
  counts: () => ({}),
};

export const removeMembers: ChangeHandler<'removeMembers'> = {
  kind: 'removeMembers',
  stage: 'removals',
  words: { verb: 'remove', past: 'removed', sign: '-', label: 'remove squad members' },
  entityKey: (c) => `squad:${c.squad}`,
  subject: membershipSubject,
  headline: (c, tense) => `${verbPhrase(removeMembers.words, tense)} ${who(c.users)} from squad ${q(c.squad)}`,
  verify: (c, now) => (now.squadsByUuid.has(c.squadUuid) ? [] : [`${c.id}: squad ${c.squad} is no longer in Deskbee.`]),
  execute: (c, deps) => sendMembership(c, deps),
  touches: membershipTouches,
  counts: (c) => ({ membershipRemovals: c.users.length }),
};
