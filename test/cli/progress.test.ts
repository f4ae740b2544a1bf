/**
 * Progress through the built command: bars on a terminal (a real
 * pseudo-terminal from util-linux `script`), nothing on a pipe, JSON lines
 * with the run id under `--log-format json`.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import { assertBuilt, builtBin, runBuilt } from '../support/built-cli.js';
import type { SyncWorkspace } from '../support/cli-harness.js';
import { emulatorSuite, fastClient } from '../support/emulator-suite.js';


/** Runs the built command on a pseudo-terminal; stdout and stderr both arrive as what the terminal shows. */
function runOnTerminal(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; screen: string }> {
  assertBuilt();
  const command = [process.execPath, builtBin, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { PATH: process.env.PATH, TERM: 'xterm', COLUMNS: '120', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => out.push(chunk));
  return new Promise((done) => child.once('close', (code) => done({ code: code ?? -1, screen: Buffer.concat(out).toString('utf8') })));
}

describe('progress of a run', () => {
  const suite = emulatorSuite();
  let ws: SyncWorkspace;
  const workforce = generateWorkforce({ people: 60, squads: 3, costCenters: 2, seed: 3 });


  it('on a terminal: a bar per stage with counts and rate, the report intact, the cursor shown again', async () => {
    ws = await suite.workspace({ csv: toCsv(workforce), extraConfig: fastClient });
    const { code, screen } = await runOnTerminal(['apply', '--yes'], { ...ws.env, NO_COLOR: '1' });
    expect(code).toBe(0);
    expect(screen).toMatch(/read hr-csv 60 · [\d.,]+\/s/);
    expect(screen).toMatch(/apply users \|[█░]+\| 60\/60 · [\d.,]+\/s/);
    expect(screen).toMatch(/apply squads \|[█░]+\| 3\/3/);
    expect(screen).toContain('Result   ');
    // cli-progress hides the cursor while drawing; it must be shown again at the end.
    expect(screen.lastIndexOf('\u001b[?25h')).toBeGreaterThan(screen.lastIndexOf('\u001b[?25l'));
  }, 120_000);

  it('on a pipe: no bars, no control codes', async () => {
    ws = await suite.workspace({ csv: toCsv(workforce), extraConfig: fastClient });
    const result = await runBuilt(['apply', '--yes'], ws.env);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/apply users|\u001b\[/);
  }, 120_000);

  it('--log-format json: progress lines carrying the run id, the last of each stage with its totals', async () => {
    ws = await suite.workspace({ csv: toCsv(workforce), extraConfig: fastClient });
    const result = await runBuilt(['apply', '--yes', '--log-format', 'json'], ws.env);
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const progress = lines.filter((line) => line.event === 'progress');
    const runIds = new Set(progress.map((line) => line.runId));
    expect(runIds.size).toBe(1);
    expect(typeof [...runIds][0]).toBe('number');
    const last = (stage: string) => progress.filter((line) => line.stage === stage).at(-1);
    expect(last('read hr-csv')).toMatchObject({ done: 60, finished: true });
    expect(last('read Deskbee users')).toBeUndefined();
    expect(last('apply users')).toMatchObject({ done: 60, total: 60, finished: true });
    expect(last('apply squads')).toMatchObject({ done: 3, total: 3, finished: true });
  }, 120_000);
});
