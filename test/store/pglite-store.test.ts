/**
 * The store on PGlite, the default backend: the contract, the folder lock
 * and migrations on reopen. One PGlite folder serves the whole file
 * (creating one costs seconds and most of a gigabyte); reopening an existing
 * folder is cheap.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { SafetyStopError } from '../../src/errors.js';
import { defaultStoreDirectory, openStore } from '../../src/store/open-store.js';
import { lockFileName, type LockHolder } from '../../src/store/pglite/store-lock.js';
import type { SnapshotStore } from '../../src/store/snapshot-store.js';
import { storeContract } from './store-contract.js';
import { collectingLogger, manualClock, type CollectingLogger } from './store-harness.js';

const clock = manualClock();
let workDir: string;
let directory: string;
let store: SnapshotStore | undefined;
let firstOpenLog: CollectingLogger;
let deadPid: number;

/** The pid of a process that has already exited. */
function pidOfExitedProcess(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'deskbee-store-pglite-'));
  directory = resolve(workDir, defaultStoreDirectory);
  // A lock left behind by a process that died: opening must take it over.
  deadPid = pidOfExitedProcess();
  const stale: LockHolder = { pid: deadPid, hostname: hostname(), token: 'left-behind', since: '2025-01-01T00:00:00.000Z' };
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, lockFileName), JSON.stringify(stale));

  // No directory given: the default folder under the working directory.
  firstOpenLog = collectingLogger();
  const cwd = process.cwd();
  process.chdir(workDir);
  try {
    store = await openStore({ logger: firstOpenLog, clock });
  } finally {
    process.chdir(cwd);
  }
});

afterAll(async () => {
  await store?.close();
  await rm(workDir, { recursive: true, force: true });
});

const current = (): SnapshotStore => {
  if (!store) throw new Error('the store did not open');
  return store;
};

describe('PGlite store: contract', () => {
  storeContract({ store: current, clock, backend: 'pglite' });
});

describe('PGlite store: folder and lock', () => {
  it('opened in the default folder under the working directory, migrating it from empty', async () => {
    const info = await current().info();
    expect(info).toEqual({ backend: 'pglite', location: directory, migrations: Object.keys(migrations).sort() });
    expect(existsSync(join(directory, 'pgdata', 'PG_VERSION'))).toBe(true);
    const applied = firstOpenLog.lines.filter((l) => l.message === 'store migration applied').map((l) => l.fields.migration);
    expect(applied).toEqual(Object.keys(migrations).sort());
  });

  it('took over the stale lock of a dead process, and says so', async () => {
    const holder = JSON.parse(await readFile(join(directory, lockFileName), 'utf8')) as LockHolder;
    expect(holder.pid).toBe(process.pid);
    expect(holder.token).not.toBe('left-behind');
    const warning = firstOpenLog.lines.find((l) => l.message === 'took over a stale store lock');
    expect(warning?.level).toBe('warn');
    expect(warning?.fields.previousPid).toBe(deadPid);
  });

  it('refuses a second opener while the folder is in use, naming the holder', async () => {
    const attempt = openStore({ directory, clock });
    await expect(attempt).rejects.toThrow(SafetyStopError);
    await expect(attempt).rejects.toThrow(`the store at ${directory} is in use by process ${process.pid}`);
    // The refused opener left the holder's lock alone.
    const holder = JSON.parse(await readFile(join(directory, lockFileName), 'utf8')) as LockHolder;
    expect(holder.pid).toBe(process.pid);
    expect((await current().info()).backend).toBe('pglite');
  });

  it('releases the lock on close, and reopening keeps the data and migrates nothing', async () => {
    const run = await current().startRun({ mode: 'plan', actor: 'before-reopen' });
    await current().close();
    await current().close(); // a second close is harmless
    expect(existsSync(join(directory, lockFileName))).toBe(false);

    const log = collectingLogger();
    store = await openStore({ directory, logger: log, clock });
    expect(log.lines.filter((l) => l.message === 'store migration applied')).toEqual([]);
    expect((await current().info()).migrations).toEqual(Object.keys(migrations).sort());
    expect((await current().run(run))?.actor).toBe('before-reopen');
    expect(JSON.parse(await readFile(join(directory, lockFileName), 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('says clearly when the store folder cannot be created', async () => {
    const file = join(workDir, 'not-a-folder');
    await writeFile(file, 'x');
    await expect(openStore({ directory: join(file, 'store') })).rejects.toThrow(/Cannot create the store folder/);
  });
});
