/**
 * Prometheus series of finished runs. One `RunMetrics` holds a prom-client
 * registry: `record(summary)` after each run, `text()` for the exposition.
 * The CLI writes it to a textfile after each run (restoring the previous
 * file first, since each run is a new process); a long-running scheduler
 * keeps one and serves `text()` or `registry` on `/metrics`.
 *
 * `deskbee_sync_last_*` series describe the last run of each mode (plan,
 * apply, import), so that an ad-hoc `plan` does not hide last night's
 * failed `apply`; `_total` counters add up over every run.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { RunSummary } from '../sync/run-summary.js';
import { parseExposition } from './exposition-format.js';

const outcomes: RunSummary['outcome'][] = ['succeeded', 'no-changes', 'partial', 'declined', 'refused', 'failed', 'interrupted'];
const tallyOutcomes = ['planned', 'applied', 'unconfirmed', 'failed', 'skipped'] as const;

interface SeriesDefinition {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  labelNames: string[];
}

const gauge = (name: string, help: string, labelNames: string[] = ['mode']): SeriesDefinition => ({ name, help, type: 'gauge', labelNames });
const counter = (name: string, help: string, labelNames: string[] = []): SeriesDefinition => ({ name, help, type: 'counter', labelNames });

/** Every series, in the order the exposition lists them. */
export const runSeries: readonly SeriesDefinition[] = [
  gauge('deskbee_sync_last_run_outcome', 'Outcome of the last run of each mode: 1 for the outcome it had, 0 for the others.', ['mode', 'outcome']),
  gauge('deskbee_sync_last_run_exit_code', 'Exit code of the last run of each mode (0 done, 2 changes pending, 5 Deskbee unreachable, 6 refused, 7 partial, 130 interrupted).'),
  gauge('deskbee_sync_last_run_duration_seconds', 'How long the last run of each mode took, in seconds.'),
  gauge('deskbee_sync_last_run_timestamp_seconds', 'When the last run of each mode finished, in unix seconds.'),
  gauge('deskbee_sync_last_success_timestamp_seconds', 'When the last run of each mode that succeeded (or found nothing to change) finished, in unix seconds.'),
  gauge('deskbee_sync_last_run_changes', 'Changes of the last run of each mode, by change kind and outcome (planned, applied, unconfirmed, failed, skipped).', ['mode', 'kind', 'outcome']),
  gauge('deskbee_sync_last_run_left_out_entries', 'Source entries the last run of each mode left out of its plan.'),
  gauge('deskbee_sync_last_run_drift_notices', 'Drift notices (fields changed in Deskbee by hand) in the last run of each mode.'),
  gauge('deskbee_sync_last_run_requests', 'HTTP requests the last run of each mode sent to Deskbee, when it applied changes.'),
  gauge('deskbee_sync_last_run_request_retries', 'Requests the last run of each mode sent again after a failure or a 429.'),
  gauge('deskbee_sync_last_run_throttled_responses', 'HTTP 429 answers the last run of each mode got from Deskbee.'),
  counter('deskbee_sync_runs_total', 'Runs, by mode and outcome.', ['mode', 'outcome']),
  counter('deskbee_sync_changes_total', 'Changes sent to Deskbee, by change kind and outcome (applied, unconfirmed, failed, skipped).', ['kind', 'outcome']),
  counter('deskbee_sync_requests_total', 'HTTP requests sent to Deskbee by runs that applied changes.'),
  counter('deskbee_sync_request_retries_total', 'Requests to Deskbee sent again after a failure or a 429.'),
  counter('deskbee_sync_throttled_responses_total', 'HTTP 429 answers from Deskbee.'),
];

/** Options of `RunMetrics`. */
export interface RunMetricsOptions {
  /** Labels added to every series (the configuration's `metrics.labels`). Default: none. */
  labels?: Record<string, string>;
}

interface Value {
  labels: Record<string, string>;
  value: number;
}

/** The series of runs recorded so far, and of runs restored from an earlier exposition. */
export class RunMetrics {
  /** The prom-client registry holding the series; a server may merge it with others. */
  readonly registry = new Registry();
  readonly #values = new Map<string, Map<string, Value>>();
  readonly #constant: Record<string, string>;

