/**
 * The lifecycle of a leaver through the built-in CLI against the emulator,
 * with the runs' clock moved by the test: deactivated the night they leave,
 * deleted once the grace period from the confirmed deactivation has run
 * out, reactivated (same uuid) when back before that, created anew after.
 * And what is never touched: a protected admin gone from the source.
 */
import { describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/context/run-context.js';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';

type Workforce = ReturnType<typeof generateWorkforce>;
import { openStore } from '../../src/store/open-store.js';
import type { SyncWorkspace } from '../support/cli-harness.js';
import { emulatorSuite, fastClient } from '../support/emulator-suite.js';
import { clientFor } from '../support/deskbee-harness.js';

const dayMs = 24 * 60 * 60 * 1000;
const day1 = Date.parse('2026-03-02T02:00:00.000Z');

/** A clock the test moves: day 1 at 02:00 UTC, then whole days on. */
function movableClock(): Clock & { day(n: number): void } {
  let now = day1;
  return { now: () => now, sleep: systemClock.sleep, day: (n) => void (now = day1 + (n - 1) * dayMs) };
}

function without(workforce: Workforce, ...emails: string[]): Workforce {
  return { ...workforce, people: workforce.people.filter((p) => !emails.includes(p.email)) };
}

describe('leavers: deactivated, deleted after the grace period, back as the same user or created anew', () => {
  const suite = emulatorSuite();
  let ws: SyncWorkspace;
  const workforce = generateWorkforce({ people: 12, squads: 2, costCenters: 2, seed: 7 });
  const active = workforce.people.filter((p) => p.status === 'active');
  const [leaver, rehire] = [active[0]!, active[1]!];


  const userOf = (email: string) => suite.emulator.snapshot().users.find((u) => u.email === email);

  it('deleteAfterDays 30: deactivated day 1, still there day 29, deleted day 31; one back on day 10 is reactivated with the same uuid', async () => {
    const clock = movableClock();
    ws = await suite.workspace({ csv: toCsv(workforce), clock, extraConfig: `${fastClient}\nsync: { leavers: { action: delete, deleteAfterDays: 30 }, limits: { deactivations: { percent: 50 } } }` });
    clock.day(0);
    expect((await ws.run('apply', '--yes')).code).toBe(0);
    const leaverUuid = userOf(leaver.email)!.uuid;
    const rehireUuid = userOf(rehire.email)!.uuid;

    clock.day(1);
    await ws.writeCsv(toCsv(without(workforce, leaver.email, rehire.email)));
    const gone = await ws.run('apply', '--yes');
    expect(gone.code).toBe(0);
    expect(gone.stdout).toContain(`Deactivated user ${leaver.email}: gone from hr-csv`);
    expect(gone.stdout).toMatch(/Leavers\s+deactivated, then deleted 30 days after; kept in their squads/);
    expect(userOf(leaver.email)).toMatchObject({ uuid: leaverUuid, status: false });

    clock.day(10);
    await ws.writeCsv(toCsv(without(workforce, leaver.email)));
    const back = await ws.run('apply', '--yes');
    expect(back.code).toBe(0);
    expect(back.stdout).toContain(`Reactivated user ${rehire.email}: back in hr-csv`);
    expect(userOf(rehire.email)).toMatchObject({ uuid: rehireUuid, status: true });

    clock.day(29);
    const stillThere = await ws.run('plan', '--format', 'json');
    expect(stillThere.code).toBe(0);
    expect(userOf(leaver.email)).toMatchObject({ uuid: leaverUuid, status: false });

    clock.day(31);
    const plan = await ws.run('plan');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(`Would delete user ${leaver.email}: gone from hr-csv, deactivated on 2026-03-02`);
    const deleted = await ws.run('apply', '--yes');
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain(`Deleted user ${leaver.email}`);
    expect(userOf(leaver.email)).toBeUndefined();
    expect(suite.emulator.snapshot().users).toHaveLength(workforce.people.length - 1);
    expect((await ws.run('plan')).code).toBe(0);

    // Back in the source after the deletion: a new Deskbee user, linked, and the report says so.
    clock.day(40);
    await ws.writeCsv(toCsv(workforce));
    const anew = await ws.run('apply', '--yes');
    expect(anew.code).toBe(0);
    expect(anew.stdout).toContain(`Created user ${leaver.email} (${leaver.firstName} ${leaver.lastName}): deleted from Deskbee on 2026-04-01, created anew and linked`);
    const recreated = userOf(leaver.email)!;
    expect(recreated.uuid).not.toBe(leaverUuid);
    expect((await ws.run('plan')).code).toBe(0);
  });

  it('deleteAfterDays 0: two runs delete a leaver, the grace period counted from the confirmed deactivation', async () => {
    const clock = movableClock();
    ws = await suite.workspace({ csv: toCsv(workforce), clock, extraConfig: `${fastClient}\nsync: { leavers: { action: delete, deleteAfterDays: 0 } }` });
    expect((await ws.run('apply', '--yes')).code).toBe(0);
    await ws.writeCsv(toCsv(without(workforce, leaver.email)));
    const first = await ws.run('apply', '--yes');
    expect(first.stdout).toContain(`Deactivated user ${leaver.email}`);
    expect(first.stdout).not.toContain('Deleted user');
    expect(userOf(leaver.email)?.status).toBe(false);
    const store = await openStore({ directory: `${ws.dir}/store` });
    try {
      const state = [...(await store.lastApplied('user')).values()].find((r) => r.state.email === leaver.email);
      expect(state?.state.deactivatedAt).toBe(new Date(day1).toISOString());
    } finally {
      await store.close();
    }
    const second = await ws.run('apply', '--yes');
    expect(second.stdout).toContain(`Deleted user ${leaver.email}`);
    expect(userOf(leaver.email)).toBeUndefined();
  });

  it('a leaver deactivated by hand in Deskbee, not by this tool, is never deleted: no confirmed deactivation to count from', async () => {
    const clock = movableClock();
    ws = await suite.workspace({ csv: toCsv(workforce), clock, extraConfig: `${fastClient}\nsync: { leavers: { action: delete, deleteAfterDays: 0 } }` });
    expect((await ws.run('apply', '--yes')).code).toBe(0);
    // Deactivated by hand in Deskbee, then gone from the source: no deactivation of this tool's to count from.
    await clientFor(suite.emulator).users.update(userOf(leaver.email)!.uuid, { status: false });
    await ws.writeCsv(toCsv(without(workforce, leaver.email)));
    clock.day(400);
    const run = await ws.run('apply', '--yes');
    expect(run.stdout).not.toContain('Delete');
    expect(userOf(leaver.email)?.status).toBe(false);
  });
});
