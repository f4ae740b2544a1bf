import { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadSyncConfig } from '../../config/sync-config.js';
import { openStore } from '../../store/open-store.js';
import { renderRuns } from '../../report/runs-renderer-text.js';
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
    .option('--json', 'print the runs as JSON');
  withCommonOptions(command).action(async (flags: CommonFlags & { limit: number; json?: boolean }) => {
    const config = await loadSyncConfig(configPath(io, flags));
    const store = await openStore({
      ...(io.env.DATABASE_URL ? { databaseUrl: io.env.DATABASE_URL } : {}),
      ...(config.store.directory ? { directory: config.store.directory } : {}),
    });
    try {
      const runs = await store.recentRuns(flags.limit);
      if (flags.json) io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      else io.stdout.write(renderRuns(runs, (await store.info()).location));
      setExitCode(0);
    } finally {
      await store.close();
    }
  });
  return command;
}
