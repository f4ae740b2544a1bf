/** The runs recorded in the store as a terminal table, newest first, for `status` and the demo. */
import type { RunRecord } from '../store/snapshot-store.js';

/** The runs as a table with their outcomes and counts; errors listed under it. */
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
