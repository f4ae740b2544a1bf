import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cursor, type Page, pageOf } from '../../src/emulator/pagination.js';
import { createRandom } from '../../src/emulator/prng.js';
import { SeqList } from '../../src/emulator/seq-list.js';
import { openApi, type TestApi } from './helpers.js';

interface Item {
  seq: number;
  tag: number;
}

/** Paging as the definition reads: filter the whole table, find the cursor, slice. */
function pageByDefinition(items: Item[], cursor: Cursor | undefined, limit: number): Page<Item> {
  let start = 0;
  let end = Math.min(limit, items.length);
  if (cursor?.pointsToNextItems) {
    start = items.findIndex((i) => i.seq > cursor.seq);
    if (start < 0) start = items.length;
    end = Math.min(start + limit, items.length);
  } else if (cursor) {
    end = items.findIndex((i) => i.seq >= cursor.seq);
    if (end < 0) end = items.length;
    start = Math.max(0, end - limit);
  }
  const page = items.slice(start, end);
  const first = page[0];
  const last = page[page.length - 1];
  return {
    items: page,
    next: last && end < items.length ? { seq: last.seq, pointsToNextItems: true } : null,
    prev: first && start > 0 ? { seq: first.seq, pointsToNextItems: false } : null,
  };
}

describe('paging a sequence-ordered list in place', () => {
  it('gives the same pages as filtering and slicing the whole table, across removals and compactions', () => {
    const random = createRandom(11);
    const list = new SeqList<Item>();
    const live = new Map<number, Item>();
    let seq = 0;
    let added = 0;
    for (let round = 0; round < 60; round++) {
      // Grow, then remove a random share (sometimes most of it, so that holes get compacted).
      const grow = Math.floor(random.next() * 300);
      for (let i = 0; i < grow; i++) {
        seq += 1 + Math.floor(random.next() * 3);
        const item = { seq, tag: Math.floor(random.next() * 5) };
        list.add(item);
        live.set(item.seq, item);
        added++;
      }
      const share = random.next() < 0.2 ? 0.8 : 0.1;
      for (const item of [...live.values()]) {
        if (random.next() < share) {
          list.remove(item);
          live.delete(item.seq);
        }
      }
      const table = [...live.values()];
      for (let probe = 0; probe < 20; probe++) {
        const tag = Math.floor(random.next() * 6);
        const matches = tag === 5 ? undefined : (i: Item) => i.tag === tag;
        const filtered = matches ? table.filter(matches) : table;
        const limit = 1 + Math.floor(random.next() * 40);
        const cursor: Cursor | undefined =
          random.next() < 0.15 ? undefined : { seq: Math.floor(random.next() * (seq + 2)), pointsToNextItems: random.next() < 0.5 };
        expect(pageOf(list, cursor, limit, matches)).toEqual(pageByDefinition(filtered, cursor, limit));
      }
    }
    // Holes were closed along the way.
    expect(list.length).toBeLessThan(added - live.size);
  });
});

describe('listing while most users are deleted between pages', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openApi({
      seed: { users: Array.from({ length: 600 }, (_, i) => ({ name: `P ${i}`, email: `p${i}@example.com` })) },
    });
  });
  afterAll(() => api.close());

  it('goes on from the cursor: the users left after it, each once, and links back', async () => {
    const first = await api.call('GET', '/users?limit=100');
    const seen: string[] = first.body.data.map((u: { email: string }) => u.email);
    const uuids = api.emu.snapshot().users.map((u) => u.uuid);
    // Delete 450 of the 500 users not yet listed, and 50 already listed.
    for (let i = 0; i < 600; i++) {
      if ((i >= 100 && i % 10 !== 0) || i < 50) expect((await api.call('DELETE', `/users/${uuids[i]}`)).status).toBe(200);
    }
    let next: string | null = first.body.links.next;
    let prev: string | null = null;
    while (next) {
      const page = await api.get(`${next}&limit=20`);
      seen.push(...page.body.data.map((u: { email: string }) => u.email));
      prev ??= page.body.links.prev;
      next = page.body.links.next;
    }
    const expected = Array.from({ length: 600 }, (_, i) => i).filter((i) => i < 100 || i % 10 === 0);
    expect(seen).toEqual(expected.map((i) => `p${i}@example.com`));
    const back = await api.get(`${prev}&limit=10`);
    expect(back.body.data.map((u: { email: string }) => u.email)).toEqual(
      Array.from({ length: 10 }, (_, k) => `p${90 + k}@example.com`),
    );
  });
});