  constructor(options: RunMetricsOptions = {}) {
    this.#constant = { ...(options.labels ?? {}) };
    if (Object.keys(this.#constant).length > 0) this.registry.setDefaultLabels(this.#constant);
    for (const series of runSeries) {
      const values = new Map<string, Value>();
      this.#values.set(series.name, values);
      const common = { name: series.name, help: series.help, labelNames: series.labelNames, registers: [this.registry] };
      // The series are rendered from `values` at each collection, so that a
      // whole mode's last-run series can be replaced at once.
      if (series.type === 'gauge') {
        new Gauge({
          ...common,
          collect(this: Gauge) {
            this.reset();
            for (const { labels, value } of values.values()) this.set(labels, value);
          },
        });
      } else {
        new Counter({
          ...common,
          collect(this: Counter) {
            this.reset();
            for (const { labels, value } of values.values()) this.inc(labels, value);
          },
        });
      }
    }
  }

  /** The exposition in Prometheus' text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type of `text()`, for an HTTP answer. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Takes in the series of a finished run. */
  record(summary: RunSummary): void {
    const mode = summary.mode;
    const finished = Date.parse(summary.finishedAt) / 1000;
    for (const series of runSeries) {
      if (series.type === 'gauge' && series.name !== 'deskbee_sync_last_success_timestamp_seconds') this.#dropMode(series.name, mode);
    }
    for (const outcome of outcomes) this.#set('deskbee_sync_last_run_outcome', { mode, outcome }, outcome === summary.outcome ? 1 : 0);
    this.#set('deskbee_sync_last_run_exit_code', { mode }, summary.exitCode);
    this.#set('deskbee_sync_last_run_duration_seconds', { mode }, summary.durationMs / 1000);
    this.#set('deskbee_sync_last_run_timestamp_seconds', { mode }, finished);
    if (summary.outcome === 'succeeded' || summary.outcome === 'no-changes') this.#set('deskbee_sync_last_success_timestamp_seconds', { mode }, finished);
    for (const [kind, tally] of Object.entries(summary.changes)) {
      for (const outcome of tallyOutcomes) {
        this.#set('deskbee_sync_last_run_changes', { mode, kind, outcome }, tally[outcome]);
        if (outcome !== 'planned' && tally[outcome] > 0) this.#add('deskbee_sync_changes_total', { kind, outcome }, tally[outcome]);
      }
    }
    this.#set('deskbee_sync_last_run_left_out_entries', { mode }, summary.leftOut);
    this.#set('deskbee_sync_last_run_drift_notices', { mode }, summary.drift);
    this.#add('deskbee_sync_runs_total', { mode, outcome: summary.outcome }, 1);
    const { requests } = summary;
    if (requests) {
      this.#set('deskbee_sync_last_run_requests', { mode }, requests.requests);
      this.#set('deskbee_sync_last_run_request_retries', { mode }, requests.retries);
      this.#set('deskbee_sync_last_run_throttled_responses', { mode }, requests.throttled);
      this.#add('deskbee_sync_requests_total', {}, requests.requests);
      this.#add('deskbee_sync_request_retries_total', {}, requests.retries);
      this.#add('deskbee_sync_throttled_responses_total', {}, requests.throttled);
    }
  }

  /**
   * Takes in the series of an earlier exposition of these metrics (the
   * textfile a previous process wrote), so that the last run of other
   * modes, the last success time and the counters carry on. Series it does
   * not know are ignored.
   * @throws ExpositionError when the text is not valid exposition format.
   */
  restore(text: string): void {
    for (const family of parseExposition(text).values()) {
      const values = this.#values.get(family.name);
      const series = runSeries.find((s) => s.name === family.name);
      if (!values || !series || family.type !== series.type) continue;
      const expected = [...series.labelNames].sort().join(',');
      for (const sample of family.samples) {
        const labels = Object.fromEntries(Object.entries(sample.labels).filter(([name]) => !(name in this.#constant)));
        // A series of another shape (an older version's) is dropped rather than carried.
        if (Object.keys(labels).sort().join(',') !== expected || !Number.isFinite(sample.value)) continue;
        values.set(labelKey(labels), { labels, value: sample.value });
      }
    }
  }

  #set(name: string, labels: Record<string, string>, value: number): void {
    this.#series(name).set(labelKey(labels), { labels, value });
  }

  #add(name: string, labels: Record<string, string>, value: number): void {
    const values = this.#series(name);
    const key = labelKey(labels);
    values.set(key, { labels, value: (values.get(key)?.value ?? 0) + value });
  }

  #dropMode(name: string, mode: string): void {
    const values = this.#series(name);
    for (const [key, { labels }] of values) if (labels.mode === mode) values.delete(key);
  }

  #series(name: string): Map<string, Value> {
    const values = this.#values.get(name);
    if (!values) throw new Error(`no series ${name}`);
    return values;
  }
}

function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}
