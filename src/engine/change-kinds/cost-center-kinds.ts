/** Cost centers: create, change (name, description), delete. Keyed by code. */
import { cleanText, quoteWhenNeeded as q } from '../../plan/value-format.js';
import type { ChangeHandler } from './change-handler.js';
import { answered, entitySettlement, request, settled } from './execute-support.js';
import { verbPhrase } from './sentence-parts.js';

export const createCostCenter: ChangeHandler<'createCostCenter'> = {
  kind: 'createCostCenter',
  stage: 'costCenters',
  words: { verb: 'create', past: 'created', sign: '+', label: 'create cost center' },
  entityKey: (c) => `costCenter:${c.code}`,
  subject: () => ({}),
  headline: (c, tense) => `${verbPhrase(createCostCenter.words, tense)} cost center ${q(c.code)} (${cleanText(c.after.name)})`,
  verify: (c, now) => (now.costCentersByCode.has(c.code) ? [`${c.id}: a cost center with code ${c.code} now exists.`] : []),
  async execute(c, { api, resolver, paths }) {
    const body = { name: c.after.name, code: c.after.code, description: c.after.description };
    const created = await api.costCenters.create(body);
    resolver.setCostCenter(created.code || c.code, created.uuid);
    return answered(request('POST', paths.costCenters, body), created, entitySettlement([['name', body.name, created.name], ['code', body.code, created.code || body.code]]));
  },
  touches: () => ({}),
  counts: () => ({ creates: 1 }),
};

export const updateCostCenter: ChangeHandler<'updateCostCenter'> = {
  kind: 'updateCostCenter',
  stage: 'costCenters',
  words: { verb: 'change', past: 'changed', sign: '~', label: 'change cost center' },
  entityKey: (c) => `costCenter:${c.code}`,
  subject: () => ({}),
  headline: (c, tense) => `${verbPhrase(updateCostCenter.words, tense)} cost center ${q(c.code)}`,
  verify(c, now) {
    const cc = now.costCentersByCode.get(c.code);
    return !cc || cc.name !== c.before.name || cc.description !== c.before.description ? [`${c.id}: cost center ${c.code} has changed.`] : [];
  },
  async execute(c, { api, paths }) {
    const body = { name: c.after.name, code: c.after.code, description: c.after.description };
    const updated = await api.costCenters.update(c.uuid, body);
    return answered(request('PUT', `${paths.costCenters}/${c.uuid}`, body), updated, entitySettlement([['name', body.name, updated.name], ['description', body.description, updated.description]]));
  },
  touches: () => ({}),
  counts: () => ({ updates: 1 }),
};

export const deleteCostCenter: ChangeHandler<'deleteCostCenter'> = {
  kind: 'deleteCostCenter',
  stage: 'deletions',
  words: { verb: 'delete', past: 'deleted', sign: '-', label: 'delete cost center' },
  entityKey: (c) => `costCenter:${c.code}`,
  subject: () => ({}),
  headline: (c, tense) => `${verbPhrase(deleteCostCenter.words, tense)} cost center ${q(c.code)} (${cleanText(c.name)}): no source wants it any more`,
  verify: (c, now) => (now.costCentersByCode.get(c.code)?.uuid === c.uuid ? [] : [`${c.id}: cost center ${c.code} is no longer in Deskbee.`]),
  async execute(c, { api, paths }) {
    await api.costCenters.remove(c.uuid);
    return { request: request('DELETE', `${paths.costCenters}/${c.uuid}`), response: { status: 200, body: { uuid: c.uuid } }, settlement: settled };
  },
  touches: () => ({}),
  counts: () => ({ costCenterDeletions: 1 }),
};
