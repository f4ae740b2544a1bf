import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/engine/build-plan.js';
import { lastAppliedNeeds, usersWritten } from '../../src/engine/last-applied-needs.js';
import { pairUsers } from '../../src/engine/pair-users.js';
import type { PlanInputs, UserState } from '../../src/engine/plan-inputs.js';
import { userFields, type ActualUser, type DesiredUser, type ManagedScope, type UserField } from '../../src/model/directory.js';
import { actualUser, appliedValues, desiredUser, planInputs } from './builders.js';

/** A small seeded generator (mulberry32), so that a failing seed can be run again. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    subset: <T>(items: readonly T[], p: number): T[] => items.filter(() => next() < p),
  };
}

const tagPool = ['parking', 'remote', 'hybrid', 'visitor'];
const costCenters = ['CC-1', 'CC-2', 'CC-3'];

/** One random world: people unchanged, changed by the source, changed by hand in Deskbee, hidden fields, leavers, returns and deletions. */
function world(seed: number): PlanInputs {
  const r = random(seed);
  const users: DesiredUser[] = [];
  const actual: ActualUser[] = [];
  const links = new Map<string, string>();
  const lastApplied = new Map<string, UserState>();
  for (let i = 0; i < 40; i++) {
    const id = `E${i}`;
    const want = desiredUser({
      externalId: id,
      email: `p${i}@corp.example`,
      enrollment: r.chance(0.7) ? `N${i}` : null,
      costCenter: r.chance(0.8) ? r.pick(costCenters) : null,
      tags: r.subset(tagPool, 0.3).sort(),
      documents: r.chance(0.5) ? { badge: `B${i}` } : {},
      status: r.chance(0.9),
    });
    const inSource = r.chance(0.85);
    if (inSource) users.push(want);
    if (inSource && r.chance(0.15)) continue; // not in Deskbee yet
    const uuid = `u-${i}`;
    const have = actualUser({ ...want, uuid, squads: [] });
    if (r.chance(0.2)) have.name = `${want.name} Renamed`;
    if (r.chance(0.15)) have.costCenter = r.pick(costCenters);
    if (r.chance(0.15)) have.tags = r.subset(tagPool, 0.5).sort();
    if (r.chance(0.1)) have.documents = { badge: `X${i}`, locker: 'L1' };
    if (r.chance(0.15)) have.status = !want.status;
    if (r.chance(0.1)) have.unknownFields = r.subset<UserField>(['tags', 'identifier', 'costCenter'], 0.6);
    actual.push(have);
    links.set(id, uuid);
    const last = r.pick(['none', 'actual', 'desired', 'other'] as const);
    if (last === 'actual') lastApplied.set(uuid, appliedValues(have));
    if (last === 'desired') lastApplied.set(uuid, appliedValues(want));
    if (last === 'other') lastApplied.set(uuid, { ...appliedValues(want), name: 'Someone Else', tags: r.subset(tagPool, 0.5).sort(), status: r.chance(0.5) });
    if (last !== 'none' && !have.status && r.chance(0.5)) lastApplied.set(uuid, { ...lastApplied.get(uuid), deactivatedAt: r.pick(['2025-01-01T00:00:00.000Z', '2025-02-27T00:00:00.000Z']) });
  }
  // People this tool deleted: some come back in the source.
  for (let i = 40; i < 44; i++) {
    if (r.chance(0.5)) users.push(desiredUser({ externalId: `E${i}`, email: `p${i}@corp.example` }));
    lastApplied.set(`gone-${i}`, { email: `p${i}@corp.example`, deleted: { at: '2025-01-15T00:00:00.000Z', source: 'hr', externalId: `E${i}` } });
  }
  const managed: Partial<ManagedScope> = r.pick([
    {},
    { fields: userFields.filter((f) => f !== 'costCenter') },
    { tags: { kind: 'names', names: ['parking', 'remote'] } },
  ]);
  return planInputs({
    users,
    actual: { users: actual },
    userLinks: links,
    lastApplied,
    managed,
    options: {
      drift: r.pick(['source-wins', 'deskbee-wins'] as const),
      mode: r.pick(['sync', 'import'] as const),
      lifecycle: {
        leavers: { action: r.pick(['deactivate', 'delete'] as const), deleteAfterDays: 30, removeFromSquads: false },
        deleteUnused: { squads: false, costCenters: false, tags: false },
      },
    },
  });
}

/** The inputs with only the last-applied states a plan run reads: the needs, and the deleted users. */
function onlyNeeded(inputs: PlanInputs) {
  const pairing = pairUsers(inputs);
  const needs = lastAppliedNeeds(pairing, inputs.desired.managed, inputs.options);
  const read = new Map<string, UserState>();
  for (const uuid of needs) if (inputs.lastApplied.has(uuid)) read.set(uuid, inputs.lastApplied.get(uuid)!);
  for (const [uuid, state] of inputs.lastApplied) if (state.deleted) read.set(uuid, state);
  return { inputs: { ...inputs, lastApplied: read }, pairing, needs };
}

describe('last-applied states read only for the people the planner may change', () => {
  it('gives the same plan as every state would, over 300 random worlds', () => {
    let writes = 0;
    let skipped = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const inputs = world(seed);
      const full = buildPlan(inputs);
      const lazy = onlyNeeded(inputs);
      expect(buildPlan(lazy.inputs, lazy.pairing), `seed ${seed}`).toEqual(full);
      // Everyone the plan writes has their state read, for the apply to merge into.
      const needed = new Set(lazy.needs);
      for (const uuid of usersWritten(full)) expect(needed.has(uuid), `seed ${seed}: ${uuid}`).toBe(true);
      writes += usersWritten(full).length;
      skipped += inputs.lastApplied.size - lazy.inputs.lastApplied.size;
    }
    // The worlds hold both kinds: people written and people whose state is not read.
    expect(writes).toBeGreaterThan(1000);
    expect(skipped).toBeGreaterThan(1000);
  });

  it('reads none for people whose Deskbee values are the source’s, and reads drifted, deactivated and leaving people', () => {
    const same = desiredUser({ externalId: 'E1', email: 'same@corp.example', tags: ['parking'] });
    const drifted = desiredUser({ externalId: 'E2', email: 'drift@corp.example' });
    const off = desiredUser({ externalId: 'E3', email: 'off@corp.example' });
    const hidden = desiredUser({ externalId: 'E4', email: 'hidden@corp.example', tags: ['parking'] });
    const inputs = planInputs({
      users: [same, drifted, off, hidden],
      actual: {
        users: [
          actualUser({ ...same, uuid: 'u-1' }),
          actualUser({ ...drifted, uuid: 'u-2', name: 'Changed By Hand' }),
          actualUser({ ...off, uuid: 'u-3', status: false }),
          actualUser({ ...hidden, uuid: 'u-4', tags: [], unknownFields: ['tags'] }),
          actualUser({ uuid: 'u-5', email: 'left@corp.example' }),
        ],
      },
      userLinks: { E1: 'u-1', E2: 'u-2', E3: 'u-3', E4: 'u-4', E5: 'u-5' },
    });
    expect(lastAppliedNeeds(pairUsers(inputs), inputs.desired.managed, inputs.options).sort()).toEqual(['u-2', 'u-3', 'u-4', 'u-5']);
  });
});
