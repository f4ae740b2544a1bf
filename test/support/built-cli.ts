/**
 * The built command as a script or a scheduler runs it: `node
 * bin/deskbee-sync.js …` in a child process, with its own environment, no
 * terminal on stdin, and its exit code, stdout and stderr collected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliResult } from './cli-harness.js';

export const builtBin = resolve('bin/deskbee-sync.js');

/** Fails early, with what to do, when the build is missing. */
export function assertBuilt(): void {
  if (!existsSync(resolve('dist/src/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first).');
}

/** Starts the built command; the caller waits for it with `finished`. */
export function startBuilt(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  assertBuilt();
  return spawn(process.execPath, [builtBin, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Collects a started command's output until it exits. */
export function finished(child: ChildProcess): Promise<CliResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (code, signal) => {
      done({ code: code ?? (signal ? 128 + 2 : -1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Runs the built command to its end. */
export function runBuilt(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return finished(startBuilt(args, env));
}
