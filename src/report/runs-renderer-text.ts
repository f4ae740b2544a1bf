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
  const widths = header.map((h, i) => rows.reduce((widest, r) => Math.max(widest, (r[i] ?? '').length), h.length));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const errors = runs.filter((r) => r.error).map((r) => `run ${r.id}: ${r.error}`);
  const lifted = runs.filter((r) => r.liftedLimits.length > 0).map((r) => `run ${r.id}: safety limits lifted with --allow: ${r.liftedLimits.join(', ')}`);
  const notes = [...errors, ...lifted];
  return [`Runs in ${location}:`, line(header), ...rows.map(line), ...(notes.length ? ['', ...notes] : [])].join('\n') + '\n';
}

function summarize(run: RunRecord): string {
  const totals = { planned: 0, applied: 0, unconfirmed: 0, failed: 0, skipped: 0 };
  for (const counts of Object.values(run.counts)) {
    totals.planned += counts.planned ?? 0;
    totals.applied += counts.applied ?? 0;
    totals.unconfirmed += counts.unconfirmed ?? 0;
    totals.failed += counts.failed ?? 0;
    totals.skipped += counts.skipped ?? 0;
  }
  if (run.mode === 'plan') return `${totals.planned} planned`;
  const extra = [
    totals.unconfirmed ? `${totals.unconfirmed} unconfirmed` : '',
    totals.failed ? `${totals.failed} failed` : '',
    totals.skipped ? `${totals.skipped} skipped` : '',
  ].filter(Boolean);
  const of = totals.planned > 0 ? ` of ${totals.planned}` : '';
  const sofar = run.outcome === 'running' ? ' so far' : '';
  return `${totals.applied} applied${extra.length ? `, ${extra.join(', ')}` : ''}${of}${sofar}`;
}
