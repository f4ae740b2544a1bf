/**
 * Test doubles for what the store is given (not for the store itself): a
 * clock the test moves, and a logger that keeps its lines.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, LogFields, Logger } from '../../src/context/run-context.js';
import type { SnapshotStore } from '../../src/store/snapshot-store.js';

export interface ManualClock extends Clock {
  /** Moves time forward by `ms` and returns the new now. */
  advance(ms: number): number;
}

export function manualClock(start = Date.UTC(2025, 2, 1, 2, 0, 0)): ManualClock {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    advance: (ms) => (now += ms),
  };
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: LogFields;
}

export interface CollectingLogger extends Logger {
  lines: LogLine[];
}

export function collectingLogger(lines: LogLine[] = [], initial: LogFields = {}): CollectingLogger {
  const base = { ...initial };
  const write = (level: LogLine['level']) => (message: string, fields: LogFields = {}) => {
    lines.push({ level, message, fields: { ...base, ...fields } });
  };
  return {
    lines,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => collectingLogger(lines, { ...base, ...fields }),
    bind: (fields) => void Object.assign(base, fields),
  };
}

/** What a contract run needs from a backend's test file. */
export interface StoreHarness {
  /** The store under test; a getter because a file may reopen it. */
  store(): SnapshotStore;
  clock: ManualClock;
  backend: 'postgres' | 'pglite';
}

/** A fresh name, so that tests sharing one store never touch each other's rows. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
