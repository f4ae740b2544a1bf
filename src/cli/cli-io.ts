import type { Clock } from '../context/run-context.js';

/** What a command needs from the process, injectable for tests. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT / SIGTERM. */
  signal: AbortSignal;
  /** The runs' clock: what plans, the store and grace periods take as now. Default: the system clock. */
  clock?: Clock;
  /** Registers what to undo when the command ends, however it ends (progress bars to stop). Default: nothing is undone. */
  atEnd?: (undo: () => void) => void;
}
