/** User tags: create, and delete one no one has any more. Keyed by name. */
import { quoteWhenNeeded as q } from '../../plan/value-format.js';
import type { ChangeHandler } from './change-handler.js';
import { answered, entitySettlement, request, settled } from './execute-support.js';
import { nameKey } from '../values.js';
import { verbPhrase } from './sentence-parts.js';

export const createTag: ChangeHandler<'createTag'> = {
  kind: 'createTag',
  stage: 'tags',
  words: { verb: 'create', past: 'created', sign: '+', label: 'create tag' },
  entityKey: (c) => `tag:${c.name}`,
  subject: () => ({}),
  headline: (c, tense) => `${verbPhrase(createTag.words, tense)} tag ${q(c.name)} (${c.access})`,
  verify: (c, now) => (now.tagNames.has(nameKey(c.name)) ? [`${c.id}: a tag named ${c.name} now exists.`] : []),
  async execute(c, { api, resolver, paths }) {
    const created = await api.userTags.create({ name: c.name, access: c.access });
    resolver.setTag(c.name, created.uuid);
    return answered(request('POST', paths.userTags, { name: c.name, access: c.access }), created, entitySettlement([['name', c.name, created.name]]));
  },
  touches: () => ({}),
  counts: () => ({ creates: 1 }),
};

export const removeUserTag: ChangeHandler<'removeUserTag'> = {
  kind: 'removeUserTag',
  stage: 'deletions',
  words: { verb: 'delete', past: 'deleted', sign: '-', label: 'delete tag' },
  entityKey: (c) => `tag:${c.name}`,
  subject: () => ({}),
  headline: (c, tense) => `${verbPhrase(removeUserTag.words, tense)} tag ${q(c.name)}: the mapping manages it and no one has it any more`,
  verify: (c, now) => (now.tagsByUuid.has(c.uuid) ? [] : [`${c.id}: tag ${c.name} is no longer in Deskbee.`]),
  async execute(c, { api, paths }) {
    await api.userTags.remove(c.uuid);
    return { request: request('DELETE', `${paths.userTags}/${c.uuid}`), response: { status: 200, body: { uuid: c.uuid } }, settlement: settled };
  },
  touches: () => ({}),
  counts: () => ({ tagRemovals: 1 }),
};
