import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { Clock } from '../../src/context/run-context.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { testCredentials } from './deskbee-harness.js';

/** What one CLI invocation printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A folder with a configuration file pointing at an HR CSV, the shipped mapping and a Deskbee emulator. */
export interface SyncWorkspace {
  dir: string;
  csvPath: string;
  configPath: string;
  env: NodeJS.ProcessEnv;
  /** Runs `deskbee-sync ARGS` in-process with this workspace's environment. */
  run(...args: string[]): Promise<CliResult>;
  writeCsv(text: string): Promise<void>;
  remove(): Promise<void>;
}

export async function syncWorkspace(
  emulator: RunningEmulator,
  options: { databaseUrl?: string; csv: string; mapping?: string; extraConfig?: string; clock?: Clock },
): Promise<SyncWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'deskbee-sync-e2e-'));
  const csvPath = join(dir, 'hr.csv');
  const configPath = join(dir, 'deskbee-sync.yaml');
  await writeFile(csvPath, options.csv);
  await writeFile(
    configPath,
    [
      'version: 1',
      'source: { kind: csv, name: hr-csv, path: hr.csv }',
      `mapping: ${JSON.stringify(options.mapping ?? resolve('mappings/hr-csv.yaml'))}`,
      'store: { directory: store }',
      options.extraConfig ?? '',
    ].join('\n'),
  );
  const env: NodeJS.ProcessEnv = {
    DESKBEE_CLIENT_ID: testCredentials.clientId,
    DESKBEE_CLIENT_SECRET: testCredentials.clientSecret,
    DESKBEE_BASE_URL: emulator.baseUrl,
    DESKBEE_SYNC_CONFIG: configPath,
    NO_COLOR: '1',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  };
  return {
    dir,
    csvPath,
    configPath,
    env,
    run: (...args) => runCli(args, env, options.clock),
    writeCsv: (text) => writeFile(csvPath, text),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Runs the CLI in this process, capturing its output. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, clock?: Clock): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await main(['node', 'deskbee-sync', ...args], { stdout, stderr, env, signal: new AbortController().signal, ...(clock ? { clock } : {}) });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
