import { createHash } from 'node:crypto';
import type { RunContext } from '../context/run-context.js';
import type { DeskbeeApi } from '../deskbee/deskbee-api.js';
import { SourceError } from '../errors.js';
import { mapEntries } from '../mapping/map-entries.js';
import type { Mapping } from '../mapping/mapping-schema.js';
import type { ActualState } from '../model/directory.js';
import type { SnapshotStore } from '../store/snapshot-store.js';
import { summarized, type Source } from '../sources/source.js';
import { buildPlan } from './build-plan.js';
import { fetchActual } from './fetch-actual.js';
import type { PlanOptions, PlanTarget } from './plan-inputs.js';
import type { Plan, UserValues } from '../plan/plan-types.js';
import { canonical } from './values.js';

/** What a plan was made from, kept for the apply that follows it. */
export interface PlanContext {
  actual: ActualState;
  userLinks: Map<string, string>;
  lastApplied: Map<string, UserValues>;
  /** Problems that left nothing out (a cost center named two ways, an unused column). */
  warnings: string[];
}

export interface PrepareDeps {
  source: Source;
  mapping: Mapping;
  api: DeskbeeApi;
  store: SnapshotStore;
  ctx: RunContext;
  target: PlanTarget;
  options: Omit<PlanOptions, 'match'>;
}

/**
 * The read, map, fetch and diff stages: reads the whole source (all or
 * nothing), maps it, reads Deskbee and the store, and plans. Writes nothing.
 */
export async function preparePlan(deps: PrepareDeps): Promise<{ plan: Plan; context: PlanContext }> {
  const { source, mapping, ctx } = deps;
  ctx.logger.info(`reading ${source.kind} source ${source.name}`);
  const read = summarized(source, ctx);
  const mapped = await mapEntries(mapping, read.entries);
  const summary = read.summary();
  if (mapped.state.users.length === 0) {
    throw new SourceError(
      `source ${source.name} gave no usable person (${summary.entries} entries read, ${mapped.issues.length} left out with issues); refusing to plan, since an empty source would look like everyone left.`,
      source.name,
    );
  }
  ctx.logger.info(`reading Deskbee at ${deps.target.baseUrl}`);
  const [actual, userLinks, squadLinks, lastByUuid] = await Promise.all([
    fetchActual(deps.api),
    deps.store.linkMap(source.name, 'user'),
    deps.store.linkMap(source.name, 'squad'),
    deps.store.lastAppliedMap('user') as Promise<Map<string, UserValues>>,
  ]);
  const plan = buildPlan({
    desired: mapped.state,
    leftOut: mapped.leftOut,
    issues: [...summary.issues, ...mapped.issues],
    entries: { ...mapped.entries, unreadable: summary.issues.length },
    actual,
    links: { users: userLinks, squads: squadLinks },
    lastApplied: lastByUuid,
    source: {
      name: source.name,
      kind: source.kind,
      fingerprint: summary.fingerprint,
      entries: summary.entries,
      mappingFingerprint: createHash('sha256').update(canonical(mapping)).digest('hex'),
    },
    target: deps.target,
    options: { ...deps.options, match: mapping.match },
    now: new Date(ctx.clock.now()).toISOString(),
  });
  const warnings = mapped.warnings.map((w) => `${w.origin ? `${w.origin}: ` : ''}${w.field ? `${w.field}: ` : ''}${w.message}`);
  return { plan, context: { actual, userLinks, lastApplied: lastByUuid, warnings } };
}
