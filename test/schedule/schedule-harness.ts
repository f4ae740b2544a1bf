/**
 * `deskbee-sync schedule` run in this process through the CLI's entry
 * point, with its own stop signal, its JSON log lines collected as they
 * come, and the store it writes to opened on demand.
 */
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { openStore } from '../../src/store/open-store.js';
import type { RunRecord } from '../../src/store/snapshot-store.js';

/** One line of `--log-format json`. */
export interface LogLine {
  level: number;
  time: string;
  msg: string;
  [field: string]: unknown;
}

export interface RunningSchedule {
  /** The exit code, once the command has returned. */
  exit: Promise<number>;
  /** Every log line so far (each checked to be JSON). */
  lines(): LogLine[];
  /** Lines whose `tick` field is `ran` or `skipped`: one per tick. */
  ticks(): LogLine[];
  /** Waits until `ready(lines)` holds; fails after `timeoutMs` (generous: machines are shared), or if the command ends first. */
  waitFor(what: string, ready: (lines: LogLine[]) => boolean, timeoutMs?: number): Promise<void>;
  /** `http://127.0.0.1:PORT`, from the first log line (needs `--port`). */
  origin(): string;
  /** As SIGTERM does: aborts the signal, then waits for the exit code. */
  stop(): Promise<number>;
}

export function startSchedule(args: string[], env: NodeJS.ProcessEnv): RunningSchedule {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const controller = new AbortController();
  const parsed: LogLine[] = [];
  let pending = '';
  stdout.resume();
  stderr.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    let end = pending.indexOf('\n');
    while (end >= 0) {
      const text = pending.slice(0, end);
      pending = pending.slice(end + 1);
      if (text.trim()) parsed.push(JSON.parse(text) as LogLine);
      end = pending.indexOf('\n');
    }
  });
  let ended = false;
  const exit = main(['node', 'deskbee-sync', 'schedule', '--log-format', 'json', ...args], { stdout, stderr, env, signal: controller.signal }).finally(() => {
    ended = true;
  });
  const ticks = () => parsed.filter((line) => line.tick === 'ran' || line.tick === 'skipped');
  return {
    exit,
    lines: () => parsed,
    ticks,
    async waitFor(what, ready, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      while (!ready(parsed)) {
        if (ended) throw new Error(`the scheduler ended (exit ${await exit}) before ${what}:\n${parsed.map((l) => JSON.stringify(l)).join('\n')}`);
        if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s:\n${parsed.map((l) => JSON.stringify(l)).join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    origin() {
      const health = parsed.find((line) => typeof line.health === 'string')?.health as string | undefined;
      if (!health) throw new Error('the scheduler has not said where /healthz is');
      return new URL(health).origin;
    },
    async stop() {
      controller.abort(new Error('stopped by the test'));
      return exit;
    },
  };
}

/** The runs a PostgreSQL store holds, oldest first. */
export async function storedRuns(databaseUrl: string): Promise<RunRecord[]> {
  const store = await openStore({ databaseUrl });
  try {
    return (await store.recentRuns(1000)).reverse();
  } finally {
    await store.close();
  }
}

/** GET `url`: status and parsed JSON (or text) body. */
export async function get(url: string): Promise<{ status: number; type: string; body: string; json<T = Record<string, unknown>>(): T }> {
  const response = await fetch(url);
  const body = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', body, json: <T>() => JSON.parse(body) as T };
}

/** A six-field cron expression (UTC) for the second `secondsAhead` seconds from now: a tick at one exact time. */
export function cronAt(secondsAhead: number, now = Date.now()): string {
  const at = new Date(Math.ceil(now / 1000) * 1000 + secondsAhead * 1000);
  return `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} ${at.getUTCDate()} ${at.getUTCMonth() + 1} *`;
}
