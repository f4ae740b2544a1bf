import { validateMetricName } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ExpositionError, parseExposition } from '../../src/ops/exposition-format.js';
import { RunMetrics, runSeries } from '../../src/ops/run-metrics.js';
import type { RunSummary } from '../../src/sync/run-summary.js';

function summary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: 4,
    mode: 'apply',
    outcome: 'succeeded',
    exitCode: 0,
    startedAt: '2026-03-02T02:00:00.000Z',
    finishedAt: '2026-03-02T02:00:12.500Z',
    durationMs: 12_500,
    sources: ['hr-csv'],
    changes: { createUser: { planned: 10, applied: 8, unconfirmed: 1, failed: 1, skipped: 0 } },
    leftOut: 2,
    drift: 3,
    requests: { requests: 40, retries: 5, throttled: 4, serverErrors: 1, networkErrors: 0, tokenRequests: 1, createsRecovered: 0, byRoute: {}, ratePerSecond: 9 },
    error: null,
    plan: null,
    result: null,
    ...over,
  };
}

const valueOf = (text: string, name: string, labels: Record<string, string> = {}) =>
  [...parseExposition(text).values()]
    .flatMap((f) => f.samples)
    .find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('RunMetrics', () => {
  it('names series the Prometheus way: snake_case under deskbee_sync_, counters in _total, times in _seconds', () => {
    for (const series of runSeries) {
      expect(validateMetricName(series.name), series.name).toBe(true);
      expect(series.name).toMatch(/^deskbee_sync_[a-z0-9_]+$/);
      expect(series.name.endsWith('_total'), series.name).toBe(series.type === 'counter');
      expect(series.name.endsWith('_seconds'), series.name).toBe(/seconds/.test(series.help));
      for (const label of series.labelNames) expect(label).toMatch(/^[a-z]+$/);
      expect(series.help).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('renders a run as valid exposition, every family with its HELP and TYPE', async () => {
    const metrics = new RunMetrics({ labels: { account: 'acme' } });
    metrics.record(summary());
    const text = await metrics.text();
    const families = parseExposition(text);
    for (const family of families.values()) {
      expect(family.help, family.name).toBeTruthy();
      expect(['gauge', 'counter']).toContain(family.type);
      for (const sample of family.samples) expect(sample.labels.account).toBe('acme');
    }
    expect(valueOf(text, 'deskbee_sync_last_run_outcome', { mode: 'apply', outcome: 'succeeded' })).toBe(1);
    expect(valueOf(text, 'deskbee_sync_last_run_outcome', { mode: 'apply', outcome: 'failed' })).toBe(0);
    expect(valueOf(text, 'deskbee_sync_last_run_duration_seconds')).toBe(12.5);
    expect(valueOf(text, 'deskbee_sync_last_run_timestamp_seconds')).toBe(Date.parse('2026-03-02T02:00:12.500Z') / 1000);
    expect(valueOf(text, 'deskbee_sync_last_run_changes', { kind: 'createUser', outcome: 'unconfirmed' })).toBe(1);
    expect(valueOf(text, 'deskbee_sync_last_run_left_out_entries')).toBe(2);
    expect(valueOf(text, 'deskbee_sync_last_run_drift_notices')).toBe(3);
    expect(valueOf(text, 'deskbee_sync_last_run_throttled_responses')).toBe(4);
    expect(valueOf(text, 'deskbee_sync_throttled_responses_total')).toBe(4);
    expect(valueOf(text, 'deskbee_sync_request_retries_total')).toBe(5);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('keeps the last run of each mode apart, and the last success until another success', async () => {
    const metrics = new RunMetrics();
    metrics.record(summary());
    metrics.record(summary({ outcome: 'failed', exitCode: 5, finishedAt: '2026-03-03T02:00:01.000Z', changes: {}, requests: null }));
    metrics.record(summary({ mode: 'plan', outcome: 'no-changes', exitCode: 0, finishedAt: '2026-03-03T09:00:00.000Z', changes: {}, requests: null }));
    const text = await metrics.text();
    expect(valueOf(text, 'deskbee_sync_last_run_outcome', { mode: 'apply', outcome: 'failed' })).toBe(1);
    expect(valueOf(text, 'deskbee_sync_last_run_outcome', { mode: 'plan', outcome: 'no-changes' })).toBe(1);
    expect(valueOf(text, 'deskbee_sync_last_success_timestamp_seconds', { mode: 'apply' })).toBe(Date.parse('2026-03-02T02:00:12.500Z') / 1000);
    expect(valueOf(text, 'deskbee_sync_last_run_timestamp_seconds', { mode: 'apply' })).toBe(Date.parse('2026-03-03T02:00:01.000Z') / 1000);
    // The failed run had no changes and no requests: the earlier run's are not shown as its own.
    expect(valueOf(text, 'deskbee_sync_last_run_changes', { mode: 'apply' })).toBeUndefined();
    expect(valueOf(text, 'deskbee_sync_last_run_requests', { mode: 'apply' })).toBeUndefined();
    expect(valueOf(text, 'deskbee_sync_runs_total', { mode: 'apply', outcome: 'succeeded' })).toBe(1);
    expect(valueOf(text, 'deskbee_sync_runs_total', { mode: 'apply', outcome: 'failed' })).toBe(1);
    expect(valueOf(text, 'deskbee_sync_changes_total', { kind: 'createUser', outcome: 'applied' })).toBe(8);
  });

  it('restores what an earlier process wrote: the same text back, then counters add up', async () => {
    const first = new RunMetrics({ labels: { account: 'acme' } });
    first.record(summary());
    first.record(summary({ mode: 'import', outcome: 'partial', exitCode: 7 }));
    const written = await first.text();
    const next = new RunMetrics({ labels: { account: 'acme' } });
    next.restore(written);
    expect(await next.text()).toBe(written);
    next.record(summary({ finishedAt: '2026-03-04T02:00:00.000Z' }));
    const text = await next.text();
    expect(valueOf(text, 'deskbee_sync_changes_total', { kind: 'createUser', outcome: 'applied' })).toBe(24);
    expect(valueOf(text, 'deskbee_sync_requests_total')).toBe(120);
    expect(valueOf(text, 'deskbee_sync_runs_total', { mode: 'apply', outcome: 'succeeded' })).toBe(2);
    expect(valueOf(text, 'deskbee_sync_last_run_outcome', { mode: 'import', outcome: 'partial' })).toBe(1);
  });

  it('drops restored series of another shape, and refuses text that is not exposition format', async () => {
    const metrics = new RunMetrics();
    metrics.restore(
      [
        '# TYPE deskbee_sync_last_run_exit_code gauge',
        'deskbee_sync_last_run_exit_code 3',
        '# TYPE deskbee_sync_runs_total counter',
        'deskbee_sync_runs_total{mode="apply",outcome="failed",extra="x"} 9',
        '# TYPE other_metric gauge',
        'other_metric 1',
        '',
      ].join('\n'),
    );
    const text = await metrics.text();
    expect(text).not.toMatch(/exit_code \d/);
    expect(text).not.toContain('extra=');
    expect(text).not.toContain('other_metric');
    expect(() => metrics.restore('deskbee_sync_requests_total{mode="a} 1\n')).toThrow(ExpositionError);
  });
});
