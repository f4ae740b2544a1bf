import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeCostCenters, changeEmails, dropPeople, moveBetweenSquads } from '../../src/demo/sample-hr-mutations.js';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { planChanges } from '../../src/plan/plan-types.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { syncWorkspace, type SyncWorkspace } from '../support/cli-harness.js';
import { startTestEmulator } from '../support/deskbee-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const fast = 'deskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }';

describe('an HR CSV of 2,000 people synced end to end through the CLI', () => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let ws: SyncWorkspace;
  const base = generateWorkforce({ people: 2000, squads: 50, costCenters: 20, seed: 7 });

  beforeAll(async () => {
    emulator = await startTestEmulator();
    database = await createTestDatabase('e2e_hr');
    ws = await syncWorkspace(emulator, { databaseUrl: database.url, csv: toCsv(base), extraConfig: fast });
  });
  afterAll(async () => {
    await emulator?.close();
    await database?.drop();
    await ws?.remove();
  });

  it('plans the whole account from empty without writing, then applies it', async () => {
    const plan = await ws.run('plan');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Would create user');
    expect(emulator.stats().writes).toBe(0);

    const apply = await ws.run('apply', '--yes');
    expect(apply.stderr).not.toContain("error");
    expect(apply.code).toBe(0);
    const state = emulator.snapshot();
    expect(state.users).toHaveLength(2000);
    expect(state.squads).toHaveLength(50);
    expect(state.cost_centers).toHaveLength(20);
    expect(state.tags.map((t) => t.name).sort()).toEqual([...base.tagNames].sort());
    const memberships = state.users.reduce((n, u) => n + u.squads.length, 0);
    expect(memberships).toBe(base.people.reduce((n, p) => n + p.teams.length, 0));
  });

  it('then plans nothing, and a second apply sends no write', async () => {
    const plan = await ws.run('plan');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes');
    emulator.resetStats();
    const apply = await ws.run('apply', '--yes');
    expect(apply.code).toBe(0);
    expect(emulator.stats().writes).toBe(0);
  });

  it('after 10 email changes, 30 moves, 5 leavers and 7 cost-center changes, plans exactly those', async () => {
    const uuidByEnrollment = new Map(emulator.snapshot().users.map((u) => [u.enrollment, u.uuid]));
    const emails = changeEmails(base, 10, 1);
    const touched = new Set(emails.employeeIds);
    const moves = moveBetweenSquads(emails.workforce, 30, 2, touched);
    moves.employeeIds.forEach((id) => touched.add(id));
    const leavers = dropPeople(moves.workforce, 5, 3, touched);
    leavers.employeeIds.forEach((id) => touched.add(id));
    const costCenters = changeCostCenters(leavers.workforce, 7, 4, touched);
    await ws.writeCsv(toCsv(costCenters.workforce));

    const planPath = join(ws.dir, 'plan.json');
    const result = await ws.run('plan', '--format', 'json', '--out', planPath);
    expect(result.code).toBe(2);
    const plan = JSON.parse(await readFile(planPath, 'utf8')) as Plan;
    const changes = planChanges(plan);

    const kinds = new Set(changes.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['addMembers', 'deactivateUser', 'removeMembers', 'updateUser']);

    const updates = changes.flatMap((c) => (c.kind === 'updateUser' ? [c] : []));
    const emailUpdates = new Map(updates.filter((u) => 'email' in u.after).map((u) => [u.user.externalId, u.after.email]));
    expect(Object.fromEntries(emailUpdates)).toEqual(Object.fromEntries(emails.changes.map((c) => [c.employeeId, c.to])));
    const ccUpdates = new Map(updates.filter((u) => 'costCenter' in u.after).map((u) => [u.user.externalId, u.after.costCenter]));
    expect(Object.fromEntries(ccUpdates)).toEqual(Object.fromEntries(costCenters.changes.map((c) => [c.employeeId, c.to.code])));
    expect(updates).toHaveLength(17);
    for (const update of updates) expect(Object.keys(update.after)).toHaveLength(1);

    const deactivated = changes.flatMap((c) => (c.kind === 'deactivateUser' ? [c.user.externalId] : []));
    expect(deactivated.sort()).toEqual([...leavers.employeeIds].sort());

    const added = changes.flatMap((c) => (c.kind === 'addMembers' ? c.users.map((u) => `${u.externalId}>${c.squad}`) : []));
    const removed = changes.flatMap((c) => (c.kind === 'removeMembers' ? c.users.map((u) => `${u.externalId}<${c.squad}`) : []));
    expect(added.sort()).toEqual(moves.changes.map((m) => `${m.employeeId}>${m.to}`).sort());
    expect(removed.sort()).toEqual(moves.changes.map((m) => `${m.employeeId}<${m.from}`).sort());

    const apply = await ws.run('apply', planPath);
    expect(apply.code).toBe(0);
    const again = await ws.run('plan');
    expect(again.code).toBe(0);

    const after = emulator.snapshot().users;
    expect(after).toHaveLength(2000);
    for (const change of emails.changes) {
      const user = after.find((u) => u.enrollment === change.employeeId);
      expect(user?.email).toBe(change.to);
      expect(user?.uuid).toBe(uuidByEnrollment.get(change.employeeId));
    }
    for (const id of leavers.employeeIds) expect(after.find((u) => u.enrollment === id)?.status).toBe(false);
  });
});
