import { linkKey, type ActualState, type DesiredUser, type UserField } from '../model/directory.js';
import { layerByEmail } from './email-order.js';
import { diffMemberships, type MemberSubject } from './membership-diff.js';
import { pairUsers } from './pair-users.js';
import type { PlanInputs } from './plan-inputs.js';
import { planVersion, stages, type Batch, type Change, type DriftNotice, type Plan, type Stage, type UserRef, type UserValues } from '../plan/plan-types.js';
import { diffCostCenters, diffSquads, diffTags, type Draft } from './reference-diff.js';
import { checkSafety } from './safety.js';
import { createValues, diffUserFields, userRef } from './user-diff.js';
import { planFingerprint } from '../plan/plan-json.js';

/**
 * The planner: desired, actual and last-applied states in, a plan out. Pure:
 * the same inputs always give the same plan, fingerprint included.
 */
export function buildPlan(inputs: PlanInputs): Plan {
  const { desired, actual, options } = inputs;
  const managed = desired.managed;
  const drafts: Record<Stage, Draft[]> = { costCenters: [], squads: [], tags: [], users: [], memberships: [], removals: [] };
  const drift: DriftNotice[] = [];

  drafts.costCenters = diffCostCenters(desired, actual);
  drafts.squads = diffSquads(desired, actual, inputs.links.squads);
  drafts.tags = diffTags(desired, actual);

  const pairing = pairUsers(inputs);
  const managesStatus = managed.fields.includes('status');
  const subjects: MemberSubject[] = [];
  const creates: Draft[] = [];
  const links: Draft[] = [];
  const updates: Draft[] = [];
  const reactivations: Draft[] = [];
  const deactivations: Draft[] = [];

  let disabledNotInDeskbee = 0;
  for (const user of pairing.creates) {
    const statusManaged = managesStatus && !user.keep?.includes('status');
    // Someone the source lists as disabled and Deskbee never had is not created.
    if (statusManaged && !user.status) {
      disabledNotInDeskbee += 1;
      continue;
    }
    const after = createValues(user, managed);
    creates.push({ kind: 'createUser', user: userRef(user), after, ...provenanceOf(user, after), description: `Create user ${user.email}` });
    if (!user.keep?.includes('squads')) subjects.push({ desired: user, currentSquads: [] });
  }

  const renamed = renamedSquads(drafts.squads);
  for (const pair of pairing.pairs) {
    const { desired: want, actual: have } = pair;
    const statusManaged = managesStatus && !want.keep?.includes('status');
    const ref = { ...userRef({ ...have, externalId: want.externalId, source: want.source }), uuid: have.uuid, externalId: want.externalId };
    if (pair.pairedBy !== 'link') {
      links.push({
        kind: 'linkUser',
        user: ref,
        matchedBy: pair.pairedBy,
        ...(pair.previous ? { previousExternalId: pair.previous.externalId, ...(pair.previous.source !== want.source ? { previousSource: pair.previous.source } : {}) } : {}),
        description: `Link Deskbee user ${have.email} to ${want.source} id ${want.externalId} (matched by ${pair.pairedBy})`,
      });
    }
    const last = inputs.lastApplied.get(have.uuid);
    const fields = diffUserFields(want, have, last, managed, options.drift);
    for (const notice of fields.notices) drift.push(notice);
    if (Object.keys(fields.after).length > 0) {
      const what = Object.keys(fields.after).join(', ');
      updates.push({ kind: 'updateUser', user: ref, before: fields.before, after: fields.after, drift: fields.drift, ...provenanceOf(want, fields.after), description: `Update user ${have.email}: ${what}` });
    }
    // Status is three-way too: a status Deskbee changed by hand since this tool last wrote it is drift.
    const statusDrifted = statusManaged && last?.status !== undefined && have.status !== last.status && want.status !== have.status;
    const writesStatus = options.drift === 'source-wins' && (want.status || options.mode === 'sync');
    if (statusDrifted) {
      drift.push({ user: ref, field: 'status', lastApplied: last?.status, actual: have.status, desired: want.status, resolution: writesStatus ? 'overwritten' : 'kept' });
    }
    const keepStatus = statusDrifted && !writesStatus;
    if (keepStatus) {
      // Deskbee's hand-set status stays (deskbee-wins, or a deactivation that import mode does not make).
    } else if (have.status && statusManaged && !want.status && options.mode === 'sync') {
      deactivations.push({ kind: 'deactivateUser', user: ref, reason: 'disabled', description: `Deactivate user ${have.email}` });
    } else if (!have.status && (statusManaged ? want.status : last?.status === false)) {
      const reason = last?.status === false ? 'returned' : 'enabled';
      reactivations.push({ kind: 'reactivateUser', user: ref, reason, description: `Reactivate user ${have.email}` });
    }
    // No source managing squads has this person: their memberships stay as they are.
    if (!want.keep?.includes('squads')) subjects.push({ desired: want, uuid: have.uuid, currentSquads: have.squads.map((name) => renamed.get(name) ?? name) });
  }

  if (options.mode === 'sync') {
    for (const leaver of pairing.leavers) {
      if (!leaver.actual.status) continue;
      const ref = { ...userRef({ ...leaver.actual, externalId: leaver.externalId, source: leaver.source }), uuid: leaver.actual.uuid };
      deactivations.push({ kind: 'deactivateUser', user: ref, reason: 'left', description: `Deactivate user ${leaver.actual.email}` });
    }
  }

  drafts.users = [...creates, ...links, ...updates, ...reactivations];
  const memberships = diffMemberships(subjects, withRenames(actual, renamed), managed, options.mode);
  drafts.memberships = memberships.filter((d) => d.kind === 'addMembers');
  drafts.removals = [...memberships.filter((d) => d.kind === 'removeMembers'), ...deactivations];

  let next = 0;
  // The users stage may take several batches, so that an address is free before someone takes it.
  const batches: Batch[] = stages
    .flatMap((stage) => (stage === 'users' ? layerByEmail(drafts.users, actual.users) : [drafts[stage]]).map((layer) => ({ stage, layer })))
    // The drafts are this plan's own objects: each becomes its change in place (no second copy of a large plan).
    .map(({ stage, layer }) => ({ stage, changes: layer.map((draft) => Object.assign(draft, { id: `c${String(++next).padStart(4, '0')}` }) as Change) }))
    .filter((batch) => batch.changes.length > 0);
  const changes = batches.flatMap((batch) => batch.changes);
  const counts: Plan['counts'] = {};
  for (const change of changes) counts[change.kind] = (counts[change.kind] ?? 0) + 1;

  const body: Omit<Plan, 'fingerprint'> = {
    version: planVersion,
    createdAt: inputs.now,
    mode: options.mode,
    source: inputs.source,
    ...(inputs.sources ? { sources: inputs.sources } : {}),
    deskbee: {
      baseUrl: inputs.target.baseUrl,
      client: inputs.target.client,
      users: actual.users.length,
      squads: actual.squads.length,
      costCenters: actual.costCenters.length,
      tags: actual.tags.length,
    },
    store: { id: inputs.target.storeId },
    accounting: accountFor(inputs, changes, { creates: creates.length, paired: new Set(pairing.pairs.map((p) => linkKey(p.desired.source, p.desired.externalId))), disabledNotInDeskbee, leavers: deactivations.filter((d) => d.kind === 'deactivateUser' && d.reason === 'left').length }),
    issues: pairing.conflicts.length > 0 ? [...inputs.issues, ...pairing.conflicts] : inputs.issues,
    drift,
    safety: { verdicts: checkSafety(changes, actual, inputs.links.users.size, options.limits, options.overrides), overridden: options.overrides },
    batches,
    counts,
  };
  return { ...body, fingerprint: planFingerprint(body) };
}

