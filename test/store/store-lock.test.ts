/**
 * The PGlite folder's lock file, against real processes: a live holder is
 * refused, a dead one's lock is taken over, and racing takers end with one
 * winner.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SafetyStopError } from '../../src/errors.js';
import { acquireStoreLock, lockFileName, type LockHolder } from '../../src/store/pglite/store-lock.js';
import { collectingLogger } from './store-harness.js';

let dir: string;
let lockPath: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deskbee-store-lock-'));
  lockPath = join(dir, lockFileName);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const holderOnDisk = async (): Promise<LockHolder> => JSON.parse(await readFile(lockPath, 'utf8')) as LockHolder;
const plant = (holder: Partial<LockHolder> & { pid: number }) =>
  writeFile(lockPath, JSON.stringify({ hostname: hostname(), token: 'planted', since: '2025-01-01T00:00:00.000Z', ...holder }));

describe('store lock', () => {
  it('writes its holder, refuses a second taker in the same process, and frees the folder on release', async () => {
    const lock = await acquireStoreLock(dir, collectingLogger());
    expect(await holderOnDisk()).toEqual(lock.holder);
    expect(lock.holder).toMatchObject({ pid: process.pid, hostname: hostname() });

    const second = acquireStoreLock(dir, collectingLogger());
    await expect(second).rejects.toThrow(SafetyStopError);
    await expect(second).rejects.toThrow(`the store at ${dir} is in use by process ${process.pid}`);

    await lock.release();
    await lock.release();
    expect(existsSync(lockPath)).toBe(false);
    const again = await acquireStoreLock(dir, collectingLogger());
    expect((await holderOnDisk()).token).toBe(again.holder.token);
    await again.release();
  });

  it('refuses while another live process holds the lock, and takes it over once that process is gone', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const pid = child.pid!;
      await plant({ pid });
      await expect(acquireStoreLock(dir, collectingLogger())).rejects.toThrow(
        new RegExp(`is in use by process ${pid}, which opened it at 2025-01-01T00:00:00.000Z.*delete ${lockPath.replace(/[.]/g, '\\.')}`),
      );
      expect((await holderOnDisk()).token).toBe('planted');

      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      const log = collectingLogger();
      const lock = await acquireStoreLock(dir, log);
      expect((await holderOnDisk()).pid).toBe(process.pid);
      expect(log.lines).toEqual([
        { level: 'warn', message: 'took over a stale store lock', fields: { lock: lockPath, previousPid: pid, previousSince: '2025-01-01T00:00:00.000Z' } },
      ]);
      await lock.release();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over a lock whose pid now belongs to a different, later process', async () => {
    // Our parent process is alive, but it did not start at the recorded time.
    await plant({ pid: process.ppid, processStart: 1 });
    const lock = await acquireStoreLock(dir, collectingLogger());
    expect((await holderOnDisk()).token).toBe(lock.holder.token);
    await lock.release();
  });

  it('counts a lock from another host as live (its process cannot be checked)', async () => {
    await plant({ pid: 4242, hostname: 'some-other-host' });
    await expect(acquireStoreLock(dir, collectingLogger())).rejects.toThrow('in use by process 4242 on host some-other-host');
  });

  it('takes over a lock file that no deskbee-sync wrote', async () => {
    await writeFile(lockPath, 'garbage');
    const log = collectingLogger();
    const lock = await acquireStoreLock(dir, log);
    expect((await holderOnDisk()).token).toBe(lock.holder.token);
    expect(log.lines[0]?.fields).toMatchObject({ previous: 'unreadable' });
    await lock.release();
  });

  it('gives a stale lock to exactly one of several racing takers', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await plant({ pid: Number(dead.stdout) });
    // Staggered by event-loop turns, so that takers reach each step of the takeover at different moments.
    const turns = async (n: number) => {
      for (let i = 0; i < n; i += 1) await new Promise((resolve) => setImmediate(resolve));
    };
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, async (_, i) => {
        await turns(i);
        return acquireStoreLock(dir, collectingLogger());
      }),
    );
    const winners = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(winners).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(SafetyStopError);
    expect((await holderOnDisk()).token).toBe(winners[0]?.holder.token);
    await winners[0]?.release();
    // Neither the lock, the guard nor any temporary file is left behind.
    expect(await readdir(dir)).toEqual([]);
  });
});
