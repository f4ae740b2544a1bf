/**
 * Contract, part 4: reading the journal by filter (run, person, kind,
 * outcome, time), a page at a time, and the subject each entry records.
 */
import { describe, expect, it } from 'vitest';
import type { JournalWrite, RunId } from '../../src/store/snapshot-store.js';
import type { StoreHarness } from './store-harness.js';
import { unique } from './store-harness.js';

export function journalQueryContract(h: StoreHarness): void {
  describe('journal subjects', () => {
    it('keeps the subject given, completes a created user from its link, and leaves it out where none is known', async () => {
      const store = h.store();
      const source = unique('src');
      const runId = await store.startRun({ mode: 'apply', sources: [source] });
      const uuid = unique('uuid');
      const squadUuid = unique('squad');
      const created = await store.recordConfirmed({
        runId,
        changeId: 'c1',
        changeKind: 'createUser',
        entityKey: 'user:ana@corp.example',
        subject: { externalId: 'E1' },
        request: { method: 'POST', path: '/users' },
        response: { status: 201, body: { uuid } },
        links: [{ op: 'upsert', source, kind: 'user', externalId: 'E1', uuid }],
      });
      expect(created.subject).toEqual({ userUuid: uuid, externalId: 'E1' });
      await store.recordMany([
        { runId, changeId: 'c2', changeKind: 'createSquad', entityKey: 'squad:Ops', subject: { squadName: 'Ops' }, request: null, response: { status: 201, body: {} }, links: [{ op: 'upsert', source, kind: 'squad', externalId: 'G1', uuid: squadUuid }] },
        { runId, changeId: 'c3', changeKind: 'createTag', entityKey: 'tag:remote', subject: {}, request: null, response: { status: 201, body: {} } },
        { runId, changeId: 'c4', changeKind: 'deactivateUser', entityKey: 'user:bo@corp.example', subject: { userUuid: 'u-bo', externalId: 'E2' }, outcome: 'skipped', reason: 'the run was interrupted' },
      ]);
      await store.recordOutcome({ runId, changeId: 'c5', changeKind: 'createCostCenter', entityKey: 'costCenter:CC-1', outcome: 'failed', reason: 'x' });
      const journal = await store.journalOf(runId);
      expect(journal.map((e) => e.subject)).toEqual([
        { userUuid: uuid, externalId: 'E1' },
        { squadUuid, squadName: 'Ops' },
        undefined,
        { userUuid: 'u-bo', externalId: 'E2' },
        undefined,
      ]);
      expect(journal.filter((e) => e.subject === undefined).every((e) => !('subject' in e))).toBe(true);
      expect(await store.journal({ runs: [runId] })).toEqual(journal);
    });
  });

  describe('reading the journal by filter', () => {
    /** A run with entries of three kinds and four outcomes, one clock second apart. */
    async function recordedRun(): Promise<{ runId: RunId; times: string[] }> {
      const store = h.store();
      const runId = await store.startRun({ mode: 'apply' });
      const times: string[] = [];
      const shapes: [string, JournalWrite['outcome']][] = [
        ['createUser', 'applied'],
        ['createUser', 'failed'],
        ['updateUser', 'unconfirmed'],
        ['addMembers', 'skipped'],
        ['createUser', 'applied'],
        ['updateUser', 'failed'],
      ];
      for (const [i, [kind, outcome]] of shapes.entries()) {
        times.push(new Date(h.clock.advance(1_000)).toISOString());
        const base = { runId, changeId: `c${i + 1}`, changeKind: kind, entityKey: `user:p${i}@corp.example` };
        if (outcome === 'failed' || outcome === 'skipped') await store.recordOutcome({ ...base, outcome, reason: `reason ${i + 1}` });
        else await store.recordConfirmed({ ...base, outcome, request: null, response: { status: 200, body: {} } });
      }
      return { runId, times };
    }
    const ids = (entries: { changeId: string }[]) => entries.map((e) => e.changeId);

    it('selects by run, kind and outcome together, in (run, seq) order, and counts what it selects', async () => {
      const store = h.store();
      const a = await recordedRun();
      const b = await recordedRun();
      expect(ids(await store.journal({ runs: [a.runId] }))).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
      const both = await store.journal({ runs: [b.runId, a.runId], kinds: ['createUser'] });
      expect(both.map((e) => [e.runId, e.seq])).toEqual([
        [a.runId, 1],
        [a.runId, 2],
        [a.runId, 5],
        [b.runId, 1],
        [b.runId, 2],
        [b.runId, 5],
      ]);
      expect(ids(await store.journal({ runs: [a.runId], outcomes: ['failed', 'unconfirmed'] }))).toEqual(['c2', 'c3', 'c6']);
      expect(ids(await store.journal({ runs: [a.runId], kinds: ['updateUser'], outcomes: ['failed'] }))).toEqual(['c6']);
      expect(await store.journal({ runs: [a.runId], kinds: ['deleteUser'] })).toEqual([]);
      // An empty list does not narrow.
      expect(ids(await store.journal({ runs: [a.runId], kinds: [], outcomes: [] }))).toHaveLength(6);
      expect(await store.journalTotal({ runs: [a.runId, b.runId], outcomes: ['applied'] })).toBe(4);
      expect(await store.journalTotal({ runs: [a.runId], limit: 1, after: { runId: a.runId, seq: 5 } })).toBe(6);
    });

    it('selects by the time entries were recorded: since inclusive, until exclusive', async () => {
      const store = h.store();
      const { runId, times } = await recordedRun();
      expect(ids(await store.journal({ runs: [runId], since: times[2] }))).toEqual(['c3', 'c4', 'c5', 'c6']);
      expect(ids(await store.journal({ runs: [runId], until: times[2] }))).toEqual(['c1', 'c2']);
      expect(ids(await store.journal({ runs: [runId], since: times[1], until: times[3] }))).toEqual(['c2', 'c3']);
      await expect(store.journal({ since: 'yesterday-ish' })).rejects.toThrow(/since: "yesterday-ish" is not a date/);
    });

    it('reads page by page after the last (run, seq), 200 at a time by default and at most 10,000', async () => {
      const store = h.store();
      const runId = await store.startRun({ mode: 'import' });
      const count = 10_005;
      const writes = Array.from({ length: count }, (_, i) => ({ runId, changeId: `c${i + 1}`, changeKind: 'createTag', entityKey: `tag:t${i}`, outcome: 'skipped' as const }));
      for (let start = 0; start < count; start += 5_000) await store.recordMany(writes.slice(start, start + 5_000));
      const first = await store.journal({ runs: [runId] });
      expect(first.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      const second = await store.journal({ runs: [runId], after: { runId, seq: 200 }, limit: 3 });
      expect(second.map((e) => e.seq)).toEqual([201, 202, 203]);
      const big = await store.journal({ runs: [runId], limit: 50_000 });
      expect(big).toHaveLength(10_000);
      const rest = await store.journal({ runs: [runId], limit: 50_000, after: { runId, seq: big.at(-1)!.seq } });
      expect(rest.map((e) => e.seq)).toEqual([10_001, 10_002, 10_003, 10_004, 10_005]);
      expect(await store.journal({ runs: [runId], limit: 0 })).toEqual([]);
      expect(await store.journalTotal({ runs: [runId] })).toBe(count);
      // Paging crosses runs: after the last entry of this run comes the first of a later one.
      const later = await store.startRun({ mode: 'import' });
      await store.recordOutcome({ runId: later, changeId: 'next', changeKind: 'createTag', entityKey: 'tag:x', outcome: 'skipped' });
      const across = await store.journal({ runs: [runId, later], after: { runId, seq: count - 1 } });
      expect(across.map((e) => [e.runId, e.seq])).toEqual([
        [runId, count],
        [later, 1],
      ]);
    });

    it('names the newest run that has a journal, not a newer run without one', async () => {
      const store = h.store();
      const withEntries = await store.startRun({ mode: 'apply' });
      await store.recordOutcome({ runId: withEntries, changeId: 'c1', changeKind: 'createTag', entityKey: 'tag:x', outcome: 'skipped' });
      await store.startRun({ mode: 'plan' });
      expect(await store.lastJournalRun()).toBe(withEntries);
    });

    it('never returns a secret sent in a request or echoed in an answer', async () => {
      const store = h.store();
      const runId = await store.startRun({ mode: 'apply' });
      const email = `${unique('sec')}@corp.example`;
      await store.recordConfirmed({
        runId,
        changeId: 'c1',
        changeKind: 'createUser',
        entityKey: `user:${email}`,
        request: { method: 'POST', path: '/users', body: { email, password: 'pw-never-read-back' } },
        response: { status: 201, body: { token: 'tok-never-read-back' } },
      });
      const read = JSON.stringify(await store.journal({ user: email, runs: [runId] }));
      expect(read).toContain(email);
      for (const secret of ['pw-never-read-back', 'tok-never-read-back']) expect(read).not.toContain(secret);
    });
  });

  describe('reading the journal by person', () => {
    it('finds a person by email in any case, external id or uuid, across an email change and in entries without a subject', async () => {
      const store = h.store();
      const source = unique('src');
      const ext = unique('E');
      const uuid = unique('uuid');
      const [oldEmail, newEmail, latestEmail] = ['old', 'new', 'latest'].map((n) => `${unique(n)}@corp.example`) as [string, string, string];
      const other = `${unique('other')}@corp.example`;

      // An entry recorded before subjects were kept: only its entity key names the person.
      const legacy = await store.startRun({ mode: 'apply', sources: [source] });
      await store.recordOutcome({ runId: legacy, changeId: 'c1', changeKind: 'createUser', entityKey: `user:${oldEmail}`, outcome: 'failed', reason: 'taken' });
      // Created under the old email; the uuid comes from the link.
      const first = await store.startRun({ mode: 'apply', sources: [source] });
      await store.recordMany([
        {
          runId: first,
          changeId: 'c1',
          changeKind: 'createUser',
          entityKey: `user:${oldEmail}`,
          subject: { externalId: ext },
          request: null,
          response: { status: 201, body: {} },
          links: [{ op: 'upsert', source, kind: 'user', externalId: ext, uuid }],
          lastApplied: [{ op: 'upsert', kind: 'user', uuid, state: { email: oldEmail } }],
        },
        { runId: first, changeId: 'c2', changeKind: 'createUser', entityKey: `user:${other}`, subject: { externalId: unique('E') }, outcome: 'failed', reason: 'x' },
      ]);
      // The email changed: the entry names the new email and the same uuid and external id.
      const second = await store.startRun({ mode: 'apply', sources: [source] });
      await store.recordConfirmed({
        runId: second,
        changeId: 'c1',
        changeKind: 'updateUser',
        entityKey: `user:${newEmail}`,
        subject: { userUuid: uuid, externalId: ext },
        request: null,
        response: { status: 200, body: {} },
        lastApplied: [{ op: 'upsert', kind: 'user', uuid, state: { email: latestEmail } }],
      });
      await store.recordOutcome({ runId: second, changeId: 'c2', changeKind: 'deactivateUser', entityKey: `user:${other}`, outcome: 'skipped' });

      const expected = [
        [legacy, 'c1'],
        [first, 'c1'],
        [second, 'c1'],
      ];
      // The latest email is known only to the last-applied state, which leads to the uuid.
      for (const who of [oldEmail, oldEmail.toUpperCase(), newEmail, latestEmail, ext, uuid, ` ${ext} `]) {
        const found = await store.journal({ user: who });
        expect(found.map((e) => [e.runId, e.changeId]), who).toEqual(expected);
        expect(await store.journalTotal({ user: who }), who).toBe(3);
      }
      expect((await store.journal({ user: other })).map((e) => [e.runId, e.changeId])).toEqual([
        [first, 'c2'],
        [second, 'c2'],
      ]);
      expect(await store.journal({ user: newEmail, runs: [second], kinds: ['updateUser'] })).toHaveLength(1);
      expect(await store.journal({ user: `${unique('nobody')}@corp.example` })).toEqual([]);
    });
  });
}
