/**
 * Invariant 4 against an API that behaves as Deskbee's reference allows and
 * our emulator does not by default: a body field dropped silently with a
 * 2xx, a field absent from every answer, a value stored otherwise than it
 * was written. No change may end "applied" for a write that did not happen.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import type { FaultSettingsInput, RunningEmulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/open-store.js';
import type { JournalEntry } from '../../src/store/snapshot-store.js';
import { syncWorkspace, type SyncWorkspace } from '../support/cli-harness.js';
import { startTestEmulator } from '../support/deskbee-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const fast = 'deskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }';

describe('verified writes: nothing is "applied" that Deskbee does not show', () => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let ws: SyncWorkspace;
  const workforce = generateWorkforce({ people: 24, squads: 3, costCenters: 3, seed: 21 });

  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  afterEach(async () => {
    await ws?.remove();
    await database?.drop();
    emulator.seed({});
    emulator.setFaults({ undeclaredUserFields: [], hiddenUserFields: [], alteredUserFields: {} });
  });

  async function applyWith(faults: FaultSettingsInput) {
    database = await createTestDatabase('verified');
    // An error budget larger than the run, so that every change is tried.
    ws = await syncWorkspace(emulator, { databaseUrl: database.url, csv: toCsv(workforce), extraConfig: `${fast}\nsync: { errorBudget: 1000, limits: { updates: { percent: null } } }` });
    emulator.setFaults(faults);
    const applied = await ws.run('apply', '--yes');
    const store = await openStore({ databaseUrl: database.url });
    try {
      const [run] = await store.recentRuns(1);
      const journal = await store.journalOf(run!.id);
      const lastApplied = [...(await store.lastApplied('user')).values()].map((r) => r.state);
      return { applied, run: run!, journal, lastApplied };
    } finally {
      await store.close();
    }
  }

  const ofKind = (journal: JournalEntry[], kind: string) => journal.filter((e) => e.changeKind === kind);

  it('a cost center dropped silently and never shown: every user write is unconfirmed, exit 7, nothing recorded, planned again', async () => {
    const { applied, run, journal, lastApplied } = await applyWith({ undeclaredUserFields: ['cost_center_uuid'], hiddenUserFields: ['cost_center'] });
    expect(applied.code).toBe(7);
    const creates = ofKind(journal, 'createUser');
    expect(creates).toHaveLength(workforce.people.length);
    expect(creates.every((e) => e.outcome === 'unconfirmed')).toBe(true);
    expect(creates[0]!.reason).toMatch(/costCenter \(sent as cost_center_uuid on POST \/users\)/);
    expect(run.outcome).toBe('partial');
    expect(run.counts.createUser).toMatchObject({ planned: workforce.people.length, unconfirmed: workforce.people.length });
    expect(lastApplied).toHaveLength(workforce.people.length);
    expect(lastApplied.every((state) => !('costCenter' in state) && typeof state.name === 'string')).toBe(true);
    expect(applied.stdout).toMatch(/Unconfirmed \(24\)/);
    expect(applied.stdout).toMatch(/Unconfirmed: cost center, in 24 change\(s\)\. .*body key cost_center_uuid on POST \/users.*GET \/users\/\{uuid\}\?include=squads.*deskbee\.userFields\.costCenter/s);
    // The emulator kept no cost center: the plan still wants them all.
    expect(emulator.snapshot().users.every((u) => !u.cost_center)).toBe(true);
    const again = await ws.run('plan', '--format', 'json');
    expect(again.code).toBe(2);
    const plan = JSON.parse(again.stdout) as { counts: Record<string, number>; batches: { changes: { kind: string; after?: Record<string, unknown> }[] }[] };
    const updates = plan.batches.flatMap((b) => b.changes).filter((c) => c.kind === 'updateUser');
    expect(updates).toHaveLength(workforce.people.length);
    expect(updates.every((c) => c.after && Object.keys(c.after).join() === 'costCenter')).toBe(true);
  });

  it('tags dropped silently and never shown: unconfirmed, exit 7, no tags recorded as applied', async () => {
    const { applied, journal, lastApplied } = await applyWith({ undeclaredUserFields: ['tags'], hiddenUserFields: ['tags'] });
    expect(applied.code).toBe(7);
    const tagged = workforce.people.filter((p) => p.tags.length > 0).length;
    expect(tagged).toBeGreaterThan(0);
    const unconfirmed = ofKind(journal, 'createUser').filter((e) => e.outcome === 'unconfirmed');
    expect(unconfirmed).toHaveLength(workforce.people.length);
    expect(unconfirmed[0]!.reason).toMatch(/tags \(sent as tags/);
    expect(lastApplied.some((state) => 'tags' in state)).toBe(false);
    expect((await ws.run('plan')).code).toBe(2);
  });

  it('a name stored otherwise than written: the change fails with both values, the user stays linked, and the plan proposes the name again', async () => {
    const { applied, journal, lastApplied } = await applyWith({ alteredUserFields: { name: ['upper'] } });
    expect(applied.code).toBe(7);
    const creates = ofKind(journal, 'createUser');
    expect(creates.map((e) => e.outcome)).toEqual(creates.map(() => 'failed'));
    const person = workforce.people[0]!;
    const written = `${person.firstName} ${person.lastName}`;
    const reasons = creates.map((e) => e.reason ?? '').join('\n');
    expect(reasons).toContain(`name ${JSON.stringify(written.toUpperCase())} where ${JSON.stringify(written)} was written`);
    expect(applied.stdout).toMatch(/not_stored_as_written/);
    expect(lastApplied.every((state) => !('name' in state) && 'email' in state)).toBe(true);
    emulator.setFaults({ alteredUserFields: {} });
    const again = await ws.run('plan', '--format', 'json');
    expect(again.code).toBe(2);
    const plan = JSON.parse(again.stdout) as { counts: Record<string, number> };
    // Linked, not created again: the names are edits.
    expect(plan.counts.createUser).toBeUndefined();
    expect(plan.counts.updateUser).toBe(workforce.people.length);
  });

  it('with nothing hidden, every write is confirmed and the run exits 0', async () => {
    const { applied, journal } = await applyWith({});
    expect(applied.code).toBe(0);
    expect(journal.every((e) => e.outcome === 'applied')).toBe(true);
    expect((await ws.run('plan')).code).toBe(0);
  });
});
