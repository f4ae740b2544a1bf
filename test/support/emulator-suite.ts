/**
 * One emulator for a describe block and a fresh workspace per test: the
 * emulator starts before the block and stops after it; after each test
 * the workspace folder is removed and the emulator emptied.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { syncWorkspace, type SyncWorkspace } from './cli-harness.js';
import { startTestEmulator } from './deskbee-harness.js';

/** Deskbee client settings that keep a test's runs fast against the emulator. */
export const fastClient = 'deskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }';

export interface EmulatorSuite {
  /** The block's emulator (started in beforeAll). */
  readonly emulator: RunningEmulator;
  /** A workspace on the emulator, removed after the test. */
  workspace(options: Parameters<typeof syncWorkspace>[1]): Promise<SyncWorkspace>;
}

export function emulatorSuite(): EmulatorSuite {
  let emulator: RunningEmulator | undefined;
  const workspaces: SyncWorkspace[] = [];
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  afterEach(async () => {
    for (const ws of workspaces.splice(0)) await ws.remove();
    emulator?.seed({});
  });
  const suite: EmulatorSuite = {
    get emulator() {
      if (!emulator) throw new Error('the emulator starts in beforeAll: use it inside a test');
      return emulator;
    },
    async workspace(options) {
      const ws = await syncWorkspace(suite.emulator, options);
      workspaces.push(ws);
      return ws;
    },
  };
  return suite;
}
