/**
 * Protected users and squads through the CLI against the emulator: an
 * admin who disappears from the source is neither deactivated nor taken
 * out of a squad, and the plan lists what it held back and why; the
 * default protects admins, `profiles: []` turns that off.
 */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import type { Plan } from '../../src/plan/plan-types.js';
import type { SyncWorkspace } from '../support/cli-harness.js';
import { emulatorSuite, fastClient } from '../support/emulator-suite.js';


describe('protected users and squads', () => {
  const suite = emulatorSuite();
  let ws: SyncWorkspace;
  const workforce = generateWorkforce({ people: 12, squads: 2, costCenters: 2, seed: 11 });
  const people = workforce.people.filter((p) => p.status === 'active');
  const admin = people[0]!;
  const squadmate = people.find((p) => p !== admin && p.teams[0] === admin.teams[0])!;


  /**
   * The admin and a squadmate are in Deskbee already, in their squad; the
   * first apply links them by email. Then both leave the source.
   */
  async function adminLeaves(extraConfig = '') {
    const squad = admin.teams[0]!;
    suite.emulator.seed({
      squads: [{ name: squad }],
      users: [
        { name: `${admin.firstName} ${admin.lastName}`, email: admin.email, profile: 'admin', squads: [squad] },
        { name: `${squadmate.firstName} ${squadmate.lastName}`, email: squadmate.email, squads: [squad] },
      ],
    });
    ws = await suite.workspace({ csv: toCsv(workforce), extraConfig: `${fastClient}\nsync: { limits: { deactivations: { percent: 100 } } }\n${extraConfig}` });
    const first = await ws.run('apply', '--yes');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Linked Deskbee user ${admin.email}`);
    await ws.writeCsv(toCsv({ ...workforce, people: workforce.people.filter((p) => p !== admin && p !== squadmate) }));
  }

  const userOf = (email: string) => suite.emulator.snapshot().users.find((u) => u.email === email);

  it('an admin gone from the source is untouched and listed as held back', async () => {
    await adminLeaves();
    const plan = await ws.run('plan', '--format', 'json');
    expect(plan.code).toBe(2);
    const parsed = JSON.parse(plan.stdout) as Plan;
    const changes = parsed.batches.flatMap((b) => b.changes);
    expect(changes.some((c) => 'user' in c && c.user.email === admin.email)).toBe(false);
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'deactivateUser', user: expect.objectContaining({ email: squadmate.email }) }));
    expect(parsed.heldBack).toEqual([{ kind: 'deactivateUser', subject: `user:${admin.email}`, change: `Deactivate user ${admin.email}: gone from hr-csv`, reason: 'protected (profile admin)' }]);

    const text = await ws.run('plan');
    expect(text.stdout).toMatch(/Held back \(1\): what the plan would have done and does not\n\s+Deactivate user \S+: gone from hr-csv: held back, protected \(profile admin\)/);

    const applied = await ws.run('apply', '--yes');
    expect(applied.code).toBe(0);
    expect(userOf(admin.email)).toMatchObject({ status: true, profile: 'admin' });
    expect(userOf(squadmate.email)?.status).toBe(false);
    // Held back again next time: still listed, never done.
    const again = JSON.parse((await ws.run('plan', '--format', 'json')).stdout) as Plan;
    expect(again.heldBack).toHaveLength(1);
    expect(again.batches).toEqual([]);
  });

  it('with removeFromSquads, a protected member stays in the squad that other leavers are taken out of', async () => {
    await adminLeaves('');
    await ws.writeCsv(toCsv({ ...workforce, people: workforce.people.filter((p) => p !== admin && p !== squadmate) }));
    const config = `${ws.configPath}`;
    const { readFile, writeFile } = await import('node:fs/promises');
    await writeFile(config, (await readFile(config, 'utf8')).replace('sync: { limits: { deactivations: { percent: 100 } } }', 'sync: { limits: { deactivations: { percent: 100 } }, leavers: { removeFromSquads: true } }'));
    const plan = JSON.parse((await ws.run('plan', '--format', 'json')).stdout) as Plan;
    const squad = admin.teams[0]!;
    expect(plan.policy?.leavers.removeFromSquads).toBe(true);
    const removal = plan.batches.flatMap((b) => b.changes).find((c) => c.kind === 'removeMembers' && c.squad === squad);
    expect(removal && 'users' in removal ? removal.users.map((u) => u.email) : []).toEqual([squadmate.email]);
    expect(plan.heldBack?.map((h) => h.change)).toEqual(expect.arrayContaining([`Deactivate user ${admin.email}: gone from hr-csv`, `Remove ${admin.email} from squad ${squad}`]));
    expect((await ws.run('apply', '--yes')).code).toBe(0);
    const squadUuid = suite.emulator.snapshot().squads.find((s) => s.name === squad)!.uuid;
    expect(userOf(admin.email)?.squads).toContain(squadUuid);
    expect(userOf(squadmate.email)?.squads ?? []).not.toContain(squadUuid);
  });

  it('profiles: [] turns the default off: the admin is deactivated like anyone', async () => {
    await adminLeaves('protect: { users: { profiles: [] } }');
    const applied = await ws.run('apply', '--yes');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`Deactivated user ${admin.email}`);
    expect(userOf(admin.email)?.status).toBe(false);
  });

  it('a protected squad by pattern: renamed or emptied never, and held back with the rule', async () => {
    const squad = admin.teams[0]!;
    await adminLeaves(`protect: { users: { profiles: [] }, squads: { patterns: ['^${squad.slice(0, 3)}'] } }`);
    const { readFile, writeFile } = await import('node:fs/promises');
    await writeFile(ws.configPath, (await readFile(ws.configPath, 'utf8')).replace('sync: { limits: { deactivations: { percent: 100 } } }', 'sync: { limits: { deactivations: { percent: 100 } }, leavers: { removeFromSquads: true } }'));
    const plan = JSON.parse((await ws.run('plan', '--format', 'json')).stdout) as Plan;
    expect(plan.batches.flatMap((b) => b.changes).some((c) => c.kind === 'removeMembers' && c.squad === squad)).toBe(false);
    expect(plan.heldBack).toContainEqual({ kind: 'removeMembers', subject: `squad:${squad}`, change: `Remove 2 users from squad ${squad}`, reason: `protected squad (name matches /^${squad.slice(0, 3)}/)` });
  });
});
