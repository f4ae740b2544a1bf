import { createHash } from 'node:crypto';
import type { RunContext } from '../context/run-context.js';
import type { DeskbeeApi } from '../deskbee/deskbee-api.js';
import { SourceError } from '../errors.js';
import { mapEntries } from '../mapping/map-entries.js';
import type { Mapping } from '../mapping/mapping-schema.js';
import { mergePeople } from '../merge/merge-people.js';
import type { MappedSource, MergeResult, MergeRules } from '../merge/merge-types.js';
import { linkKey, type ActualState } from '../model/directory.js';
import type { JsonObject, SnapshotStore } from '../store/snapshot-store.js';
import { summarized, type Source } from '../sources/source.js';
import { buildPlan } from './build-plan.js';
import { fetchActual } from './fetch-actual.js';
import { lastAppliedNeeds, usersWritten } from './last-applied-needs.js';
import { pairUsers } from './pair-users.js';
import { shareEqualStrings } from './shared-strings.js';
import type { PlanInputs, PlanOptions, PlanTarget, UserState } from './plan-inputs.js';
import type { Plan, UserValues } from '../plan/plan-types.js';
import { canonical } from './values.js';

/** What a plan was made from, kept for the apply that follows it. */
export interface PlanContext {
  actual: ActualState;
  /** Links of every source, keyed by linkKey(source, external id). */
  userLinks: Map<string, string>;
  /** Last-applied states of the users the plan writes (and of those the planner needed), by uuid. */
  lastApplied: Map<string, UserValues>;
  /** Problems that left nothing out (a cost center named two ways, an unused column). */
  warnings: string[];
}

/** One configured source and its mapping. */
export interface SourceInput {
  source: Source;
  mapping: Mapping;
}

export interface PrepareDeps {
  /** Every configured source, in configuration order. */
  inputs: SourceInput[];
  merge: MergeRules;
  api: DeskbeeApi;
  store: SnapshotStore;
  ctx: RunContext;
  target: PlanTarget;
  options: Omit<PlanOptions, 'match'>;
}

/**
 * The read, map, merge, fetch and diff stages: reads every source whole
 * (all or nothing: any source failing stops the run), maps each with its
 * mapping, merges them into one desired state, reads Deskbee and the store,
 * and plans. Writes nothing. Deskbee and the store are read while the
 * sources are, since neither depends on the other; a source that fails
 * stops the Deskbee read after the page in flight.
 */
export async function preparePlan(deps: PrepareDeps): Promise<{ plan: Plan; context: PlanContext }> {
  const { ctx } = deps;
  const stop = new AbortController();
  const current = readCurrent(deps, stop.signal);
  // Awaited below; a failure while a source is still being read must not count as unhandled.
  current.catch(() => undefined);
  let sources: MappedSource[];
  let merged: MergeResult;
  try {
    sources = await readSources(deps);
    merged = mergePeople(sources, deps.merge);
    if (merged.state.users.length === 0) {
      const read = sources.map((s) => `${s.name}: ${s.summary.entries} entries read, ${s.mapped.issues.length} left out with issues`).join('; ');
      throw new SourceError(`no usable person (${read}); refusing to plan, since an empty source would look like everyone left.`, merged.state.source);
    }
  } catch (error) {
    stop.abort(error);
    await current.catch(() => undefined);
    throw error;
  }
  const { actual, userLinks, squadLinks, deleted } = await current;
  const mappings = deps.inputs.map((input) => input.mapping);
  const options = { ...deps.options, match: mappings[0]?.match ?? ['enrollment', 'email'] } satisfies PlanOptions;
  const links = { users: userLinks, squads: squadLinks };
  const pairing = pairUsers({ desired: merged.state, actual, links, leftOut: merged.leftOut, options });
  shareEqualStrings(pairing, userLinks);
  const needs = lastAppliedNeeds(pairing, merged.state.managed, options);
  const lastApplied = await readLastApplied(deps.store, needs, deleted);
  const plan = buildPlan(
    {
      desired: merged.state,
      leftOut: merged.leftOut,
      issues: merged.issues,
      entries: entryCounts(merged, sources),
      actual,
      links,
      lastApplied,
      source: sourceInfo(sources),
      ...(sources.length > 1 ? { sources: sources.map(infoOf) } : {}),
      target: deps.target,
      // Match rules: those of the first mapping (the identifying source's mapping says how its people are adopted).
      options,
      now: new Date(ctx.clock.now()).toISOString(),
    },
    pairing,
  );
  // The apply merges what Deskbee confirms into each written user's state: every one of them is read (the needs cover them; this makes sure).
  const needed = new Set(needs);
  const unread = usersWritten(plan).filter((uuid) => !needed.has(uuid));
  if (unread.length > 0) for (const [uuid, state] of await readLastApplied(deps.store, unread)) lastApplied.set(uuid, state);
  const warnings = sources.flatMap((s) =>
    s.mapped.warnings.map((w) => `${sources.length > 1 ? `${s.name}: ` : ''}${w.origin ? `${w.origin}: ` : ''}${w.field ? `${w.field}: ` : ''}${w.message}`),
  );
  return { plan, context: { actual, userLinks, lastApplied, warnings } };
}

