/**
 * Contract, part 3: the store's identity, journal counts, and the outcomes
 * an exact sync records (unconfirmed changes, interrupted runs).
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { StoreConflictError } from '../../src/store/store-errors.js';
import type { StoreHarness } from './store-harness.js';
import { unique } from './store-harness.js';

export function identityContract(h: StoreHarness): void {
  describe('identity', () => {
    it('has one id and one sealing key, the same on every read, and the key never prints', async () => {
      const store = h.store();
      const first = await store.identity();
      const second = await store.identity();
      expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(second.id).toBe(first.id);
      expect(first.sealKey.reveal()).toMatch(/^[0-9a-f]{64}$/);
      expect(second.sealKey.reveal()).toBe(first.sealKey.reveal());
      const shown = [String(first.sealKey), JSON.stringify(first), inspect(first, { depth: 5 })].join('\n');
      expect(shown).not.toContain(first.sealKey.reveal());
    });
  });

  describe('unconfirmed changes and journal counts', () => {
    it('records an unconfirmed change with its reason and only the effects given, and counts the journal by kind and outcome', async () => {
      const store = h.store();
      const source = unique('src');
      const runId = await store.startRun({ mode: 'apply', sources: [source] });
      const base = { runId, changeKind: 'createUser', request: { method: 'POST', path: '/users' }, response: { status: 201, body: { uuid: 'u-1' } } };
      const entry = await store.recordConfirmed({
        ...base,
        changeId: 'c0001',
        entityKey: 'user:ana@corp.example',
        outcome: 'unconfirmed',
        reason: 'costCenter: not shown by Deskbee',
        links: [{ op: 'upsert', source, kind: 'user', externalId: 'E1', uuid: 'u-1' }],
      });
      expect(entry.outcome).toBe('unconfirmed');
      expect(entry.reason).toBe('costCenter: not shown by Deskbee');
      expect((await store.links(source, 'user')).map((l) => l.uuid)).toEqual(['u-1']);
      await store.recordConfirmed({ ...base, changeId: 'c0002', entityKey: 'user:bo@corp.example' });
      await store.recordOutcome({ runId, changeId: 'c0003', changeKind: 'addMembers', entityKey: 'squad:Sales', outcome: 'failed', reason: 'x' });
      expect(await store.journalCounts(runId)).toEqual({ createUser: { unconfirmed: 1, applied: 1 }, addMembers: { failed: 1 } });
    });

    it('closes an apply left running by a dead process as interrupted, with the counts its journal holds', async () => {
      const store = h.store();
      const runId = await store.startRun({ mode: 'apply', sources: [unique('src')] });
      await store.recordConfirmed({ runId, changeId: 'c0001', changeKind: 'createSquad', entityKey: 'squad:A', request: null, response: { status: 201, body: {} } });
      await store.withWriteLock(async () => undefined);
      const run = await store.run(runId);
      expect(run?.outcome).toBe('interrupted');
      expect(run?.counts).toEqual({ createSquad: { applied: 1 } });
      expect(run?.finishedAt).not.toBeNull();
    });
  });
}

export function batchContract(h: StoreHarness): void {
  describe('recording many changes at once', () => {
    it('records a batch in order, with its links and last-applied states, the last effect per key winning', async () => {
      const store = h.store();
      const source = unique('src');
      const runId = await store.startRun({ mode: 'apply', sources: [source] });
      await store.recordConfirmed({ runId, changeId: 'c0000', changeKind: 'createSquad', entityKey: 'squad:A', request: null, response: { status: 201, body: {} } });
      const writes = Array.from({ length: 1200 }, (_, i) => ({
        runId,
        changeId: `c${i + 1}`,
        changeKind: 'createUser',
        entityKey: `user:u${i}@corp.example`,
        request: { method: 'POST', path: '/users', body: { name: `U ${i}`, password: 'never-stored' } },
        response: { status: 201, body: { uuid: `uuid-${i}` } },
        links: [{ op: 'upsert' as const, source, kind: 'user' as const, externalId: `E${i}`, uuid: `uuid-${i}` }],
        lastApplied: [{ op: 'upsert' as const, kind: 'user' as const, uuid: `uuid-${i}`, state: { name: `U ${i}` } }],
      }));
      // A later change of the same batch moves E0's link and rewrites uuid-0's state: the last one wins.
      writes.push({ ...writes[0]!, changeId: 'c9999', links: [{ op: 'upsert', source, kind: 'user', externalId: 'E0', uuid: 'uuid-0b' }], lastApplied: [{ op: 'upsert', kind: 'user', uuid: 'uuid-0', state: { name: 'Last' } }] });
      const results = await store.recordMany([...writes, { runId, changeId: 'c10000', changeKind: 'addMembers', entityKey: 'squad:A', outcome: 'skipped', reason: 'its squad failed' }]);
      expect(results.every((r) => r === undefined)).toBe(true);
      const journal = await store.journalOf(runId);
      expect(journal.map((e) => e.seq)).toEqual(Array.from({ length: 1203 }, (_, i) => i + 1));
      expect(journal.at(-1)).toMatchObject({ changeId: 'c10000', outcome: 'skipped', reason: 'its squad failed' });
      expect(JSON.stringify(journal)).not.toContain('never-stored');
      const links = await store.links(source, 'user');
      expect(links).toHaveLength(1200);
      expect(links.find((l) => l.externalId === 'E0')?.uuid).toBe('uuid-0b');
      const states = await store.lastApplied('user');
      expect(states.get('uuid-0')?.state).toEqual({ name: 'Last' });
      expect(states.get('uuid-1199')?.state).toEqual({ name: 'U 1199' });
    });

    it('reads every link and last-applied state back in bulk, past one page of the read', async () => {
      const store = h.store();
      const source = unique('src');
      const runId = await store.startRun({ mode: 'apply', sources: [source] });
      const count = 45_000;
      const writes = Array.from({ length: count }, (_, i) => ({
        runId,
        changeId: `c${i}`,
        changeKind: 'createUser',
        entityKey: `user:${i}`,
        request: null,
        response: { status: 201, body: {} },
        links: [{ op: 'upsert' as const, source, kind: 'user' as const, externalId: `E${String(i).padStart(6, '0')}`, uuid: `${source}-u${i}` }],
        lastApplied: [{ op: 'upsert' as const, kind: 'user' as const, uuid: `${source}-u${i}`, state: { email: `u${i}@corp.example` } }],
      }));
      for (let start = 0; start < count; start += 5_000) await store.recordMany(writes.slice(start, start + 5_000));
      const links = await store.linkMap(source, 'user');
      expect(links.size).toBe(count);
      expect(links.get('E044999')).toBe(`${source}-u44999`);
      expect((await store.linkMap(source, 'squad')).size).toBe(0);
      const states = await store.lastAppliedMap('user');
      expect(states.get(`${source}-u20000`)).toEqual({ email: 'u20000@corp.example' });
      expect([...states.keys()].filter((uuid) => uuid.startsWith(`${source}-`))).toHaveLength(count);
      // By uuid, over more keys than one query takes: only those asked for, and none for a uuid without a state.
      const asked = [...Array.from({ length: 12_000 }, (_, i) => `${source}-u${i * 3}`), `${source}-missing`];
      const some = await store.lastAppliedOf('user', asked);
      expect(some.size).toBe(12_000);
      expect(some.get(`${source}-u35997`)).toEqual({ email: 'u35997@corp.example' });
      expect(some.has(`${source}-u1`)).toBe(false);
      expect((await store.lastAppliedOf('user', [])).size).toBe(0);
      expect((await store.lastAppliedOf('squad', [`${source}-u3`])).size).toBe(0);
    });

    it('reads only the last-applied states that hold a key, such as the users it deleted', async () => {
      const store = h.store();
      const source = unique('src');
      const runId = await store.startRun({ mode: 'apply', sources: [source] });
      const deleted = { at: '2026-01-02T00:00:00.000Z', source, externalId: 'E1' };
      await store.recordMany([
        { runId, changeId: 'c1', changeKind: 'deleteUser', entityKey: 'user:1', request: null, response: { status: 204, body: null }, lastApplied: [{ op: 'upsert', kind: 'user', uuid: `${source}-gone`, state: { email: 'gone@corp.example', deleted } }] },
        { runId, changeId: 'c2', changeKind: 'createUser', entityKey: 'user:2', request: null, response: { status: 201, body: {} }, lastApplied: [{ op: 'upsert', kind: 'user', uuid: `${source}-here`, state: { email: 'here@corp.example', name: 'deleted' } }] },
      ]);
      const marked = await store.lastAppliedWith('user', 'deleted');
      expect(marked.get(`${source}-gone`)).toEqual({ email: 'gone@corp.example', deleted });
      expect(marked.has(`${source}-here`)).toBe(false);
      expect([...(await store.lastAppliedWith('user', 'nothing-has-this')).keys()]).toEqual([]);
    });

    it('records the others and reports the one whose link conflicts', async () => {
      const store = h.store();
      const source = unique('src');
      const runId = await store.startRun({ mode: 'apply', sources: [source] });
      const write = (i: number, externalId: string, uuid: string) => ({
        runId,
        changeId: `c${i}`,
        changeKind: 'linkUser',
        entityKey: `user:${externalId}`,
        request: null,
        response: { status: 200, body: {} },
        links: [{ op: 'upsert' as const, source, kind: 'user' as const, externalId, uuid }],
      });
      const results = await store.recordMany([write(1, 'A', 'u-1'), write(2, 'B', 'u-1'), write(3, 'C', 'u-3')]);
      expect(results[0]).toBeUndefined();
      expect(results[1]).toBeInstanceOf(StoreConflictError);
      expect(results[2]).toBeUndefined();
      expect((await store.links(source, 'user')).map((l) => [l.externalId, l.uuid])).toEqual([
        ['A', 'u-1'],
        ['C', 'u-3'],
      ]);
      expect((await store.journalOf(runId)).map((e) => e.changeId)).toEqual(['c1', 'c3']);
    });
  });
}
