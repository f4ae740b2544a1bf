/**
 * `deskbee-sync journal` through the in-process CLI, on both stores: two
 * real applies against the emulator (a create that fails, a write Deskbee
 * drops silently, an email change between them), then the journal read by
 * run, person, kind and outcome, and each format parsed back.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import { changeCostCenters, changeEmails } from '../../src/demo/sample-hr-mutations.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { csvField, journalCsvColumns } from '../../src/report/journal-renderer-csv.js';
import { openStore } from '../../src/store/open-store.js';
import type { JournalEntry, RunId, SnapshotStore } from '../../src/store/snapshot-store.js';
import { syncWorkspace, type CliResult, type SyncWorkspace } from '../support/cli-harness.js';
import { startTestEmulator, testCredentials, tokenPattern } from '../support/deskbee-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const fast = 'deskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }\nsync: { errorBudget: 1000 }';

describe.each(['pglite', 'postgres'] as const)('deskbee-sync journal, %s store', (backend) => {
  let emulator: RunningEmulator;
  let database: TestDatabase | undefined;
  let ws: SyncWorkspace;
  const outputs: CliResult[] = [];
  const workforce = generateWorkforce({ people: 30, squads: 3, costCenters: 3, seed: 31 });
  const refused = workforce.people[1]!;
  const emailChange = changeEmails(workforce, 1, 7, new Set([refused.employeeId]));
  const moved = changeCostCenters(emailChange.workforce, 1, 8, new Set([refused.employeeId, ...emailChange.employeeIds]));
  const renamed = emailChange.changes[0]!;
  let runs: { first: RunId; second: RunId };
  let journals: { first: JournalEntry[]; second: JournalEntry[] };

  const journal = async (...args: string[]): Promise<CliResult> => {
    const result = await ws.run('journal', ...args);
    outputs.push(result);
    return result;
  };
  const json = async (...args: string[]) => {
    const result = await journal(...args, '--format', 'json');
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as { version: number; entries: JournalEntry[]; more: number };
  };
  const withStore = async <T>(work: (store: SnapshotStore) => Promise<T>): Promise<T> => {
    const store = await openStore(database ? { databaseUrl: database.url } : { directory: join(ws.dir, 'store') });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };
  const keys = (entries: JournalEntry[]) => entries.map((e) => `${e.runId}/${e.seq}`);

  beforeAll(async () => {
    emulator = await startTestEmulator();
    database = backend === 'postgres' ? await createTestDatabase('journal') : undefined;
    ws = await syncWorkspace(emulator, { csv: toCsv(workforce), extraConfig: fast, ...(database ? { databaseUrl: database.url } : {}) });
    // A Deskbee user nobody links to holds one person's email, and nothing is adopted: that person's create fails.
    emulator.seed({ users: [{ name: 'Someone Else', email: refused.email }] });
    const noMatch = join(ws.dir, 'no-match.yaml');
    await writeFile(noMatch, (await readFile(resolve('mappings/hr-csv.yaml'), 'utf8')).replace('match: [enrollment, email]', 'match: []'));
    await writeFile(ws.configPath, (await readFile(ws.configPath, 'utf8')).replace(/^mapping: .*$/m, `mapping: ${JSON.stringify(noMatch)}`));
    const firstApply = await ws.run('apply', '--yes', '-q');
    expect(firstApply.code, firstApply.stderr).toBe(7);

    // One email changes, one cost center moves, and Deskbee drops the cost center silently: that update stays unconfirmed.
    await ws.writeCsv(toCsv(moved.workforce));
    emulator.setFaults({ undeclaredUserFields: ['cost_center_uuid'], hiddenUserFields: ['cost_center'] });
    const secondApply = await ws.run('apply', '--yes', '-q');
    expect(secondApply.code, secondApply.stderr).toBe(7);
    emulator.setFaults({ undeclaredUserFields: [], hiddenUserFields: [] });

    [runs, journals] = await withStore(async (store) => {
      const [second, first] = (await store.recentRuns(10)).filter((r) => r.mode === 'apply');
      return [
        { first: first!.id, second: second!.id },
        { first: await store.journalOf(first!.id), second: await store.journalOf(second!.id) },
      ];
    });
  });

  afterAll(async () => {
    await emulator?.close();
    await ws?.remove();
    await database?.drop();
  });

  it('lists the latest run with a journal by default, as an aligned table', async () => {
    const result = await journal();
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Journal (run ${runs.second}, the latest with a journal):`);
    expect(lines[1]).toMatch(/^run\s+seq\s+time \(UTC\)\s+kind\s+entity\s+outcome\s+reason$/);
    const rows = lines.slice(2);
    expect(rows).toHaveLength(journals.second.length);
    // Aligned: each column starts where its header does.
    const outcomeAt = lines[1]!.indexOf('outcome');
    for (const [i, entry] of journals.second.entries()) {
      expect(rows[i]!.startsWith(`${runs.second} `)).toBe(true);
      expect(rows[i]!.slice(outcomeAt).startsWith(entry.outcome)).toBe(true);
      expect(rows[i]).toContain(entry.entityKey);
    }
    expect(result.stdout).toMatch(new RegExp(`updateUser\\s+user:${renamed.from.replace(/\./g, '\\.')}\\s+applied`));
    expect(result.stdout).toMatch(/updateUser .* unconfirmed .*read-back shows costCenter/);
    expect(result.stdout).toMatch(new RegExp(`createUser\\s+user:${refused.email.replace(/\./g, '\\.')}\\s+failed\\s+422: email: The email has already been taken`));
  });

  it('reads one run as one JSON document of the store\'s entries', async () => {
    const document = await json('--run', String(runs.first), '--limit', 'all');
    expect(document.version).toBe(1);
    expect(document.more).toBe(0);
    expect(document.entries).toEqual(journals.first);
    const failed = document.entries.find((e) => e.entityKey === `user:${refused.email}`);
    expect(failed).toMatchObject({ changeKind: 'createUser', outcome: 'failed', subject: { externalId: refused.employeeId } });
    expect(failed?.response).toMatchObject({ status: 422, error: { fieldErrors: { email: [expect.stringMatching(/already been taken/)] } } });
    const created = document.entries.find((e) => e.changeKind === 'createUser' && e.outcome === 'applied');
    expect(created?.subject?.userUuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(document.entries.map((e) => e.changeKind))).toEqual(new Set(['createCostCenter', 'createSquad', 'createTag', 'createUser', 'addMembers']));
  });

  it('finds one person by old email, new email and external id, across the email change', async () => {
    const expected = [...journals.first, ...journals.second].filter(
      (e) => e.entityKey === `user:${renamed.from}` || e.entityKey === `user:${renamed.to}`,
    );
    expect(expected.map((e) => [e.runId, e.changeKind, e.outcome])).toEqual([
      [runs.first, 'createUser', 'applied'],
      [runs.second, 'updateUser', 'applied'],
    ]);
    for (const who of [renamed.from, renamed.to.toUpperCase(), renamed.employeeId]) {
      const document = await json('--user', who);
      expect(keys(document.entries), who).toEqual(keys(expected));
    }
    const refusedEntries = await json('--user', refused.email, '--all-runs');
    expect(refusedEntries.entries.map((e) => [e.runId, e.changeKind, e.outcome])).toEqual([
      [runs.first, 'createUser', 'failed'],
      [runs.second, 'createUser', 'failed'],
    ]);
    // Narrowed to one run, the person's entries of that run only.
    expect(keys((await json('--user', renamed.employeeId, '--run', String(runs.second))).entries)).toEqual(keys(expected.slice(1)));
  });

  it('selects by kind and outcome across runs, as CSV a spreadsheet reads', async () => {
    const result = await journal('--all-runs', '--kind', 'createUser', '--kind', 'updateUser', '--outcome', 'failed,unconfirmed', '--format', 'csv');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\r\n$/);
    const rows = parse(result.stdout, { columns: true }) as Record<(typeof journalCsvColumns)[number], string>[];
    const expected = [...journals.first, ...journals.second].filter(
      (e) => ['createUser', 'updateUser'].includes(e.changeKind) && ['failed', 'unconfirmed'].includes(e.outcome),
    );
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(rows[0]!)).toEqual([...journalCsvColumns]);
    expect(rows.map((r) => `${r.run}/${r.seq}`)).toEqual(keys(expected));
    for (const [i, entry] of expected.entries()) {
      expect(rows[i]).toMatchObject({ kind: entry.changeKind, entity: entry.entityKey, outcome: entry.outcome, recorded_at: entry.recordedAt, external_id: entry.subject?.externalId ?? '' });
      expect(rows[i]?.reason.length).toBeGreaterThan(0);
    }
    const unconfirmed = rows.find((r) => r.outcome === 'unconfirmed');
    expect(unconfirmed?.entity).toBe(`user:${moved.workforce.people.find((p) => p.employeeId === moved.employeeIds[0]!)!.email}`);
    // A reason with a comma or a quote survives the round trip.
    expect(rows.some((r) => /[,"]/.test(r.reason))).toBe(true);

    const skipped = await json('--all-runs', '--outcome', 'skipped', '--limit', 'all');
    const expectedSkipped = [...journals.first, ...journals.second].filter((e) => e.outcome === 'skipped');
    expect(expectedSkipped.length).toBeGreaterThan(0);
    expect(skipped.entries).toEqual(expectedSkipped);
    expect(skipped.entries[0]?.reason).toMatch(/creation failed/);
  });

  it('says how many more match past the limit, in each format', async () => {
    const total = journals.first.length;
    const text = await journal('--run', String(runs.first), '--limit', '5');
    expect(text.stdout.trimEnd().split('\n')).toHaveLength(2 + 5 + 1);
    expect(text.stdout).toContain(`… ${total - 5} more`);
    const document = await json('--run', String(runs.first), '--limit', '5');
    expect(document.entries).toEqual(journals.first.slice(0, 5));
    expect(document.more).toBe(total - 5);
    const csv = await journal('--run', String(runs.first), '--limit', '5', '--format', 'csv');
    expect(parse(csv.stdout, { columns: true })).toHaveLength(5);
    expect(csv.stderr).toContain(`${total - 5} more entries match`);
  });

  it('refuses a run the store does not have, and a kind or date it does not know', async () => {
    const unknown = await journal('--run', '9999');
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/the store has no run 9999/);
    const kind = await journal('--kind', 'createUsers');
    expect(kind.code).toBe(64);
    expect(kind.stderr).toMatch(/"createUsers" is not one of createCostCenter/);
    const date = await journal('--since', 'last tuesday');
    expect(date.code).toBe(64);
    expect(date.stderr).toMatch(/give a date \(2025-03-01/);
    expect((await journal('--run', '1', '--all-runs')).code).toBe(64);
    const help = await journal('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--user <who>/);
    expect(help.stdout).toMatch(/Exit codes/i);
  });

  it('selects by the day entries were recorded, a date alone taking the whole day', async () => {
    const today = journals.second[0]!.recordedAt.slice(0, 10);
    const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    const all = await json('--since', today, '--until', today, '--limit', 'all');
    expect(keys(all.entries)).toEqual(keys([...journals.first, ...journals.second]));
    expect((await json('--until', day(-1))).entries).toEqual([]);
    expect((await json('--since', day(1))).entries).toEqual([]);
    const fromSecond = await json('--since', journals.second[0]!.recordedAt, '--limit', 'all');
    expect(keys(fromSecond.entries)).toEqual(keys(journals.second));
  });

  it('never prints a secret in any format', async () => {
    for (const format of ['text', 'json', 'csv']) outputs.push(await ws.run('journal', '--all-runs', '--limit', 'all', '--format', format));
    const printed = outputs.map((o) => `${o.stdout}\n${o.stderr}`).join('\n');
    expect(printed).not.toContain(testCredentials.clientSecret);
    expect(printed).not.toMatch(tokenPattern);
    if (database) {
      const password = new URL(database.url).password;
      if (password) expect(printed).not.toContain(password);
    }
  });
});

describe('journal CSV fields', () => {
  it('quotes as RFC 4180 asks and keeps a spreadsheet from taking a value for a formula', () => {
    const values = ['plain', 'a, b', 'say "hi"', 'two\nlines', '=HYPERLINK("http://x","y")', '+1', '-2', '@SUM(A1)', ''];
    const [parsed] = parse(`${values.map(csvField).join(',')}\r\n`) as string[][];
    expect(parsed).toEqual(['plain', 'a, b', 'say "hi"', 'two\nlines', `'=HYPERLINK("http://x","y")`, "'+1", "'-2", "'@SUM(A1)", '']);
    expect(csvField('plain')).toBe('plain');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });
});
