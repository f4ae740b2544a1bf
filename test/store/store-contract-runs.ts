/**
 * Contract, part 2: runs and the journal.
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { DeskbeeApiError } from '../../src/errors.js';
import { answerFromError } from '../../src/store/journal-values.js';
import { StoreConflictError } from '../../src/store/store-errors.js';
import type { StoreHarness } from './store-harness.js';

export function runContract(h: StoreHarness): void {
  describe('schema', () => {
    it('has every migration applied and says which backend it is', async () => {
      const info = await h.store().info();
      expect(info.backend).toBe(h.backend);
      expect(info.migrations).toEqual(Object.keys(migrations).sort());
      expect(info.migrations.length).toBeGreaterThan(0);
    });
  });

  describe('runs', () => {
    it('starts a run as running, with defaults, and finishes it once', async () => {
      const store = h.store();
      const startedAt = new Date(h.clock.advance(60_000)).toISOString();
      const id = await store.startRun({ mode: 'apply', sources: ['hr-csv', 'ldap'] });
      expect(await store.run(id)).toEqual({
        id,
        actor: userInfo().username,
        mode: 'apply',
        sources: ['hr-csv', 'ldap'],
        startedAt,
        finishedAt: null,
        planFingerprint: null,
        counts: {},
        outcome: 'running',
        error: null,
        liftedLimits: [],
      });

      const finishedAt = new Date(h.clock.advance(5_000)).toISOString();
      const counts = { createUser: { planned: 3, applied: 2, failed: 1 }, addMembers: { planned: 1, applied: 1 } };
      const finished = await store.finishRun(id, { outcome: 'partial', counts, planFingerprint: 'sha256:abc', error: '1 change failed', liftedLimits: ['deactivations'] });
      expect(finished).toEqual({
        id,
        actor: userInfo().username,
        mode: 'apply',
        sources: ['hr-csv', 'ldap'],
        startedAt,
        finishedAt,
        planFingerprint: 'sha256:abc',
        counts,
        outcome: 'partial',
        error: '1 change failed',
        liftedLimits: ['deactivations'],
      });
      expect(await store.run(id)).toEqual(finished);

      await expect(store.finishRun(id, { outcome: 'succeeded' })).rejects.toThrow(StoreConflictError);
      expect((await store.run(id))?.outcome).toBe('partial');
    });

    it('keeps a configured actor and a fingerprint given at the start', async () => {
      const store = h.store();
      const id = await store.startRun({ mode: 'plan', actor: 'nightly-job', planFingerprint: 'sha256:f00' });
      const finished = await store.finishRun(id, { outcome: 'no-changes' });
      expect(finished).toMatchObject({ actor: 'nightly-job', sources: [], planFingerprint: 'sha256:f00', counts: {}, error: null });
    });

    it('refuses to finish an unknown run', async () => {
      await expect(h.store().finishRun(987_654_321, { outcome: 'failed' })).rejects.toThrow(/no run 987654321/);
      expect(await h.store().run(987_654_321)).toBeUndefined();
    });

    it('lists recent runs newest first, by start time then id, up to the limit', async () => {
      const store = h.store();
      h.clock.advance(3_600_000);
      const first = await store.startRun({ mode: 'plan' });
      h.clock.advance(1_000);
      const second = await store.startRun({ mode: 'apply' });
      const sameTime = await store.startRun({ mode: 'import' });
      // A run that started earlier but is created later still sorts by its start.
      h.clock.advance(-500);
      const earlier = await store.startRun({ mode: 'plan' });
      h.clock.advance(500);

      expect((await store.recentRuns(4)).map((r) => r.id)).toEqual([sameTime, second, earlier, first]);
      expect((await store.recentRuns(2)).map((r) => r.id)).toEqual([sameTime, second]);
      expect(await store.recentRuns(0)).toEqual([]);

      // The default limit is 20: make sure there are more than that.
      for (let i = 0; i < 21; i += 1) await store.startRun({ mode: 'plan' });
      const all = await store.recentRuns();
      expect(all).toHaveLength(20);
      expect(all[0]?.id).toBeGreaterThan(sameTime);
    });
  });

  describe('journal', () => {
    it('keeps entries in the order recorded, with requests, answers and reasons as given', async () => {
      const store = h.store();
      const run = await store.startRun({ mode: 'apply' });
      const uuid = randomUUID();
      const at = new Date(h.clock.advance(1_000)).toISOString();
      const applied = await store.recordConfirmed({
        runId: run,
        changeId: 'ch-1',
        changeKind: 'createUser',
        entityKey: 'user:ana@corp.example',
        request: { method: 'POST', path: '/users?include=squads', body: { name: 'Ana', email: 'ana@corp.example' } },
        response: { status: 201, body: { data: { uuid, name: 'Ana' } } },
      });
      expect(applied).toEqual({
        runId: run,
        seq: 1,
        changeId: 'ch-1',
        changeKind: 'createUser',
        entityKey: 'user:ana@corp.example',
        outcome: 'applied',
        // The query string is not kept.
        request: { method: 'POST', path: '/users', body: { name: 'Ana', email: 'ana@corp.example' } },
        response: { status: 201, body: { data: { uuid, name: 'Ana' } } },
        reason: null,
        recordedAt: at,
      });

      const error = new DeskbeeApiError({
        status: 422,
        id: 'unprocessable_entity',
        message: 'The given data was invalid.',
        request: 'POST /users',
        errors: { email: ['The email has already been taken.'] },
      });
      const failed = await store.recordOutcome({
        runId: run,
        changeId: 'ch-2',
        changeKind: 'createUser',
        entityKey: 'user:bruno@corp.example',
        outcome: 'failed',
        request: { method: 'POST', path: '/users', body: { email: 'bruno@corp.example' } },
        response: answerFromError(error),
      });
      const skipped = await store.recordOutcome({
        runId: run,
        changeId: 'ch-3',
        changeKind: 'addMembers',
        entityKey: 'squad:Ops',
        outcome: 'skipped',
        reason: 'its user could not be created',
      });

      const journal = await store.journalOf(run);
      expect(journal.map((e) => [e.seq, e.changeId, e.outcome])).toEqual([
        [1, 'ch-1', 'applied'],
        [2, 'ch-2', 'failed'],
        [3, 'ch-3', 'skipped'],
      ]);
      expect(journal[0]).toEqual(applied);
      expect(journal[1]).toEqual(failed);
      expect(journal[1]?.response).toEqual({
        status: 422,
        error: { id: 'unprocessable_entity', message: 'The given data was invalid.', fieldErrors: { email: ['The email has already been taken.'] } },
      });
      expect(journal[2]).toEqual(skipped);
      expect(journal[2]).toMatchObject({ request: null, response: null, reason: 'its user could not be created' });
    });

    it('numbers concurrent entries of one run 1…n without gaps or repeats', async () => {
      const store = h.store();
      const run = await store.startRun({ mode: 'apply' });
      const entries = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          i % 3 === 0
            ? store.recordOutcome({ runId: run, changeId: `c${i}`, changeKind: 'createTag', entityKey: `tag:t${i}`, outcome: 'skipped' })
            : store.recordConfirmed({
                runId: run,
                changeId: `c${i}`,
                changeKind: 'createTag',
                entityKey: `tag:t${i}`,
                request: { method: 'POST', path: '/users/tags' },
                response: { status: 201, body: null },
                lastApplied: [{ op: 'upsert', kind: 'tag', uuid: randomUUID(), state: { name: `t${i}` } }],
              }),
        ),
      );
      expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      const journal = await store.journalOf(run);
      expect(journal.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(new Set(journal.map((e) => e.changeId)).size).toBe(12);
    });

    it('keeps journals of different runs apart', async () => {
      const store = h.store();
      const [a, b] = [await store.startRun({ mode: 'apply' }), await store.startRun({ mode: 'apply' })];
      await store.recordOutcome({ runId: a, changeId: 'x', changeKind: 'createSquad', entityKey: 'squad:X', outcome: 'skipped' });
      await store.recordOutcome({ runId: b, changeId: 'y', changeKind: 'createSquad', entityKey: 'squad:Y', outcome: 'skipped' });
      expect((await store.journalOf(a)).map((e) => [e.seq, e.changeId])).toEqual([[1, 'x']]);
      expect((await store.journalOf(b)).map((e) => [e.seq, e.changeId])).toEqual([[1, 'y']]);
    });

    it('masks secret-looking values in stored requests and answers', async () => {
      const store = h.store();
      const run = await store.startRun({ mode: 'import' });
      const entry = await store.recordConfirmed({
        runId: run,
        changeId: 's',
        changeKind: 'createUser',
        entityKey: 'user:ana@corp.example',
        request: { method: 'POST', path: '/users', body: { name: 'Ana', password: 'hunter2-secret', nested: [{ client_secret: 'cs-123' }] } },
        response: { status: 201, body: { data: { name: 'Ana', access_token: 'tok-456' } } },
      });
      const stored = JSON.stringify(await store.journalOf(run));
      for (const secret of ['hunter2-secret', 'cs-123', 'tok-456']) expect(stored).not.toContain(secret);
      expect(entry.request?.body).toEqual({ name: 'Ana', password: '***', nested: [{ client_secret: '***' }] });
      expect(entry.response).toEqual({ status: 201, body: { data: { name: 'Ana', access_token: '***' } } });
    });

    it('refuses journal entries for a finished run', async () => {
      const store = h.store();
      const run = await store.startRun({ mode: 'apply' });
      await store.finishRun(run, { outcome: 'failed', error: 'Deskbee could not be reached' });
      await expect(
        store.recordOutcome({ runId: run, changeId: 'late', changeKind: 'createUser', entityKey: 'user:x', outcome: 'skipped' }),
      ).rejects.toThrow(/already finished \(failed\)/);
      expect(await store.journalOf(run)).toEqual([]);
    });
  });
}
