import { linkKey, type ActualState, type DesiredState } from '../model/directory.js';
import type { Change } from '../plan/plan-types.js';
import { nameKey } from './values.js';

/** A change without its id and description: the planner gives both once the whole plan is ordered. */
export type Draft<C extends Change = Change> = C extends Change ? Omit<C, 'id' | 'description'> : never;

/**
 * Cost centers by code: created when missing, edited when the name (or a
 * description the source sets) differs. Nothing is ever deleted here.
 */
export function diffCostCenters(desired: DesiredState, actual: ActualState): Draft[] {
  const byCode = new Map(actual.costCenters.map((cc) => [cc.code, cc]));
  const drafts: Draft[] = [];
  for (const want of desired.costCenters) {
    const have = byCode.get(want.code);
    if (!have) {
      drafts.push({ kind: 'createCostCenter', code: want.code, after: want });
      continue;
    }
    const description = want.description ?? have.description;
    if (have.name === want.name && have.description === description) continue;
    const before = { code: have.code, name: have.name, description: have.description };
    const after = { code: want.code, name: want.name, description };
    drafts.push({ kind: 'updateCostCenter', uuid: have.uuid, code: want.code, before, after });
  }
  return drafts;
}

/**
 * Squads by name (case-insensitive), or by the source's group id where the
 * store links one: a linked group whose name changed is a rename, not a new
 * squad.
 */
export function diffSquads(desired: DesiredState, actual: ActualState, squadLinks: Map<string, string>): Draft[] {
  const byName = new Map(actual.squads.map((squad) => [nameKey(squad.name), squad]));
  const byUuid = new Map(actual.squads.map((squad) => [squad.uuid, squad]));
  const drafts: Draft[] = [];
  const seen = new Set<string>();
  for (const want of desired.squads) {
    const key = nameKey(want.name);
    if (seen.has(key)) continue;
    seen.add(key);
    const linkedUuid = want.externalId ? squadLinks.get(linkKey(want.source ?? desired.source, want.externalId)) : undefined;
    const linked = linkedUuid ? byUuid.get(linkedUuid) : undefined;
    if (linked && nameKey(linked.name) !== key && !byName.has(key)) {
      drafts.push({
        kind: 'renameSquad',
        uuid: linked.uuid,
        ...(want.externalId ? { externalId: want.externalId, ...(want.source ? { source: want.source } : {}) } : {}),
        before: linked.name,
        after: want.name,
      });
    } else if (want.externalId && !linked && byName.has(key)) {
      // The group's squad exists already (made by hand or by another run): link it, so a later rename is a rename.
      const existing = byName.get(key)!;
      drafts.push({ kind: 'linkSquad', uuid: existing.uuid, name: existing.name, externalId: want.externalId, ...(want.source ? { source: want.source } : {}) });
    } else if (!byName.has(key) && !linked) {
      drafts.push({ kind: 'createSquad', name: want.name, ...(want.externalId ? { externalId: want.externalId, ...(want.source ? { source: want.source } : {}) } : {}) });
    }
  }
  return drafts;
}

/** Tags by name (case-insensitive): created when missing, with the mapping's access. */
export function diffTags(desired: DesiredState, actual: ActualState): Draft[] {
  const existing = new Set(actual.tags.map((tag) => nameKey(tag.name)));
  const drafts: Draft[] = [];
  for (const want of desired.tags) {
    const key = nameKey(want.name);
    if (existing.has(key)) continue;
    existing.add(key);
    drafts.push({ kind: 'createTag', name: want.name, access: want.access });
  }
  return drafts;
}
