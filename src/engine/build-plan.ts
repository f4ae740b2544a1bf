import { linkKey, type ActualState, type ActualUser, type DesiredUser } from '../model/directory.js';
import { planFingerprint } from '../plan/plan-json.js';
import { planVersion, stages, type Batch, type Change, type DriftNotice, type Plan, type Recreated, type Stage, type UserRef } from '../plan/plan-types.js';
import { handlerOf } from './change-kinds/index.js';
import { layerByEmail } from './email-order.js';
import { leaverDrafts } from './leaver-drafts.js';
import { diffMemberships, sameNames, type MemberSubject } from './membership-diff.js';
import { pairUsers, type UserPairing } from './pair-users.js';
import { accountFor, provenanceOf } from './plan-accounting.js';
import { defaultLifecycle, defaultProtect, type PlanInputs, type UserState } from './plan-inputs.js';
import { holdBack, protection } from './protection.js';
import { diffCostCenters, diffSquads, diffTags, type Draft } from './reference-diff.js';
import { checkSafety } from './safety.js';
import { diffUnused } from './unused-diff.js';
import { createValues, diffUserFields, userRef } from './user-diff.js';

/**
 * The planner: desired, actual and last-applied states in, a plan out. Pure:
 * the same inputs always give the same plan, fingerprint included. Each
 * change is placed in its kind's stage and described by its kind's handler.
 * `pairing` is pairUsers(inputs), given when the caller has made it already
 * (to read the last-applied states it needs, last-applied-needs.ts).
 */
