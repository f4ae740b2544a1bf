/**
 * The scheduler's own metrics in Prometheus's text format: ticks by
 * result, health, whether a run is going on, the next run time. The runs'
 * own series (src/ops/run-metrics.ts) are served beside them.
 */
import type { HealthReport } from './schedule-health.js';

type Sample = { labels?: Record<string, string>; value: number };

/** `deskbee_sync_schedule_*`: what only the scheduler knows; `constant` labels (the configuration's `metrics.labels`) on every sample. */
export function scheduleMetricsText(report: HealthReport, constant: Record<string, string> = {}): string {
  const next = report.nextRun ? [{ value: Date.parse(report.nextRun) / 1000 }] : [];
  const family = (name: string, type: 'counter' | 'gauge', help: string, samples: Sample[]) => familyText(name, type, help, samples, constant);
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

function familyText(name: string, type: 'counter' | 'gauge', help: string, samples: Sample[], constant: Record<string, string>): string {
  if (samples.length === 0) return '';
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const { labels, value } of samples) {
    const all = Object.entries({ ...constant, ...labels });
    const shown = all.length > 0 ? `{${all.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
    lines.push(`${name}${shown} ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
