/**
 * The scheduler's own metrics in Prometheus's text format: ticks by
 * result, health, whether a run is going on, the next run time; and a
 * small set about the last run, built from its RunSummary.
 */
import type { RunSummary } from '../sync/run-summary.js';
import type { HealthReport } from './schedule-health.js';

type Sample = { labels?: Record<string, string>; value: number };

/** `deskbee_sync_schedule_*`: what only the scheduler knows. */
export function scheduleMetricsText(report: HealthReport): string {
  const next = report.nextRun ? [{ value: Date.parse(report.nextRun) / 1000 }] : [];
  return [
    family('deskbee_sync_schedule_ticks_total', 'counter', 'Scheduled ticks: runs started, and ticks skipped because another process held the store.', [
      { labels: { result: 'ran' }, value: report.ticks.ran },
      { labels: { result: 'skipped' }, value: report.ticks.skipped },
    ]),
    family('deskbee_sync_schedule_healthy', 'gauge', '1 when /healthz answers 200 (the last run exited 0 and is not stale), else 0.', [{ value: report.status === 'ok' ? 1 : 0 }]),
    family('deskbee_sync_schedule_running', 'gauge', '1 while a scheduled run is going on.', [{ value: report.runningSince ? 1 : 0 }]),
    family('deskbee_sync_schedule_next_run_timestamp_seconds', 'gauge', 'When the next run is due (before jitter), seconds since the epoch.', next),
  ].join('');
}

/** `deskbee_sync_last_run_*`: the last run's exit code, time, duration and changes by kind and outcome. */
export function lastRunMetricsText(run: RunSummary | null): string {
  if (!run) return '';
  const changes: Sample[] = [];
  for (const [kind, tally] of Object.entries(run.changes)) {
    if (!tally) continue;
    for (const [outcome, count] of Object.entries(tally)) changes.push({ labels: { kind, outcome }, value: count });
  }
  return [
    family('deskbee_sync_last_run_exit_code', 'gauge', "The last run's exit code (0: done; see `deskbee-sync --help`).", [{ value: run.exitCode }]),
    family('deskbee_sync_last_run_finished_timestamp_seconds', 'gauge', 'When the last run finished, seconds since the epoch.', [{ value: Date.parse(run.finishedAt) / 1000 }]),
    family('deskbee_sync_last_run_duration_seconds', 'gauge', 'How long the last run took.', [{ value: run.durationMs / 1000 }]),
    family('deskbee_sync_last_run_changes', 'gauge', "The last run's changes by kind and outcome (planned, applied, unconfirmed, failed, skipped).", changes),
  ].join('');
}

function family(name: string, type: 'counter' | 'gauge', help: string, samples: Sample[]): string {
  if (samples.length === 0) return '';
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const { labels, value } of samples) {
    const shown = labels ? `{${Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
    lines.push(`${name}${shown} ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
