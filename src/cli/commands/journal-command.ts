import { Command, InvalidArgumentError, Option } from 'commander';
import { loadSyncConfig } from '../../config/sync-config.js';
import { UsageError } from '../../errors.js';
import { changeKinds } from '../../engine/change-kinds/index.js';
import { journalCsvChunks } from '../../report/journal-renderer-csv.js';
import { journalJsonChunks } from '../../report/journal-renderer-json.js';
import { renderJournalText } from '../../report/journal-renderer-text.js';
import { openStore } from '../../store/open-store.js';
import type { JournalEntry, JournalFilter, JournalOutcome, SnapshotStore } from '../../store/snapshot-store.js';
import type { CliIo } from '../cli-io.js';
import { configPath, type CommonFlags } from '../cli-runtime.js';
import { withCommonOptions } from './common-options.js';

/** Entries listed when `--limit` is not given. */
const defaultLimit = 200;
/** Entries read from the store at a time. */
const pageSize = 1_000;
const outcomes: JournalOutcome[] = ['applied', 'unconfirmed', 'failed', 'skipped'];

interface JournalFlags extends CommonFlags {
  run?: number;
  allRuns?: boolean;
  user?: string;
  kind: string[];
  outcome: JournalOutcome[];
  since?: Date;
  until?: Date;
  limit: number;
  format: 'text' | 'json' | 'csv';
}

/** `deskbee-sync journal`: what each apply did to each entity, read from the store. */
export function journalCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new Command('journal')
    .description(
      'Show the journal: every change an apply or import sent, how it ended (applied, unconfirmed, failed, skipped) and why. ' +
        'By default the latest run that has a journal; with --user, --since or --until, every run.',
    )
    .addOption(new Option('--run <n>', 'the journal of run N (`status` lists the runs)').argParser(positive).conflicts('allRuns'))
    .option('--all-runs', 'the journal of every run')
    .option('--user <who>', "one person's entries: an email, an external id or a Deskbee uuid; found across email changes")
    .addOption(
      new Option('--kind <kind>', `only this change kind (repeatable, or comma-separated): ${changeKinds.join(', ')}`).argParser(collect(changeKinds)).default([], 'every kind'),
    )
    .addOption(
      new Option('--outcome <outcome>', `only this outcome (repeatable, or comma-separated): ${outcomes.join(', ')}`).argParser(collect(outcomes)).default([], 'every outcome'),
    )
    .option('--since <date>', 'only entries recorded from then on: 2025-03-01 (UTC) or 2025-03-01T02:00:00Z', (v) => instant(v, 'start'))
    .option('--until <date>', 'only entries recorded before then; a date alone includes that whole day (UTC)', (v) => instant(v, 'end'))
    .option('-n, --limit <n>', 'how many entries to list, or "all"', limitOf, defaultLimit)
    .addOption(new Option('-f, --format <format>', 'output format; csv is for a spreadsheet').choices(['text', 'json', 'csv']).default('text'));
  withCommonOptions(command).action(async (flags: JournalFlags) => {
    const config = await loadSyncConfig(configPath(io, flags));
    const store = await openStore({
      ...(io.env.DATABASE_URL ? { databaseUrl: io.env.DATABASE_URL } : {}),
      ...(config.store.directory ? { directory: config.store.directory } : {}),
    });
    try {
      await printJournal(io, store, flags);
      setExitCode(0);
    } finally {
      await store.close();
    }
  });
  return command;
}

async function printJournal(io: CliIo, store: SnapshotStore, flags: JournalFlags): Promise<void> {
  const { filter, selection } = await filterOf(store, flags);
  const total = filter ? await store.journalTotal(filter) : 0;
  let read = 0;
  const pages = (async function* () {
    if (!filter) return;
    let after: JournalFilter['after'];
    while (read < flags.limit) {
      const want = Math.min(pageSize, flags.limit - read);
      const page = await store.journal({ ...filter, limit: want, ...(after ? { after } : {}) });
      read += page.length;
      if (page.length > 0) yield page;
      const last = page.at(-1);
      if (!last || page.length < want) return;
      after = { runId: last.runId, seq: last.seq };
    }
  })();
  const more = () => Math.max(0, total - read);
  if (flags.format === 'json') return write(io, journalJsonChunks(pages, more));
  if (flags.format === 'csv') {
    await write(io, journalCsvChunks(pages));
    if (more() > 0) io.stderr.write(`deskbee-sync: ${more().toLocaleString('en-US')} more entries match; --limit all lists every one.\n`);
    return;
  }
  if (!filter) {
    io.stdout.write('The journal is empty: no apply or import has recorded a change yet.\n');
    return;
  }
  const entries: JournalEntry[] = [];
  for await (const page of pages) for (const entry of page) entries.push(entry);
  io.stdout.write(renderJournalText(entries, { selection, more: more() }));
}

