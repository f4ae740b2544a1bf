/** The source contract (test/sources/source-contract.ts) for the SCIM source reading a SCIM 2.0 service provider: SCIMMY over HTTP. */
import { afterAll, beforeAll } from 'vitest';
import { ScimSource } from '../../../src/sources/scim/scim-source.js';
import { startScimmyServer, type ScimmyServer, type ScimRecord } from '../../support/scimmy-server.js';
import { sourceContract } from '../source-contract.js';

let server: ScimmyServer;
beforeAll(async () => {
  server = await startScimmyServer({ users: [], groups: [] });
});
afterAll(() => server?.close());

const source = () => new ScimSource({ kind: 'scim', name: 'idp', url: server.url, pageSize: 100 }, { env: { SCIM_TOKEN: server.token } });

sourceContract({
  kind: 'scim',
  title: 'SCIM over HTTP (SCIMMY)',
  server: true,
  key: 'id',
  mapping: { name: { from: 'displayName' }, email: { from: 'userName' } },
  load: async ({ people, unusable }) => {
    // The unusable one has no name at all.
    server.users = people.map((p, i): ScimRecord => (i === unusable ? { id: p.id, userName: p.email } : { id: p.id, userName: p.email, displayName: `${p.givenName} ${p.familyName}`, name: { givenName: p.givenName, familyName: p.familyName } }));
    server.failures = [];
  },
  source,
  breaks: [
    {
      fault: 'truncated',
      what: 'a listing whose totalResults changes during the read (one more user arrives)',
      source,
      strike: () => void server.users.push({ id: 'p-late', userName: 'late@contract.test' }),
      restore: () => void (server.users = server.users.filter((u) => u.id !== 'p-late')),
    },
    {
      fault: 'server error',
      what: 'the third page of /Users answering 500, every time',
      source: () => {
        server.failures = [{ endpoint: 'Users', startIndex: 201 }];
        return source();
      },
      restore: () => void (server.failures = []),
    },
  ],
  follow: async (issue) => {
    const url = new URL(issue.origin);
    if (!url.href.startsWith(`${server.url}/`)) return `(${issue.origin} is not on ${server.url})`;
    const answer = await fetch(url, { headers: { authorization: `Bearer ${server.token}` } });
    let found: unknown = await answer.json();
    // A JSON pointer into the page, as `#/Resources/3`.
    for (const step of url.hash.replace(/^#\//, '').split('/').filter(Boolean)) found = (found as Record<string, unknown> | undefined)?.[step];
    return JSON.stringify(found ?? null);
  },
});
