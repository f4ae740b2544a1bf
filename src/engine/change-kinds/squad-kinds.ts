/** Squads: create, rename, link to a source's group, delete. Keyed by name, or by the group's id once linked. */
import { quoteWhenNeeded as q } from '../../plan/value-format.js';
import type { LinkEffect } from '../../store/snapshot-store.js';
import type { ChangeHandler } from './change-handler.js';
import { answered, entitySettlement, request, settled } from './execute-support.js';
import { nameKey } from '../values.js';
import { sourceName, verbPhrase } from './sentence-parts.js';

export const createSquad: ChangeHandler<'createSquad'> = {
  kind: 'createSquad',
  stage: 'squads',
  words: { verb: 'create', past: 'created', sign: '+', label: 'create squad' },
  entityKey: (c) => `squad:${c.name}`,
  subject: (c) => ({ squadName: c.name }),
  headline: (c, tense) => `${verbPhrase(createSquad.words, tense)} squad ${q(c.name)}`,
  verify: (c, now) => (now.squadNames.has(nameKey(c.name)) ? [`${c.id}: a squad named ${c.name} now exists.`] : []),
  async execute(c, { api, resolver, source, paths }) {
    const created = await api.squads.create({ name: c.name });
    resolver.setSquad(c.name, created.uuid);
    const links: LinkEffect[] = c.externalId ? [{ op: 'upsert', source: c.source ?? source, kind: 'squad', externalId: c.externalId, uuid: created.uuid }] : [];
    return { ...answered(request('POST', paths.squads, { name: c.name }), created, entitySettlement([['name', c.name, created.name]])), links };
  },
  touches: () => ({}),
  counts: () => ({ creates: 1 }),
};

export const renameSquad: ChangeHandler<'renameSquad'> = {
  kind: 'renameSquad',
  stage: 'squads',
  words: { verb: 'rename', past: 'renamed', sign: '~', label: 'rename squad' },
  entityKey: (c) => `squad:${c.uuid}`,
  subject: (c) => ({ squadUuid: c.uuid, squadName: c.after }),
  headline: (c, tense) => `${verbPhrase(renameSquad.words, tense)} squad ${q(c.before)} → ${q(c.after)}`,
  verify: (c, now) => (now.squadsByUuid.get(c.uuid)?.name !== c.before ? [`${c.id}: squad ${c.before} is gone or renamed.`] : []),
  async execute(c, { api, resolver, source, paths }) {
    const updated = await api.squads.update(c.uuid, { name: c.after });
    resolver.setSquad(c.after, c.uuid);
    const links: LinkEffect[] = c.externalId ? [{ op: 'upsert', source: c.source ?? source, kind: 'squad', externalId: c.externalId, uuid: c.uuid }] : [];
    return { ...answered(request('PUT', `${paths.squads}/${c.uuid}`, { name: c.after }), updated, entitySettlement([['name', c.after, updated.name]])), links };
  },
  touches: (c) => ({ squad: { uuid: c.uuid, name: c.before } }),
  counts: () => ({ updates: 1 }),
};

export const linkSquad: ChangeHandler<'linkSquad'> = {
  kind: 'linkSquad',
  stage: 'squads',
  words: { verb: 'link', past: 'linked', sign: '+', label: 'link squad' },
  entityKey: (c) => `squad:${c.uuid}`,
  subject: (c) => ({ squadUuid: c.uuid, squadName: c.name }),
  headline: (c, tense, context) => `${verbPhrase(linkSquad.words, tense)} squad ${q(c.name)} to ${c.source ? q(c.source) : sourceName(context)} group ${q(c.externalId)}`,
  verify: (c, now) => (now.squadsByUuid.has(c.uuid) ? [] : [`${c.id}: squad ${c.name} is no longer in Deskbee.`]),
  async execute(c, { resolver, source }) {
    resolver.setSquad(c.name, c.uuid);
    // No write: Deskbee's listing at the start of this apply showed the squad.
    const links: LinkEffect[] = [{ op: 'upsert', source: c.source ?? source, kind: 'squad', externalId: c.externalId, uuid: c.uuid }];
    return { request: null, response: { status: 200, body: { uuid: c.uuid } }, links, settlement: settled };
  },
  touches: () => ({}),
  counts: () => ({}),
};

export const deleteSquad: ChangeHandler<'deleteSquad'> = {
  kind: 'deleteSquad',
  stage: 'deletions',
  words: { verb: 'delete', past: 'deleted', sign: '-', label: 'delete squad' },
  entityKey: (c) => `squad:${c.uuid}`,
  subject: (c) => ({ squadUuid: c.uuid, squadName: c.name }),
  headline: (c, tense) => `${verbPhrase(deleteSquad.words, tense)} squad ${q(c.name)}: no source wants it any more`,
  verify: (c, now) => (now.squadsByUuid.get(c.uuid)?.name === c.name ? [] : [`${c.id}: squad ${c.name} is gone or renamed.`]),
  async execute(c, { api, source, paths }) {
    await api.squads.remove(c.uuid);
    const links: LinkEffect[] = c.externalId ? [{ op: 'remove', source: c.source ?? source, kind: 'squad', externalId: c.externalId }] : [];
    return { request: request('DELETE', `${paths.squads}/${c.uuid}`), response: { status: 200, body: { uuid: c.uuid } }, links, settlement: settled };
  },
  touches: (c) => ({ squad: { uuid: c.uuid, name: c.name } }),
  counts: () => ({ squadDeletions: 1 }),
};
