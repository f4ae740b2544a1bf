import { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadSyncConfig } from '../../config/sync-config.js';
import { openStore } from '../../store/open-store.js';
import type { RunRecord } from '../../store/snapshot-store.js';
import type { CliIo } from '../main.js';
import { configPath, type CommonFlags } from '../runtime.js';
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

export function renderRuns(runs: RunRecord[], location: string): string {
  if (runs.length === 0) return `No runs recorded yet in ${location}.\n`;
  const rows = runs.map((run) => [
    String(run.id),
    run.startedAt.replace('T', ' ').slice(0, 19),
    run.mode,
    run.outcome,
    summarize(run),
    run.actor,
  ]);
  const header = ['run', 'started (UTC)', 'mode', 'outcome', 'changes', 'by'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const errors = runs.filter((r) => r.error).map((r) => `run ${r.id}: ${r.error}`);
  return [`Runs in ${location}:`, line(header), ...rows.map(line), ...(errors.length ? ['', ...errors] : [])].join('\n') + '\n';
}

function summarize(run: RunRecord): string {
  const totals = { planned: 0, applied: 0, failed: 0 };
  for (const counts of Object.values(run.counts)) {
    totals.planned += counts.planned ?? 0;
    totals.applied += counts.applied ?? 0;
    totals.failed += counts.failed ?? 0;
  }
  if (run.mode === 'plan') return `${totals.planned} planned`;
  return `${totals.applied} applied${totals.failed ? `, ${totals.failed} failed` : ''} of ${totals.planned}`;
}
