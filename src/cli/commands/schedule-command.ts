import { Command, InvalidArgumentError, Option } from 'commander';
import { Cron } from 'croner';
import { loadSyncConfig } from '../../config/sync-config.js';
import { UsageError } from '../../errors.js';
import { AfterRun } from '../../ops/after-run.js';
import { RunMetrics } from '../../ops/run-metrics.js';
import { formatDuration, parseDuration } from '../../schedule/duration.js';
import { startHealthServer, type MetricsProvider } from '../../schedule/health-server.js';
import { ScheduleHealth } from '../../schedule/schedule-health.js';
import { scheduleMetricsText } from '../../schedule/schedule-metrics-text.js';
import { cronTimes, intervalTimes, isTimeZone, machineTimeZone, type ScheduleTimes } from '../../schedule/schedule-times.js';
import { runOnce, runScheduler } from '../../schedule/scheduler.js';
import { runSyncTick } from '../../schedule/sync-tick.js';
import type { TickOutcome } from '../../schedule/tick-outcome.js';
import type { CliIo } from '../cli-io.js';
import { configPath, runContext, runtimeFor, strictRun, type CommonFlags } from '../cli-runtime.js';
import { applyExitCode } from '../run-exit.js';
import { withCommonOptions } from './common-options.js';

/** The options of `schedule`, as commander gives them. */
export interface ScheduleFlags extends CommonFlags {
  cron?: string;
  every?: number;
  tz?: string;
  jitter?: number;
  once?: boolean;
  port?: number;
  host: string;
  staleAfter?: number;
  strict?: boolean;
}

/** `deskbee-sync schedule`: the configured sync on a cron expression, until stopped; or once, for an outside scheduler. */
export function scheduleCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new Command('schedule')
    .description(
      'Run the configured sync (what `apply --yes` does) on a schedule until stopped, or once with --once for cron, systemd timers and Kubernetes CronJobs. One run at a time, across processes too: a tick that finds the store held by another run is skipped and logged. SIGINT/SIGTERM between runs exits 0 at once; during a run it stops the run cleanly (recorded as interrupted) and exits 130.',
    )
    .addOption(new Option('--cron <expression>', 'when to run: five cron fields, or six with seconds first, e.g. "0 2 * * *" (02:00 every day)').argParser(cronExpression))
    .addOption(new Option('--every <duration>', 'run every DURATION from the start instead, e.g. 15m or 1h30m').argParser(duration('--every')).conflicts('cron'))
    .option('--tz <zone>', `time zone of --cron, e.g. Europe/Lisbon (default: this machine's, ${machineTimeZone()})`)
    .addOption(new Option('--jitter <duration>', 'wait a random delay up to DURATION before each run, e.g. 5m, so that many accounts do not call Deskbee at once').argParser(duration('--jitter', 0)))
    .option('--once', 'run one sync now (after the jitter) and exit with its exit code')
    .addOption(new Option('--port <n>', 'serve GET /healthz and GET /metrics on this port (0: any free port)').argParser(port))
    .addOption(new Option('--host <address>', 'the address --port listens on (0.0.0.0 in a container probed from outside)').default('127.0.0.1'))
    .addOption(
      new Option('--stale-after <duration>', "/healthz answers 503 when no tick has ended for this long (default: twice the schedule's longest gap)").argParser(duration('--stale-after')),
    )
    .option('--strict', 'a run that left source entries out exits 8 (also sync.strict: true), and /healthz counts it as failing');
  withCommonOptions(command).action(async (flags: ScheduleFlags) => setExitCode(await schedule(io, flags)));
  return command;
}

