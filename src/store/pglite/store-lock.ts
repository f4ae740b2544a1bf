/**
 * PGlite runs inside one process, and two processes writing one PGlite
 * folder would corrupt it. So the folder holds a lock file naming its
 * holder; a second process is refused while the holder lives, and a lock
 * left by a process that died is taken over.
 *
 * Files appear atomically (written to a temporary name, then hard-linked
 * into place, which fails if the name exists), so a lock file is never seen
 * half written. Taking over a stale lock happens under a second, short-lived
 * guard file, so that two processes finding the same stale lock cannot both
 * win.
 */
import { randomUUID } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../context/run-context.js';
import { ConfigError, SafetyStopError } from '../../errors.js';

/** Name of the lock file inside the store's folder. */
export const lockFileName = 'store.lock';

/** What a lock file says about its holder. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** Distinguishes this holder from a later one with the same pid. */
  token: string;
  /** When the lock was taken, ISO 8601. */
  since: string;
  /** Linux: the process's start time in clock ticks after boot (`/proc/<pid>/stat`), to detect a reused pid. */
  processStart?: number;
}

/** A held lock. */
export interface StoreLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

const maxAttempts = 100;
const retryDelayMs = 20;

/**
 * Takes the lock of the store folder `directory` (which must exist), or
 * throws a ConfigError naming the live process that holds it.
 */
export async function acquireStoreLock(directory: string, logger: Logger): Promise<StoreLock> {
  const path = join(directory, lockFileName);
  const guardPath = `${path}.takeover`;
  const me: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    token: randomUUID(),
    since: new Date().toISOString(),
    ...optional('processStart', await processStart(process.pid)),
  };

  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    if (await createExclusive(path, me)) return heldLock(path, me);
    const holder = await readHolder(path);
    if (holder === 'absent') continue;
    if (holder !== 'unreadable' && (await isLive(holder))) throw inUse(directory, path, holder);

    // Stale: take it over, but only under the guard, and only if it is still the same stale lock.
    const guard: LockHolder = { ...me, token: randomUUID() };
    if (!(await createExclusive(guardPath, guard))) {
      const guardHolder = await readHolder(guardPath);
      if (guardHolder === 'unreadable' || (guardHolder !== 'absent' && !(await isLive(guardHolder)))) {
        await removeIfSame(guardPath, guardHolder);
      }
      await sleep(retryDelayMs);
      continue;
    }
    try {
      const again = await readHolder(path);
      if (sameHolder(again, holder)) {
        await unlink(path).catch(ignoreMissing);
        logger.warn('took over a stale store lock', {
          lock: path,
          ...(holder === 'unreadable' ? { previous: 'unreadable' } : { previousPid: holder.pid, previousSince: holder.since }),
        });
        if (await createExclusive(path, me)) return heldLock(path, me);
      }
    } finally {
      await removeIfSame(guardPath, guard);
    }
  }
  throw new ConfigError(
    `Could not take the lock of the store: it kept changing hands (${maxAttempts} attempts). ` +
      'Several deskbee-sync processes are starting on this folder at once; run one at a time.',
    path,
  );
}

function heldLock(path: string, holder: LockHolder): StoreLock {
  let released = false;
  return {
    path,
    holder,
    release: async () => {
      if (released) return;
      released = true;
      await removeIfSame(path, holder);
    },
  };
}

function inUse(directory: string, path: string, holder: LockHolder): SafetyStopError {
  const where = holder.hostname === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on host ${holder.hostname}`;
  return new SafetyStopError(
    `the store at ${directory} is in use by ${where}, which opened it at ${holder.since}; a PGlite store serves one ` +
      'deskbee-sync process at a time. Wait for that run to finish, give this run its own store folder, ' +
      'or set DATABASE_URL to share a PostgreSQL store between processes. If that process is not ' +
      `deskbee-sync, delete ${path}.`,
  );
}

/** Creates `path` holding `holder`, atomically; false when it already exists. */
async function createExclusive(path: string, holder: LockHolder): Promise<boolean> {
  const temporary = `${path}.${holder.token}.tmp`;
  await writeFile(temporary, `${JSON.stringify(holder)}\n`, { mode: 0o644 });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await unlink(temporary).catch(ignoreMissing);
  }
}

async function readHolder(path: string): Promise<LockHolder | 'absent' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return 'absent';
    throw error;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (isHolder(value)) return value;
  } catch {
    // Fall through: no deskbee-sync wrote this.
  }
  return 'unreadable';
}

function isHolder(value: unknown): value is LockHolder {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return Number.isInteger(v.pid) && typeof v.hostname === 'string' && typeof v.token === 'string' && typeof v.since === 'string';
}

function sameHolder(a: LockHolder | 'absent' | 'unreadable', b: LockHolder | 'unreadable'): boolean {
  if (a === 'absent') return false;
  if (a === 'unreadable' || b === 'unreadable') return a === b;
  return a.token === b.token;
}

async function removeIfSame(path: string, holder: LockHolder | 'unreadable'): Promise<void> {
  if (sameHolder(await readHolder(path), holder)) await unlink(path).catch(ignoreMissing);
}

/**
 * True when the holder may still be running. A holder on another host
 * cannot be checked and counts as live.
 */
async function isLive(holder: LockHolder): Promise<boolean> {
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if (!isCode(error, 'EPERM')) return false;
  }
  if (holder.processStart === undefined) return true;
  const start = await processStart(holder.pid);
  // A different start time means the pid was reused after the holder died.
  return start === undefined || start === holder.processStart;
}

/** Linux: field 22 of /proc/<pid>/stat; undefined elsewhere. */
async function processStart(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(fields[19]);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

function ignoreMissing(error: unknown): void {
  if (!isCode(error, 'ENOENT')) throw error;
}