/** Every configured source, read whole and mapped, in configuration order. */
async function readSources(deps: PrepareDeps): Promise<MappedSource[]> {
  const sources: MappedSource[] = [];
  for (const { source, mapping } of deps.inputs) {
    deps.ctx.logger.info(`reading ${source.kind} source ${source.name}`);
    const read = summarized(source, deps.ctx);
    const mapped = await mapEntries(mapping, read.entries);
    sources.push({ name: source.name, kind: source.kind, mapped, summary: read.summary(), mappingFingerprint: digest(canonical(mapping)) });
  }
  return sources;
}

/** What Deskbee holds now, with the store's links and last-applied state for it. */
async function readCurrent(deps: PrepareDeps, signal: AbortSignal) {
  deps.ctx.logger.info(`reading Deskbee at ${deps.target.baseUrl}`);
  const names = deps.inputs.map((input) => input.source.name);
  const [actual, userLinks, squadLinks, deleted] = await Promise.all([
    fetchActual(deps.api, deps.ctx.progress, signal),
    linksOf(deps.store, names, 'user'),
    linksOf(deps.store, names, 'squad'),
    deps.store.lastAppliedWith('user', 'deleted'),
  ]);
  return { actual, userLinks, squadLinks, deleted };
}

/** The last-applied states of these users, with those of the users this tool deleted (`deleted`, read already). */
async function readLastApplied(store: SnapshotStore, uuids: string[], deleted: Map<string, JsonObject> = new Map()): Promise<Map<string, UserState>> {
  const states = (await store.lastAppliedOf('user', uuids)) as Map<string, UserState>;
  for (const [uuid, state] of deleted) states.set(uuid, state as UserState);
  return states;
}

/** Every source's links of one kind, keyed by linkKey. */
async function linksOf(store: SnapshotStore, sources: string[], kind: 'user' | 'squad'): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  for (const source of sources) for (const [externalId, uuid] of await store.linkMap(source, kind)) all.set(linkKey(source, externalId), uuid);
  return all;
}

function entryCounts(merged: MergeResult, sources: MappedSource[]): PlanInputs['entries'] {
  let people = 0;
  let leftOut = 0;
  let notTaken = 0;
  for (const account of merged.accounts) {
    people += account.people;
    leftOut += account.leftOut;
    notTaken += account.notTaken;
  }
  const groups = sources.reduce((n, s) => n + s.mapped.entries.groups, 0);
  const groupsLeftOut = sources.reduce((n, s) => n + s.mapped.entries.groupsLeftOut, 0);
  const merges = people - leftOut - notTaken - merged.state.users.length;
  return { people, leftOut, notTaken, merged: merges, groups, groupsLeftOut, bySource: sources.length > 1 ? merged.accounts : undefined };
}

function infoOf(source: MappedSource): Plan['source'] {
  return { name: source.name, kind: source.kind, fingerprint: source.summary.fingerprint, entries: source.summary.entries, mappingFingerprint: source.mappingFingerprint };
}

/** The plan's source: the one source, or the sources together (`ad+hr`, fingerprints over all). */
function sourceInfo(sources: MappedSource[]): Plan['source'] {
  const [only] = sources;
  if (sources.length === 1 && only) return infoOf(only);
  return {
    name: sources.map((s) => s.name).join('+'),
    kind: sources.map((s) => s.kind).join('+'),
    fingerprint: digest(sources.map((s) => s.summary.fingerprint).join(' ')),
    entries: sources.reduce((n, s) => n + s.summary.entries, 0),
    mappingFingerprint: digest(sources.map((s) => s.mappingFingerprint).join(' ')),
  };
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