/** Where a user change's values came from: the person's entry, and the fields another source gave. */
function provenanceOf(user: DesiredUser, written: UserValues): { origin: string; fieldsFrom?: Partial<Record<UserField, string>> } {
  if (!user.origins) return { origin: user.origin };
  const fieldsFrom: Partial<Record<UserField, string>> = {};
  for (const field of Object.keys(written) as UserField[]) {
    const from = user.origins[field];
    if (from) fieldsFrom[field] = from;
  }
  return Object.keys(fieldsFrom).length > 0 ? { origin: user.origin, fieldsFrom } : { origin: user.origin };
}

/** Where every person read went (Plan.accounting). */
function accountFor(
  inputs: PlanInputs,
  changes: readonly Change[],
  counted: { creates: number; paired: Set<string>; disabledNotInDeskbee: number; leavers: number },
): Plan['accounting'] {
  const { entries } = inputs;
  const touched = new Set<string>();
  const mark = (user: UserRef | undefined) => {
    if (user?.externalId) touched.add(linkKey(user.source ?? inputs.desired.source, user.externalId));
  };
  for (const change of changes) {
    if (change.kind === 'addMembers' || change.kind === 'removeMembers') for (const user of change.users) mark(user);
    else if ('user' in change && change.kind !== 'createUser') mark(change.user);
  }
  // Only people already in Deskbee can be changed; new ones (also in membership adds) are creates, leavers are not among those read.
  let change = 0;
  for (const key of touched) if (counted.paired.has(key)) change += 1;
  return {
    people: {
      read: entries.people,
      create: counted.creates,
      change,
      unchanged: counted.paired.size - change,
      leftOut: entries.leftOut,
      disabledNotInDeskbee: counted.disabledNotInDeskbee,
      merged: entries.merged,
      notTaken: entries.notTaken,
    },
    groups: { read: entries.groups, leftOut: entries.groupsLeftOut },
    leavers: counted.leavers,
    ...(entries.bySource ? { bySource: entries.bySource.map(({ name, people, leftOut, notTaken }) => ({ name, people, leftOut, notTaken })) } : {}),
  };
}

function renamedSquads(squadDrafts: Draft[]): Map<string, string> {
  const renames = new Map<string, string>();
  for (const draft of squadDrafts) if (draft.kind === 'renameSquad') renames.set(draft.before, draft.after);
  return renames;
}

/** The actual state as it will be once the plan's renames are done, for membership diffs. */
function withRenames(actual: ActualState, renames: Map<string, string>): ActualState {
  if (renames.size === 0) return actual;
  return { ...actual, squads: actual.squads.map((squad) => ({ ...squad, name: renames.get(squad.name) ?? squad.name })) };
}
