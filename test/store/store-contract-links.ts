/**
 * Contract, part 1: links and last-applied states, which change only through
 * recordConfirmed, atomically with the journal entry.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StoreConflictError } from '../../src/store/store-errors.js';
import type { ConfirmedChange, RunId } from '../../src/store/snapshot-store.js';
import { unique, type StoreHarness } from './store-harness.js';

export function linkContract(h: StoreHarness): void {
  const confirmed = (runId: RunId, changeId: string, extra: Partial<ConfirmedChange> = {}): ConfirmedChange => ({
    runId,
    changeId,
    changeKind: 'createUser',
    entityKey: `user:${changeId}@corp.example`,
    request: { method: 'POST', path: '/users', body: { name: changeId } },
    response: { status: 201, body: { data: { uuid: randomUUID() } } },
    ...extra,
  });
  const newRun = () => h.store().startRun({ mode: 'apply', sources: ['hr'] });

  describe('links', () => {
    it('round-trips links per source, ordered by kind then external id, with timestamps from the clock', async () => {
      const store = h.store();
      const source = unique('hr');
      const other = unique('ldap');
      const run = await newRun();
      const at = new Date(h.clock.advance(1000)).toISOString();
      const [u1, u2, s1] = [randomUUID(), randomUUID(), randomUUID()];
      await store.recordConfirmed(
        confirmed(run, 'c1', {
          links: [
            { op: 'upsert', source, kind: 'user', externalId: 'e-2', uuid: u2 },
            { op: 'upsert', source, kind: 'user', externalId: 'e-1', uuid: u1 },
            { op: 'upsert', source, kind: 'squad', externalId: 'g-1', uuid: s1 },
            { op: 'upsert', source: other, kind: 'user', externalId: 'e-1', uuid: u1 },
          ],
        }),
      );
      expect(await store.links(source)).toEqual([
        { source, kind: 'squad', externalId: 'g-1', uuid: s1, createdAt: at, updatedAt: at },
        { source, kind: 'user', externalId: 'e-1', uuid: u1, createdAt: at, updatedAt: at },
        { source, kind: 'user', externalId: 'e-2', uuid: u2, createdAt: at, updatedAt: at },
      ]);
      expect((await store.links(source, 'user')).map((l) => l.externalId)).toEqual(['e-1', 'e-2']);
      expect((await store.links(other)).map((l) => [l.externalId, l.uuid])).toEqual([['e-1', u1]]);
      expect(await store.links(unique('nobody'))).toEqual([]);
    });

    it('moves a link to a new uuid (keeping createdAt), leaves an unchanged one alone, and removes one', async () => {
      const store = h.store();
      const source = unique('hr');
      const run = await newRun();
      const [first, second] = [randomUUID(), randomUUID()];
      const created = new Date(h.clock.advance(1000)).toISOString();
      await store.recordConfirmed(confirmed(run, 'a', { links: [{ op: 'upsert', source, kind: 'user', externalId: 'x', uuid: first }] }));
      h.clock.advance(1000);
      await store.recordConfirmed(confirmed(run, 'b', { links: [{ op: 'upsert', source, kind: 'user', externalId: 'x', uuid: first }] }));
      expect(await store.links(source)).toMatchObject([{ uuid: first, createdAt: created, updatedAt: created }]);

      const moved = new Date(h.clock.advance(1000)).toISOString();
      await store.recordConfirmed(confirmed(run, 'c', { links: [{ op: 'upsert', source, kind: 'user', externalId: 'x', uuid: second }] }));
      expect(await store.links(source)).toMatchObject([{ uuid: second, createdAt: created, updatedAt: moved }]);

      await store.recordConfirmed(confirmed(run, 'd', { links: [{ op: 'remove', source, kind: 'user', externalId: 'x' }] }));
      expect(await store.links(source)).toEqual([]);
    });

    it('allows one uuid once per source and kind, and again in another source or kind', async () => {
      const store = h.store();
      const [source, other] = [unique('hr'), unique('ldap')];
      const run = await newRun();
      const uuid = randomUUID();
      await store.recordConfirmed(
        confirmed(run, 'a', {
          links: [
            { op: 'upsert', source, kind: 'user', externalId: 'ana', uuid },
            { op: 'upsert', source, kind: 'squad', externalId: 'ana-group', uuid },
            { op: 'upsert', source: other, kind: 'user', externalId: 'cn=ana', uuid },
          ],
        }),
      );
      const attempt = store.recordConfirmed(
        confirmed(run, 'b', { links: [{ op: 'upsert', source, kind: 'user', externalId: 'bruno', uuid }] }),
      );
      await expect(attempt).rejects.toThrow(StoreConflictError);
      await expect(attempt).rejects.toThrow(/already linked to "ana"/);
      expect((await store.links(source, 'user')).map((l) => l.externalId)).toEqual(['ana']);
    });

    it('lets exactly one of several concurrent changes, in different runs, link the same uuid', async () => {
      const store = h.store();
      const source = unique('hr');
      const uuid = randomUUID();
      const runs = await Promise.all(['p', 'q', 'r'].map(async (externalId) => ({ externalId, run: await newRun() })));
      const results = await Promise.allSettled(
        runs.map(({ externalId, run }) =>
          store.recordConfirmed(confirmed(run, externalId, { links: [{ op: 'upsert', source, kind: 'user', externalId, uuid }] })),
        ),
      );
      const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      expect(failed).toHaveLength(2);
      for (const reason of failed) expect(reason).toBeInstanceOf(StoreConflictError);
      const links = await store.links(source);
      expect(links).toHaveLength(1);
      for (const { externalId, run } of runs) {
        const journal = await store.journalOf(run);
        expect(journal.map((e) => e.changeId)).toEqual(externalId === links[0]?.externalId ? [externalId] : []);
      }
    });
  });

  describe('last applied', () => {
    it('sets, replaces and forgets states per kind, keyed by uuid, with the writing run', async () => {
      const store = h.store();
      const runA = await newRun();
      const [u1, u2, c1] = [randomUUID(), randomUUID(), randomUUID()];
      const state = { name: 'Ana Souza', email: 'ana@corp.example', squads: ['São Paulo', 'Ops'], documents: { badge: '0042' }, costCenter: null };
      const at = new Date(h.clock.advance(1000)).toISOString();
      await store.recordConfirmed(
        confirmed(runA, 'a', {
          lastApplied: [
            { op: 'upsert', kind: 'user', uuid: u1, state },
            { op: 'upsert', kind: 'user', uuid: u2, state: { name: 'Bruno' } },
            { op: 'upsert', kind: 'costCenter', uuid: c1, state: { code: 'CC-1', name: 'Finance' } },
          ],
        }),
      );
      const users = await store.lastApplied('user');
      expect(users.get(u1)).toEqual({ kind: 'user', uuid: u1, state, runId: runA, updatedAt: at });
      expect(users.get(u2)?.state).toEqual({ name: 'Bruno' });
      expect(users.has(c1)).toBe(false);
      expect((await store.lastApplied('costCenter')).get(c1)?.state).toEqual({ code: 'CC-1', name: 'Finance' });

      const runB = await newRun();
      await store.recordConfirmed(
        confirmed(runB, 'b', {
          changeKind: 'updateUser',
          lastApplied: [
            { op: 'upsert', kind: 'user', uuid: u1, state: { ...state, name: 'Ana S.' } },
            { op: 'remove', kind: 'user', uuid: u2 },
          ],
        }),
      );
      const after = await store.lastApplied('user');
      expect(after.get(u1)).toMatchObject({ runId: runB, state: { name: 'Ana S.', squads: ['São Paulo', 'Ops'] } });
      expect(after.has(u2)).toBe(false);
    });
  });

  describe('recordConfirmed atomicity', () => {
    it('writes nothing when a link conflicts: no journal entry, no last-applied state, no other link', async () => {
      const store = h.store();
      const source = unique('hr');
      const run = await newRun();
      const [taken, fresh] = [randomUUID(), randomUUID()];
      await store.recordConfirmed(confirmed(run, 'first', { links: [{ op: 'upsert', source, kind: 'user', externalId: 'ana', uuid: taken }] }));

      const failing = confirmed(run, 'second', {
        // Effects that succeed on their own come first, so that a partial write would show.
        lastApplied: [{ op: 'upsert', kind: 'user', uuid: fresh, state: { name: 'Bruno' } }],
        links: [
          { op: 'upsert', source, kind: 'user', externalId: 'carla', uuid: fresh },
          { op: 'upsert', source, kind: 'squad', externalId: 'g', uuid: fresh },
          // With ana's link removed inside this change, bruno may take ana's uuid; dora then cannot.
          { op: 'remove', source, kind: 'user', externalId: 'ana' },
          { op: 'upsert', source, kind: 'user', externalId: 'bruno', uuid: taken },
          { op: 'upsert', source, kind: 'user', externalId: 'dora', uuid: taken },
        ],
      });
      await expect(store.recordConfirmed(failing)).rejects.toThrow(StoreConflictError);

      expect((await store.journalOf(run)).map((e) => e.changeId)).toEqual(['first']);
      expect((await store.lastApplied('user')).has(fresh)).toBe(false);
      expect((await store.links(source)).map((l) => [l.kind, l.externalId, l.uuid])).toEqual([['user', 'ana', taken]]);

      // The journal's sequence was not consumed either: the next entry is 2.
      const next = await store.recordConfirmed(confirmed(run, 'third'));
      expect(next.seq).toBe(2);
    });

    it('does not undo concurrent writes of other changes when one change rolls back', async () => {
      const store = h.store();
      const source = unique('hr');
      const [runA, runB] = [await newRun(), await newRun()];
      const taken = randomUUID();
      await store.recordConfirmed(confirmed(runA, 'owner', { links: [{ op: 'upsert', source, kind: 'user', externalId: 'ana', uuid: taken }] }));
      const others = Array.from({ length: 6 }, (_, i) => randomUUID());
      const results = await Promise.allSettled([
        store.recordConfirmed(confirmed(runA, 'clash', { links: [{ op: 'upsert', source, kind: 'user', externalId: 'bruno', uuid: taken }] })),
        ...others.map((uuid, i) =>
          store.recordConfirmed(confirmed(runB, `ok-${i}`, { links: [{ op: 'upsert', source, kind: 'squad', externalId: `g-${i}`, uuid }] })),
        ),
      ]);
      expect(results.map((r) => r.status)).toEqual(['rejected', ...others.map(() => 'fulfilled')]);
      expect((await store.links(source, 'squad')).map((l) => l.uuid).sort()).toEqual([...others].sort());
      expect(await store.journalOf(runB)).toHaveLength(others.length);
      expect((await store.journalOf(runA)).map((e) => e.changeId)).toEqual(['owner']);
    });

    it('refuses a confirmed change for a finished or unknown run and writes nothing', async () => {
      const store = h.store();
      const source = unique('hr');
      const run = await newRun();
      await store.finishRun(run, { outcome: 'succeeded' });
      const change = confirmed(run, 'late', { links: [{ op: 'upsert', source, kind: 'user', externalId: 'x', uuid: randomUUID() }] });
      await expect(store.recordConfirmed(change)).rejects.toThrow(/run \d+ has already finished \(succeeded\)/);
      await expect(store.recordConfirmed({ ...change, runId: 999_999_999 })).rejects.toThrow(/no run 999999999/);
      expect(await store.links(source)).toEqual([]);
      expect(await store.journalOf(run)).toEqual([]);
    });
  });
}
