import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultRunContext } from '../../src/context/run-context.js';
import { DeskbeeClient } from '../../src/deskbee/deskbee-client.js';
import { Secret } from '../../src/config/secret.js';
import { testCredentials } from '../support/deskbee-harness.js';

/**
 * A cursor listing served by a small HTTP server of the test's own, so that
 * the answers can take shapes the reference allows and the emulator does
 * not write: `links` before `data`, and an item holding a key named `next`.
 */
interface Listing {
  server: Server;
  baseUrl: string;
  /** Every squads request, by cursor (`first` for none). */
  hits: string[];
  /** Resolves when a request for this cursor arrives. */
  requested(cursor: string): Promise<void>;
}

const pages = 4;

async function startListing(decoy: boolean): Promise<Listing> {
  const hits: string[] = [];
  const waiters = new Map<string, () => void>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/v1.1/oauth/token') return res.end(JSON.stringify({ access_token: 'token-for-paging-tests', expires_in: 3600 }));
    const cursor = url.searchParams.get('cursor') ?? 'first';
    hits.push(cursor);
    waiters.get(cursor)?.();
    if (cursor === 'decoy') return res.end(JSON.stringify({ data: [{ uuid: 'decoy', name: 'Not a page of this listing' }], links: { next: null } }));
    const n = cursor === 'first' ? 0 : Number(cursor.slice(1));
    const next = n + 1 < pages ? `/v1.1/squads?cursor=p${n + 1}` : null;
    // JSON key order carries no meaning: links first, then the items, the last of which has a `next` of its own.
    const items = Array.from({ length: 3 }, (_, i) => ({ uuid: `s${n}-${i}`, name: `Squad ${n}-${i}`, ...(decoy ? { settings: { next: '/v1.1/squads?cursor=decoy' } } : {}) }));
    res.end(JSON.stringify({ links: { next }, data: items, meta: { per_page: 250 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.1`;
  const requested = (cursor: string) => (hits.includes(cursor) ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(cursor, resolve)));
  return { server, baseUrl, hits, requested };
}

function clientOf(baseUrl: string): DeskbeeClient {
  return new DeskbeeClient(
    {
      baseUrl,
      credentials: { clientId: testCredentials.clientId, clientSecret: new Secret(testCredentials.clientSecret) },
      rate: { initialPerSecond: 200, maxPerSecond: 400, minPerSecond: 2 },
      retry: { baseDelayMs: 20, maxDelayMs: 500 },
      timeoutMs: 5_000,
    },
    defaultRunContext(),
  );
}

/** Rejects if `promise` has not settled after `ms`: a look-ahead that never comes fails the test instead of hanging it. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen`)), ms).unref())]);
}

describe('a cursor listing looks one page ahead', () => {
  let listing: Listing | undefined;
  afterEach(() => new Promise<void>((resolve) => (listing ? listing.server.close(() => resolve()) : resolve())));

  it('requests page n+1 while the caller still holds page n, and never more than one ahead', async () => {
    listing = await startListing(false);
    const { requested, hits } = listing;
    const names: string[] = [];
    let page = 0;
    for await (const items of clientOf(listing.baseUrl).squads.pages()) {
      for (const item of items) names.push(item.name);
      page += 1;
      if (page < pages) await within(requested(`p${page}`), 5_000, `the request for page ${page + 1}`);
      // However long the caller keeps this page (long enough for the next one to arrive), the page after that is not asked for.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(hits).not.toContain(`p${page + 1}`);
    }
    expect(names).toHaveLength(pages * 3);
    expect(new Set(names).size).toBe(pages * 3);
    expect(hits).toEqual(['first', 'p1', 'p2', 'p3']);
  });

  it('abandons a wrong guess and reads the page links.next names, each item once', async () => {
    listing = await startListing(true);
    const uuids: string[] = [];
    for await (const items of clientOf(listing.baseUrl).squads.pages()) for (const item of items) uuids.push(item.uuid);
    expect(uuids).toEqual(Array.from({ length: pages }, (_, n) => [0, 1, 2].map((i) => `s${n}-${i}`)).flat());
    // Every real page once; the decoy at most once per page (each abandoned).
    for (const cursor of ['first', 'p1', 'p2', 'p3']) expect(listing.hits.filter((hit) => hit === cursor)).toHaveLength(1);
    expect(listing.hits.filter((hit) => hit === 'decoy').length).toBeLessThanOrEqual(pages);
  });
});
