/**
 * Every row of the exit-code table (src/exit-codes.ts), each triggered by a
 * real scenario through the built command, as a nightly job or a CI gate
 * runs it. `exitCodeScenarios` is called once per store backend.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Ajv } from 'ajv';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import { dropPeople, renamePerson } from '../../src/demo/sample-hr-mutations.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { openStore } from '../../src/store/open-store.js';
import type { SnapshotStore } from '../../src/store/snapshot-store.js';
import { finished, runBuilt, startBuilt } from '../support/built-cli.js';
import { syncWorkspace, type CliResult, type SyncWorkspace } from '../support/cli-harness.js';
import { clientFor, startTestEmulator } from '../support/deskbee-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const fast = 'deskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }';
/** What a stack trace looks like on stderr. */
const stackLine = /^\s+at .+:\d+:\d+\)?$/m;

export function exitCodeScenarios(backend: 'pglite' | 'postgres'): void {
  describe(`exit codes through the built command, ${backend} store`, { timeout: 240_000 }, () => {
    let emulator: RunningEmulator;
    let database: TestDatabase | undefined;
    let ws: SyncWorkspace;
    const workforce = generateWorkforce({ people: 40, squads: 4, costCenters: 2, seed: 13 });

    beforeAll(async () => {
      emulator = await startTestEmulator();
    });
    afterAll(async () => {
      await emulator?.close();
    });
    afterEach(async () => {
      await ws?.remove();
      await database?.drop();
      database = undefined;
      emulator.seed({});
      emulator.setFaults({ latencyMs: 0, routes: null });
      emulator.resetStats();
    });

    async function workspace(csv = toCsv(workforce), extraConfig = fast): Promise<SyncWorkspace> {
      database = backend === 'postgres' ? await createTestDatabase(`exit_${backend}`) : undefined;
      ws = await syncWorkspace(emulator, { csv, extraConfig, ...(database ? { databaseUrl: database.url } : {}) });
      return ws;
    }
    const run = (...args: string[]): Promise<CliResult> => runBuilt(args, ws.env);
    const store = (): Promise<SnapshotStore> => openStore(database ? { databaseUrl: database.url } : { directory: join(ws.dir, 'store') });
    async function lastRun() {
      const s = await store();
      try {
        const [latest] = await s.recentRuns(1);
        return { run: latest!, journal: await s.journalOf(latest!.id) };
      } finally {
        await s.close();
      }
    }

    it('0 done and 2 changes pending', async () => {
      await workspace();
      expect((await run('plan')).code).toBe(2);
      expect((await run('apply', '--yes')).code).toBe(0);
      const settled = await run('plan');
      expect(settled.code).toBe(0);
      expect(settled.stdout).toMatch(/No changes/);
    });

    it('apply --format json prints one document that the published schema accepts', async () => {
      await workspace();
      const result = await run('apply', '--yes', '--format', 'json');
      expect(result.code).toBe(0);
      const document = JSON.parse(result.stdout) as { version: number; outcome: string; plan: { batches: unknown[] }; result: { counts: { applied: number } } };
      expect(document).toMatchObject({ version: 1, command: 'apply', outcome: 'applied', exitCode: 0 });
      expect(document.result.counts.applied).toBeGreaterThan(40);
      const ajv = new Ajv({ strict: false, allErrors: true });
      const validate = ajv.compile(JSON.parse(await readFile('schemas/apply-result.schema.json', 'utf8')) as object);
      expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
      const none = await run('apply', '--yes', '--format', 'json');
      expect(JSON.parse(none.stdout)).toMatchObject({ outcome: 'no-changes', result: null, exitCode: 0 });
      expect(validate(JSON.parse(none.stdout))).toBe(true);
    });

    it('3 a configuration error names the file and key; refused credentials name the variables, never the secret', async () => {
      await workspace();
      const valid = await readFile(ws.configPath, 'utf8');
      await writeFile(ws.configPath, `${valid}\nsync: { limitz: 3 }\n`);
      const config = await run('plan');
      expect(config.code).toBe(3);
      expect(config.stderr).toContain(ws.configPath);
      expect(config.stderr).toMatch(/limitz/);
      await writeFile(ws.configPath, valid);
      const wrong = await runBuilt(['plan'], { ...ws.env, DESKBEE_CLIENT_SECRET: 'wrong-secret-42' });
      expect(wrong.code).toBe(3);
      expect(wrong.stderr).toMatch(/DESKBEE_CLIENT_SECRET/);
      expect(wrong.stderr).not.toContain('wrong-secret-42');
    });

    it('4 a source that cannot be read completely: nothing planned', async () => {
      const lines = toCsv(workforce).split('\n');
      await workspace([...lines.slice(0, 10), 'E99999,"Unclosed,quote', ...lines.slice(10)].join('\n'));
      const result = await run('plan');
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/hr\.csv.*line 11|line 11.*hr\.csv/s);
    });

    it('5 Deskbee cannot be reached', async () => {
      await workspace();
      const closed = await runBuilt(['plan'], { ...ws.env, DESKBEE_BASE_URL: 'http://127.0.0.1:9/v1.1' });
      expect(closed.code).toBe(5);
      expect(closed.stderr).toMatch(/127\.0\.0\.1:9/);
      // With --log-format json every line is JSON, the last error too, and the run's lines carry its id.
      const json = await runBuilt(['plan', '--log-format', 'json'], { ...ws.env, DESKBEE_BASE_URL: 'http://127.0.0.1:9/v1.1' });
      expect(json.code).toBe(5);
      const lines = json.stderr.trim().split('\n').map((line) => JSON.parse(line) as { level: number; msg: string; runId?: number; exitCode?: number });
      const last = lines.at(-1)!;
      expect(last).toMatchObject({ level: 50, exitCode: 5 });
      expect(last.msg).toMatch(/127\.0\.0\.1:9/);
      expect(typeof last.runId).toBe('number');
      const started = lines.findIndex((line) => /^reading csv source/.test(line.msg));
      expect(started).toBeGreaterThanOrEqual(0);
      for (const line of lines.slice(started)) expect(line.runId).toBe(last.runId);
    });

    it('6 over a safety limit, for plan and apply, with nothing written', async () => {
      await workspace(toCsv(workforce), `${fast}\nsync: { limits: { deactivations: { count: 2 } } }`);
      expect((await run('apply', '--yes')).code).toBe(0);
      await ws.writeCsv(toCsv(dropPeople(workforce, 3, 5).workforce));
      emulator.resetStats();
      expect((await run('plan')).code).toBe(6);
      const stopped = await run('apply', '--yes');
      expect(stopped.code).toBe(6);
      expect(stopped.stderr).toMatch(/--allow deactivations/);
      expect(emulator.stats().writes).toBe(0);
    });

    it('6 a stale plan, a plan edited with its sha256 recomputed, and a plan made against another Deskbee: nothing written', async () => {
      await workspace();
      expect((await run('apply', '--yes')).code).toBe(0);
      const moved = renamePerson(workforce, workforce.people[2]!.employeeId, 'Planned');
      await ws.writeCsv(toCsv(moved.workforce));
      const planPath = join(ws.dir, 'reviewed.json');
      expect((await run('plan', '--out', planPath)).code).toBe(2);

      // Edited by hand, fingerprint recomputed the way the file's own text defines it.
      const { planFingerprint } = await import('../../src/plan/plan-json.js');
      const edited = JSON.parse((await readFile(planPath, 'utf8')).replace('Planned"', 'Mallory"')) as Parameters<typeof planFingerprint>[0];
      edited.fingerprint = planFingerprint(edited);
      const { planJson } = await import('../../src/plan/plan-json.js');
      const editedPath = join(ws.dir, 'edited.json');
      await writeFile(editedPath, planJson(edited as never));
      emulator.resetStats();
      const refusedEdit = await run('apply', editedPath);
      expect(refusedEdit.code).toBe(6);
      expect(refusedEdit.stderr).toMatch(/seal does not match/);

      // The same plan pointed at another Deskbee.
      const other = await startTestEmulator();
      try {
        const foreign = await runBuilt(['apply', planPath], { ...ws.env, DESKBEE_BASE_URL: other.baseUrl });
        expect(foreign.code).toBe(6);
        expect(foreign.stderr).toMatch(/made for the Deskbee at .* but this run writes to/);
        expect(other.stats().writes).toBe(0);
      } finally {
        await other.close();
      }

      // Deskbee moved under the plan.
      const target = emulator.snapshot().users.find((u) => u.enrollment === moved.employeeIds[0])!;
      await clientFor(emulator).users.update(target.uuid!, { name: 'Edited By Hand' });
      emulator.resetStats();
      const stale = await run('apply', planPath);
      expect(stale.code).toBe(6);
      expect(stale.stderr).toMatch(/changed since this plan was made/);
      expect(emulator.stats().writes).toBe(0);
    });

    it('6 a store another run holds', async () => {
      await workspace();
      if (backend === 'pglite') {
        const holder = await store();
        try {
          const held = await run('apply', '--yes');
          expect(held.code).toBe(6);
          expect(held.stderr).toMatch(/in use by process/);
        } finally {
          await holder.close();
        }
      } else {
        expect((await run('plan')).code).toBe(2);
        const session = new pg.Client({ connectionString: database!.url });
        await session.connect();
        try {
          await session.query('select pg_advisory_lock($1)', [0x64736b62]);
          const held = await run('apply', '--yes');
          expect(held.code).toBe(6);
          expect(held.stderr).toMatch(/another deskbee-sync apply or import is writing/);
        } finally {
          await session.end();
        }
      }
      expect(emulator.stats().writes).toBe(0);
    });

    it('7 some changes failed', async () => {
      const [, second] = workforce.people;
      emulator.seed({ users: [{ name: 'Someone Else', email: second!.email }] });
      await workspace();
      const noMatch = join(ws.dir, 'no-match.yaml');
      await writeFile(noMatch, (await readFile('mappings/hr-csv.yaml', 'utf8')).replace('match: [enrollment, email]', 'match: []'));
      await writeFile(ws.configPath, (await readFile(ws.configPath, 'utf8')).replace(/^mapping: .*$/m, `mapping: ${JSON.stringify(noMatch)}`));
      const result = await run('apply', '--yes');
      expect(result.code).toBe(7);
      expect((await lastRun()).run.outcome).toBe('partial');
    });

    it('8 entries left out, only with --strict or sync.strict', async () => {
      const lines = toCsv(workforce).split('\n');
      await workspace([...lines.slice(0, 5), lines[5]!.replace(/,[^,@]+@[^,]+,/, ',not-an-email,'), ...lines.slice(6)].join('\n'));
      const plain = await run('apply', '--yes');
      expect(plain.code).toBe(0);
      expect(plain.stdout).toMatch(/1 left out/);
      expect((await run('apply', '--yes', '--strict')).code).toBe(8);
      expect((await run('plan', '--strict')).code).toBe(8);
      await writeFile(ws.configPath, `${await readFile(ws.configPath, 'utf8')}\nsync: { strict: true }\n`);
      expect((await run('plan')).code).toBe(8);
    });

    it('64 a wrong command line, and apply with no terminal to confirm on', async () => {
      await workspace();
      const unknown = await run('plan', '--no-such-option');
      expect(unknown.code).toBe(64);
      expect(unknown.stderr).toMatch(/unknown option/);
      emulator.resetStats();
      const noTty = await run('apply');
      expect(noTty.code).toBe(64);
      expect(noTty.stderr).toMatch(/no terminal to confirm on.*--yes/);
      expect(emulator.stats().writes).toBe(0);
    });

    it('130 SIGINT mid-apply: changes in flight finish, the run is recorded as interrupted, no stack trace', async () => {
      const many = generateWorkforce({ people: 120, squads: 4, costCenters: 2, seed: 17 });
      await workspace(toCsv(many));
      emulator.setFaults({ latencyMs: 20, routes: ['POST /users'] });
      const child = startBuilt(['apply', '--yes'], ws.env);
      const done = finished(child);
      const deadline = Date.now() + 60_000;
      while (emulator.stats().writesCommitted < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGINT');
      const result = await done;
      expect(result.code).toBe(130);
      expect(result.stderr).toMatch(/SIGINT: stopping/);
      expect(result.stderr).toMatch(/interrupted after \d+ change\(s\) were sent.*recorded as interrupted/);
      expect(result.stderr).not.toMatch(stackLine);
      const { run: interrupted, journal } = await lastRun();
      expect(interrupted.outcome).toBe('interrupted');
      const createdHere = journal.filter((e) => e.changeKind === 'createUser' && e.outcome !== 'skipped');
      // Every user Deskbee created is in the journal: nothing in flight was lost.
      expect(emulator.snapshot().users).toHaveLength(createdHere.length);
      expect(emulator.snapshot().users.length).toBeLessThan(many.people.length);
      expect(interrupted.counts.createUser?.applied).toBe(createdHere.filter((e) => e.outcome === 'applied').length);
      emulator.setFaults({ latencyMs: 0, routes: null });
      expect((await run('apply', '--yes')).code).toBe(0);
      expect(emulator.snapshot().users).toHaveLength(many.people.length);
    });

    it('a closed output (apply --yes | head -1) ends quietly, with the run closed in the store', async () => {
      const many = generateWorkforce({ people: 300, squads: 6, costCenters: 3, seed: 19 });
      await workspace(toCsv(many));
      const child = spawn('bash', ['-c', `"${process.execPath}" bin/deskbee-sync.js apply --yes --show-all | head -1; exit \${PIPESTATUS[0]}`], {
        env: { PATH: process.env.PATH, ...ws.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const result = await finished(child);
      expect(result.stdout.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/EPIPE|Unhandled|Error:/);
      expect(result.stderr).not.toMatch(stackLine);
      expect([0, 130]).toContain(result.code);
      const { run: closed } = await lastRun();
      expect(closed.outcome).not.toBe('running');
    });

    it('1 an unexpected internal error: a damaged store schema', async () => {
      await workspace();
      expect((await run('plan')).code).toBe(2);
      if (backend === 'postgres') {
        const session = new pg.Client({ connectionString: database!.url });
        await session.connect();
        await session.query('alter table runs drop column counts');
        await session.end();
      } else {
        const db = await PGlite.create({ dataDir: join(ws.dir, 'store', 'pgdata') });
        await db.exec('alter table runs drop column counts');
        await db.close();
      }
      const broken = await run('status');
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(/^deskbee-sync: unexpected error: .+\nSet DESKBEE_SYNC_DEBUG=1 .* please report it\.\n$/);
    });
  });
}