export function buildPlan(inputs: PlanInputs, pairing: UserPairing = pairUsers(inputs)): Plan {
  const { desired, actual, options } = inputs;
  const managed = desired.managed;
  const lifecycle = options.lifecycle ?? defaultLifecycle;
  const guard = protection(options.protect ?? defaultProtect);
  const drift: DriftNotice[] = [];
  const squadDrafts = diffSquads(desired, actual, inputs.links.squads);
  const drafts: Draft[] = [...diffCostCenters(desired, actual), ...squadDrafts, ...diffTags(desired, actual)];

  const managesStatus = managed.fields.includes('status');
  const subjects: MemberSubject[] = [];
  const deleted = deletedUsers(inputs.lastApplied);
  const links: Draft[] = [];
  const updates: Draft[] = [];
  const reactivations: Draft[] = [];
  const deactivations: Draft[] = [];

  let disabledNotInDeskbee = 0;
  let creates = 0;
  for (const user of pairing.creates) {
    const statusManaged = managesStatus && !user.keep?.includes('status');
    // Someone the source lists as disabled and Deskbee never had is not created.
    if (statusManaged && !user.status) {
      disabledNotInDeskbee += 1;
      continue;
    }
    const after = createValues(user, managed);
    const recreated = deleted.get(linkKey(user.source, user.externalId));
    drafts.push({ kind: 'createUser', user: userRef(user), after, ...(recreated ? { recreated } : {}), ...provenanceOf(user, after) });
    creates += 1;
    if (!user.keep?.includes('squads')) subjects.push({ desired: user, currentSquads: [] });
  }

  const renamed = renamedSquads(squadDrafts);
  for (const pair of pairing.pairs) {
    const { desired: want, actual: have } = pair;
    const statusManaged = managesStatus && !want.keep?.includes('status');
    // Made only for a person something happens to: most pairs of a nightly run need none.
    let madeRef: PairedRef | undefined;
    const refOf = (): PairedRef => (madeRef ??= pairedRef(have, want));
    if (pair.pairedBy !== 'link') {
      const previous = pair.previous ? { previousExternalId: pair.previous.externalId, ...(pair.previous.source !== want.source ? { previousSource: pair.previous.source } : {}) } : {};
      links.push({ kind: 'linkUser', user: refOf(), matchedBy: pair.pairedBy, ...previous });
    }
    const last = inputs.lastApplied.get(have.uuid);
    const fields = diffUserFields(want, have, last, managed, options.drift);
    for (const notice of fields.notices) drift.push(notice);
    if (Object.keys(fields.after).length > 0) {
      updates.push({ kind: 'updateUser', user: refOf(), before: fields.before, after: fields.after, drift: fields.drift, ...provenanceOf(want, fields.after) });
    }
    // Status is three-way too: a status Deskbee changed by hand since this tool last wrote it is drift.
    const statusDrifted = statusManaged && last?.status !== undefined && have.status !== last.status && want.status !== have.status;
    const writesStatus = options.drift === 'source-wins' && (want.status || options.mode === 'sync');
    if (statusDrifted) {
      drift.push({ user: refOf(), field: 'status', lastApplied: last?.status, actual: have.status, desired: want.status, resolution: writesStatus ? 'overwritten' : 'kept' });
    }
    const keepStatus = statusDrifted && !writesStatus;
    if (keepStatus) {
      // Deskbee's hand-set status stays (deskbee-wins, or a deactivation that import mode does not make).
    } else if (have.status && statusManaged && !want.status && options.mode === 'sync') {
      deactivations.push({ kind: 'deactivateUser', user: refOf(), reason: 'disabled' });
    } else if (!have.status && (statusManaged ? want.status : last?.status === false)) {
      const reason = last?.status === false ? 'returned' : 'enabled';
      reactivations.push({ kind: 'reactivateUser', user: refOf(), reason });
    }
    // No source managing squads has this person: their memberships stay as they are. Nor do those already in the squads the source wants need any work.
    if (!want.keep?.includes('squads')) {
      const currentSquads = renamedIn(have.squads, renamed);
      if (!sameNames(want.squads, currentSquads)) subjects.push({ desired: want, uuid: have.uuid, currentSquads });
    }
  }

  const leaving = leaverDrafts(options.mode === 'sync' ? pairing.leavers : [], inputs.lastApplied, lifecycle.leavers, inputs.now);
  for (const draft of leaving.deactivations) deactivations.push(draft);
  for (const subject of leaving.squadSubjects) subjects.push({ ...subject, currentSquads: renamedIn(subject.currentSquads, renamed) });
  const memberships = diffMemberships(subjects, withRenames(actual, renamed), managed, options.mode);

  const usersByUuid = pairing.byUuid;
  const squadNames = new Map(actual.squads.map((squad) => [squad.uuid, squad.name]));
  const context = { source: desired.source };
  const guarded = holdBack([...drafts, ...links, ...updates, ...reactivations, ...memberships, ...deactivations, ...leaving.deletions], guard, usersByUuid, squadNames, context);
  const unused = diffUnused(desired, actual, lifecycle.deleteUnused, () => ({
    managed: new Set(inputs.links.users.values()),
    deleted: new Set(guarded.kept.flatMap((d) => (d.kind === 'deleteUser' ? [d.user.uuid] : []))),
    written: new Map(guarded.kept.flatMap((d) => (d.kind === 'updateUser' ? [[d.user.uuid, d.after] as const] : []))),
    keptSquads: new Set(squadDrafts.flatMap((d) => (d.kind === 'renameSquad' || d.kind === 'linkSquad' ? [d.uuid] : []))),
    isProtected: (user) => guard.user(user) !== undefined,
  }));
  const finalGuard = holdBack(unused.drafts, guard, usersByUuid, squadNames, context);

  const byStage = new Map<Stage, Draft[]>(stages.map((stage) => [stage, []]));
  for (const draft of [...guarded.kept, ...finalGuard.kept]) byStage.get(handlerOf(draft).stage)!.push(draft);
  let next = 0;
  // The users stage may take several batches, so that an address is free before someone takes it.
  const batches: Batch[] = stages
    .flatMap((stage) => (stage === 'users' ? layerByEmail(byStage.get(stage)!, actual.users) : [byStage.get(stage)!]).map((layer) => ({ stage, layer })))
    // The drafts are this plan's own objects: each becomes its change in place (no second copy of a large plan).
    .map(({ stage, layer }) => ({
      stage,
      changes: layer.map((draft) => Object.assign(draft, { id: `c${String(++next).padStart(4, '0')}`, description: handlerOf(draft).headline(draft, 'imperative', context) }) as Change),
    }))
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
    accounting: accountFor(inputs, changes, {
      creates,
      paired: pairing.pairs,
      disabledNotInDeskbee,
      leavers: changes.filter((c) => c.kind === 'deactivateUser' && c.reason === 'left').length,
    }),
    issues: pairing.conflicts.length > 0 ? [...inputs.issues, ...pairing.conflicts] : inputs.issues,
    drift,
    safety: { verdicts: checkSafety(changes, actual, options.limits, options.overrides), overridden: options.overrides },
    policy: lifecycle,
    heldBack: [...guarded.heldBack, ...unused.heldBack, ...finalGuard.heldBack],
    batches,
    counts,
  };
  return { ...body, fingerprint: planFingerprint(body) };
}

/** A paired user as the plan names them: with their Deskbee uuid and the source's external id. */
type PairedRef = UserRef & { uuid: string; externalId: string };

function pairedRef(have: ActualUser, want: DesiredUser): PairedRef {
  const ref = userRef({ uuid: have.uuid, email: have.email, name: have.name, externalId: want.externalId, source: want.source });
  return ref.uuid !== undefined && ref.externalId !== undefined ? (ref as PairedRef) : { ...ref, uuid: have.uuid, externalId: want.externalId };
}

/** People this tool deleted from Deskbee, by the source key they stood for: created again, they are recreated. */
function deletedUsers(lastApplied: ReadonlyMap<string, UserState>): Map<string, Recreated> {
  const deleted = new Map<string, Recreated>();
  for (const [uuid, state] of lastApplied) {
    if (!state.deleted) continue;
    const key = linkKey(state.deleted.source, state.deleted.externalId);
    const seen = deleted.get(key);
    if (!seen || seen.deletedAt < state.deleted.at) deleted.set(key, { uuid, deletedAt: state.deleted.at });
  }
  return deleted;
}

/** Squad names as they will be once the plan's renames are done; the same list when nothing is renamed. */
function renamedIn(squads: string[], renamed: Map<string, string>): string[] {
  return renamed.size === 0 ? squads : squads.map((name) => renamed.get(name) ?? name);
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