async function schedule(io: CliIo, flags: ScheduleFlags): Promise<number> {
  checkScheduleFlags(flags);
  // A wrong configuration, or a notification secret that cannot be read, stops the command now, not at the first tick hours later.
  const config = await loadSyncConfig(configPath(io, flags));
  const { logger, clock } = runContext(io, flags);
  const afterRun = new AfterRun({ config, env: io.env, logger });
  const labels = config.metrics?.labels ?? {};
  const runMetrics = new RunMetrics({ labels });
  const tick = () =>
    runSyncTick({ open: () => runtimeFor(io, flags), exitCode: (rt, run) => applyExitCode(run, strictRun(rt, flags)), clock });
  // Each run's series for /metrics, its textfile and its notices, as after `apply`.
  const onTick = async (outcome: TickOutcome) => {
    if (outcome.kind !== 'ran') return;
    runMetrics.record(outcome.summary);
    await afterRun.finished(outcome.summary);
  };
  const common = { tick, onTick, clock, signal: io.signal, logger, jitterMs: flags.jitter ?? 0 };
  if (flags.once) return runOnce({ ...common, health: new ScheduleHealth(clock, 'once', Number.POSITIVE_INFINITY) });

  const times = scheduleTimes(flags, new Date(clock.now()));
  const period = times.periodMs(new Date(clock.now()));
  const staleAfterMs = flags.staleAfter ?? 2 * (period ?? 86_400_000);
  if (period !== null && staleAfterMs < period) {
    logger.warn(`--stale-after ${formatDuration(staleAfterMs)} is shorter than the schedule's gap of ${formatDuration(period)}: /healthz will answer 503 between runs that are on time`);
  }
  const health = new ScheduleHealth(clock, times.description, staleAfterMs);
  const metrics: MetricsProvider = async () => (await runMetrics.text()) + scheduleMetricsText(health.report(), labels);
  const server = flags.port === undefined ? undefined : await startHealthServer({ health, metrics, host: flags.host, port: flags.port });
  try {
    const next = times.next(new Date(clock.now()));
    logger.info(`scheduled: ${times.description}`, {
      nextRun: next?.toISOString() ?? null,
      ...(server ? { health: `${server.origin}/healthz`, metrics: `${server.origin}/metrics` } : {}),
    });
    return await runScheduler({ ...common, times, health });
  } finally {
    await server?.close();
  }
}

/** Refuses combinations of options that make no sense together (a UsageError, exit 64). */
export function checkScheduleFlags(flags: ScheduleFlags): void {
  if (flags.once) {
    const extra = (['cron', 'every', 'port', 'staleAfter'] as const).filter((name) => flags[name] !== undefined);
    if (extra.length > 0) {
      throw new UsageError(
        `--once runs one sync now and exits with its exit code, so ${extra.map((n) => `--${n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} ${extra.length === 1 ? 'does' : 'do'} not apply: the outside scheduler (cron, a systemd timer, a Kubernetes CronJob) decides when, and the exit code is the health.`,
      );
    }
    return;
  }
  if (flags.cron === undefined && flags.every === undefined) {
    throw new UsageError('say when to run: --cron "0 2 * * *" (cron fields) or --every 15m; or --once to run one sync now, under an outside scheduler.');
  }
  if (flags.tz !== undefined && !isTimeZone(flags.tz)) {
    throw new UsageError(`--tz ${flags.tz} is not a time zone this machine knows; give an IANA name such as Europe/Lisbon or UTC.`);
  }
}

function scheduleTimes(flags: ScheduleFlags, now: Date): ScheduleTimes {
  const times = flags.cron !== undefined ? cronTimes(flags.cron, flags.tz ?? machineTimeZone()) : intervalTimes(flags.every!, now);
  if (!times.next(now)) throw new UsageError(`--cron "${flags.cron}" never comes round again (no such date after ${now.toISOString()}); check the day and month fields.`);
  return times;
}

/** Checks the expression's syntax now; the time zone is applied once all options are read. */
function cronExpression(value: string): string {
  try {
    new Cron(value, { paused: true });
  } catch (error) {
    throw new InvalidArgumentError(`${error instanceof Error ? error.message : String(error)} (five fields: minute hour day-of-month month day-of-week; or six with seconds first).`);
  }
  return value;
}

function duration(name: string, leastMs = 1_000) {
  return (value: string): number => {
    const ms = parseDuration(value);
    if (ms === undefined || ms < leastMs) {
      throw new InvalidArgumentError(`${name} takes a duration${leastMs > 0 ? ' of at least a second' : ''}: a number and a unit (s, m, h, d), e.g. 30s, 15m, 1h30m.`);
    }
    return ms;
  };
}

function port(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65_535) throw new InvalidArgumentError('--port takes a TCP port, 0 to 65535 (0: any free port).');
  return Number(value);
}