/** The store filter the flags ask for, and how to name it; no filter when the journal is empty. */
async function filterOf(store: SnapshotStore, flags: JournalFlags): Promise<{ filter?: Omit<JournalFilter, 'after' | 'limit'>; selection: string }> {
  const narrowing = {
    ...(flags.user !== undefined ? { user: flags.user } : {}),
    ...(flags.kind.length ? { kinds: flags.kind } : {}),
    ...(flags.outcome.length ? { outcomes: flags.outcome } : {}),
    ...(flags.since ? { since: flags.since.toISOString() } : {}),
    ...(flags.until ? { until: flags.until.toISOString() } : {}),
  };
  const named = [
    flags.user !== undefined ? `user ${flags.user}` : '',
    flags.kind.length ? `kind ${flags.kind.join(', ')}` : '',
    flags.outcome.length ? `outcome ${flags.outcome.join(', ')}` : '',
    flags.since ? `since ${flags.since.toISOString()}` : '',
    flags.until ? `until ${flags.until.toISOString()}` : '',
  ].filter(Boolean);
  const everyRun = flags.allRuns || (flags.run === undefined && (flags.user !== undefined || flags.since !== undefined || flags.until !== undefined));
  if (everyRun) return { filter: narrowing, selection: ['every run', ...named].join(', ') };
  if (flags.run !== undefined) {
    if (!(await store.run(flags.run))) {
      throw new UsageError(`--run ${flags.run}: the store has no run ${flags.run}; \`deskbee-sync status\` lists the runs recorded.`);
    }
    return { filter: { ...narrowing, runs: [flags.run] }, selection: [`run ${flags.run}`, ...named].join(', ') };
  }
  const latest = await store.lastJournalRun();
  if (latest === undefined) return { selection: 'the journal is empty' };
  return { filter: { ...narrowing, runs: [latest] }, selection: [`run ${latest}, the latest with a journal`, ...named].join(', ') };
}

/** Writes `chunks` to stdout, waiting whenever the reader is behind. */
async function write(io: CliIo, chunks: AsyncIterable<string>): Promise<void> {
  for await (const chunk of chunks) {
    if (!io.stdout.write(chunk)) await new Promise<void>((resolve) => io.stdout.once('drain', resolve));
  }
}

function positive(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a positive whole number.');
  return Number(value);
}

function limitOf(value: string): number {
  return value === 'all' ? Number.POSITIVE_INFINITY : positive(value);
}

/** A repeatable option whose values may also be comma-separated, each one of `allowed`. */
function collect<T extends string>(allowed: readonly T[]): (value: string, previous: T[]) => T[] {
  return (value, previous) => {
    const values = [...previous];
    for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
      if (!(allowed as readonly string[]).includes(part)) throw new InvalidArgumentError(`"${part}" is not one of ${allowed.join(', ')}.`);
      values.push(part as T);
    }
    return values;
  };
}

/** `2025-03-01` (UTC midnight; with `end`, the midnight after it) or an ISO 8601 date and time with its zone. */
function instant(value: string, edge: 'start' | 'end'): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const date = new Date(day ? `${value}T00:00:00Z` : value);
  if ((!day && !withZone) || Number.isNaN(date.getTime()) || (day && !date.toISOString().startsWith(value))) {
    throw new InvalidArgumentError('give a date (2025-03-01, taken as UTC) or a date and time with its zone (2025-03-01T02:00:00Z).');
  }
  if (day && edge === 'end') date.setUTCDate(date.getUTCDate() + 1);
  return date;
}
