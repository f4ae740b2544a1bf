import { Command, InvalidArgumentError, Option } from 'commander';
import { loadSyncConfig } from '../../config/sync-config.js';
import { mergeCounts } from '../../store/change-counts.js';
import { openStore } from '../../store/open-store.js';
import { renderRuns } from '../../report/runs-renderer-text.js';
import type { RunRecord, SnapshotStore } from '../../store/snapshot-store.js';
import type { CliIo } from '../cli-io.js';
import { configPath, type CommonFlags } from '../cli-runtime.js';
import { withCommonOptions } from './common-options.js';

/** `deskbee-sync status`: the last runs recorded in the store. */
export function statusCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new Command('status')
    .description('Show the last runs recorded in the store: when, who, what mode, the outcome and the counts.')
    .option('-n, --limit <n>', 'how many runs', (v) => {
      if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('must be a positive whole number.');
      return Number(v);
    }, 10)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--json', 'the same as --format json');
  withCommonOptions(command).action(async (flags: CommonFlags & { limit: number; json?: boolean; format: 'text' | 'json' }) => {
    const config = await loadSyncConfig(configPath(io, flags));
    const store = await openStore({
      ...(io.env.DATABASE_URL ? { databaseUrl: io.env.DATABASE_URL } : {}),
      ...(config.store.directory ? { directory: config.store.directory } : {}),
    });
    try {
      const runs = await withProgress(store, await store.recentRuns(flags.limit));
      const { location } = await store.info();
      if (flags.json || flags.format === 'json') io.stdout.write(`${JSON.stringify({ version: 1, store: location, runs }, null, 2)}\n`);
      else io.stdout.write(renderRuns(runs, location));
      setExitCode(0);
    } finally {
      await store.close();
    }
  });
  return command;
}

/** Runs still running show what their journal holds so far, next to what they planned. */
async function withProgress(store: SnapshotStore, runs: RunRecord[]): Promise<RunRecord[]> {
  const shown: RunRecord[] = [];
  for (const run of runs) {
    if (run.outcome !== 'running') {
      shown.push(run);
      continue;
    }
    shown.push({ ...run, counts: mergeCounts(run.counts, await store.journalCounts(run.id)) });
  }
  return shown;
}
