/**
 * Contract, part 3: the store's identity, journal counts, and the outcomes
 * an exact sync records (unconfirmed changes, interrupted runs).
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
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
