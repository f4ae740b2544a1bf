/**
 * Every safety limit, tripped through the CLI against the emulator: one
 * plan that counts toward all of them, every limit set to 0. Over a limit,
 * `apply` exits 6, names each limit with its value and the limit, and
 * writes nothing; `--allow NAME` lifts exactly that one, and the run's
 * record says which were lifted.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import { limitNames } from '../../src/engine/safety.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { openStore } from '../../src/store/open-store.js';
import { syncWorkspace, type SyncWorkspace } from '../support/cli-harness.js';
import { startTestEmulator } from '../support/deskbee-harness.js';

const fast = 'deskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }';
const policy = 'leavers: { action: delete, deleteAfterDays: 0 }, squads: { deleteUnused: true }, costCenters: { deleteUnused: true }, tags: { deleteUnused: true }';
const zero = '{ count: 0, percent: 0 }';
const allZero = `limits: { creates: ${zero}, updates: ${zero}, deactivations: ${zero}, userDeletions: ${zero}, squadDeletions: ${zero}, costCenterDeletions: ${zero}, membershipRemovals: { count: 0, percent: 0, perSquadPercent: 0 }, tagRemovals: ${zero}, total: ${zero} }`;
const open = 'limits: { deactivations: { percent: 100 } }';

describe('every safety limit, through apply', () => {
  let emulator: RunningEmulator;
  let ws: SyncWorkspace;
  const workforce = generateWorkforce({ people: 24, squads: 2, costCenters: 2, seed: 5 });
  const people = workforce.people.filter((p) => p.status === 'active');
  const [deleted, leaver, renamed, mover] = [people[0]!, people[1]!, people[2]!, people[3]!];
  const newcomer = { ...people[4]!, employeeId: 'E90001', email: 'newcomer@corp.example', firstName: 'Nova' };

  async function setLimits(limits: string) {
    const text = await readFile(ws.configPath, 'utf8');
    await writeFile(ws.configPath, text.replace(/^sync: .*$/m, `sync: { ${policy}, ${limits} }`));
  }

  beforeAll(async () => {
    emulator = await startTestEmulator();
    ws = await syncWorkspace(emulator, { csv: toCsv(workforce), extraConfig: `${fast}\nsync: { ${policy}, ${open} }` });
    expect((await ws.run('apply', '--yes')).code).toBe(0);
    // A leaver deactivated by this tool: with deleteAfterDays 0, the next run deletes them.
    await ws.writeCsv(toCsv({ ...workforce, people: workforce.people.filter((p) => p !== deleted) }));
    expect((await ws.run('apply', '--yes')).code).toBe(0);
    // Squads, cost centers and tags no source wants, enough of each for percents to count.
    const tens = Array.from({ length: 10 }, (_, i) => i + 1);
    emulator.seed(
      { squads: tens.map((i) => ({ name: `Old squad ${i}` })), cost_centers: tens.map((i) => ({ code: `OLD-${i}`, name: `Old ${i}` })), tags: tens.map((i) => ({ name: `legacy-${i}` })) },
      'merge',
    );
    // One night that counts toward every limit: a newcomer, a rename, a leaver, a squad change, and the deletions.
    const otherSquad = workforce.people.map((p) => p.teams[0]!).find((team) => team !== mover.teams[0])!;
    const night = workforce.people
      .filter((p) => p !== deleted && p !== leaver)
      .map((p) => (p === renamed ? { ...p, lastName: `${p.lastName}-Renamed` } : p === mover ? { ...p, teams: [otherSquad] } : p));
    await ws.writeCsv(toCsv({ ...workforce, people: [...night, newcomer] }));
    await setLimits(allZero);
  }, 120_000);
  afterAll(async () => {
    await ws?.remove();
    await emulator?.close();
  });

  it('a plan that counts toward every limit is over each one, and says so by name, value and limit', async () => {
    const planned = await ws.run('plan', '--format', 'json');
    expect(planned.code).toBe(6);
    const plan = JSON.parse(planned.stdout) as Plan;
    expect(plan.safety.verdicts.map((v) => v.limit).sort()).toEqual([...limitNames].sort());
    for (const verdict of plan.safety.verdicts) expect(verdict, verdict.limit).toMatchObject({ ok: false, max: 0 });
    for (const verdict of plan.safety.verdicts) expect(verdict.value, verdict.limit).toBeGreaterThan(0);
  });

  it('apply exits 6 naming every limit, and writes nothing', async () => {
    emulator.resetStats();
    const stopped = await ws.run('apply', '--yes');
    expect(stopped.code).toBe(6);
    for (const name of limitNames) expect(stopped.stderr, name).toContain(`--allow ${name}`);
    expect(stopped.stderr).toMatch(/Would deactivate 1 user; the limit is 0\./);
    expect(stopped.stderr).toMatch(/Would delete 1 user, [\d.]+% of Deskbee's 24 users; the limit is 0%\./);
    expect(stopped.stderr).toMatch(/Would delete 10 squads; the limit is 0\./);
    expect(emulator.stats().writes).toBe(0);
  });

  it.each(limitNames)('--allow every limit but %s: still refused, for that one alone, nothing written', async (name) => {
    emulator.resetStats();
    const others = limitNames.filter((n) => n !== name);
    const stopped = await ws.run('apply', '--yes', '--allow', ...others);
    expect(stopped.code).toBe(6);
    const hint = /run again with (.*)\.?$/m.exec(stopped.stderr)?.[1] ?? '';
    expect(hint.trim().replace(/\.$/, '')).toBe(`--allow ${name}`);
    expect(emulator.stats().writes).toBe(0);
  });

  it('--allow every limit applies it, and the run record names each limit lifted', async () => {
    const applied = await ws.run('apply', '--yes', '--allow', ...limitNames);
    expect(applied.code).toBe(0);
    expect(emulator.snapshot().users.find((u) => u.email === deleted.email)).toBeUndefined();
    expect(emulator.snapshot().squads.some((s) => s.name.startsWith('Old squad'))).toBe(false);
    const store = await openStore({ directory: `${ws.dir}/store` });
    try {
      const [run] = await store.recentRuns(1);
      expect(run?.liftedLimits.sort()).toEqual([...limitNames].sort());
    } finally {
      await store.close();
    }
    const status = await ws.run('status');
    expect(status.stdout).toContain(`safety limits lifted with --allow: ${limitNames.join(', ')}`);
  });
});
