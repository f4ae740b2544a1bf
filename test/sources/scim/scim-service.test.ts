/**
 * The SCIM source against a real SCIM 2.0 service provider that nobody here
 * wrote: SCIMMY with scimmy-routers behind express 4, on a loopback port,
 * holding 3,000 users and 30 groups.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultRunContext } from '../../../src/context/run-context.js';
import { ConfigError, SourceError } from '../../../src/errors.js';
import { loadMapping, mapEntries } from '../../../src/mapping/index.js';
import { ScimSource } from '../../../src/sources/scim/scim-source.js';
import type { ScimKindConfig } from '../../../src/sources/scim/scim-config.js';
import { startScimmyServer, type ScimmyServer } from '../../support/scimmy-server.js';
import { makeServerCert, makeTestCa } from '../../support/slapd-tls.js';
import { generateGroups, generateUsers, readAll, readError } from './scim-test-files.js';

const users = generateUsers(3000);
const groups = generateGroups(30, users);
let server: ScimmyServer;

beforeAll(async () => {
  server = await startScimmyServer({ users, groups });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  server.failures = [];
  server.delayMs = 0;
  server.requests.length = 0;
});

function serviceSource(extra: Partial<ScimKindConfig> = {}, env: NodeJS.ProcessEnv = { SCIM_TOKEN: server.token }): ScimSource {
  return new ScimSource({ kind: 'scim', name: 'idp', url: server.url, pageSize: 200, ...extra }, { env });
}

describe('ScimSource reading SCIMMY over HTTP with a bearer token', () => {
  it('reads every group and user, page by page, each person knowing its groups', async () => {
    const { entries, summary } = await readAll(serviceSource());
    expect(summary.entries).toBe(3030);
    expect(summary.issues).toEqual([]);
    const people = entries.filter((e) => e.kind === 'person');
    const squads = entries.filter((e) => e.kind === 'group');
    expect(squads).toHaveLength(30);
    expect(people.map((p) => p.attributes['id']?.[0])).toEqual(users.map((u) => u.id));
    // Groups come first, so that each person is complete when yielded.
    expect(entries.findIndex((e) => e.kind === 'person')).toBe(30);
    const requested = server.requests.map((r) => new URL(r, 'http://x').searchParams.get('startIndex'));
    expect(server.requests.filter((r) => r.includes('/Users?'))).toHaveLength(15);
    expect(requested.filter((s) => s !== null)).toContain('2801');

    const person = people[5];
    expect(person?.origin).toBe(`${server.url}/Users/u-00005`);
    expect(person?.attributes).toMatchObject({
      userName: ['person00005@corp.example'],
      'emails.work': ['Person00005@Corp.Example'],
      employeeNumber: ['E00005'],
      costCenter: ['CC-6'],
      groups: ['Squad 0', 'Squad 5'],
      active: ['true'],
    });
    expect(people[9]?.attributes['active']).toEqual(['false']);
    expect(squads[0]?.attributes['members']).toHaveLength(600);
  });

  it('maps through mappings/scim.yaml: squads from the groups, inactive people deactivated', async () => {
    const { entries } = await readAll(serviceSource());
    const { state, issues } = await mapEntries(await loadMapping('mappings/scim.yaml'), entries);
    expect(issues).toEqual([]);
    expect(state.users).toHaveLength(3000);
    expect(state.users[5]).toMatchObject({ externalId: 'u-00005', email: 'person00005@corp.example', enrollment: 'E00005', costCenter: 'CC-6', squads: ['Squad 0', 'Squad 5'], status: true });
    expect(state.users.filter((u) => !u.status)).toHaveLength(300);
    expect(state.squads).toHaveLength(30);
    expect(state.squads.every((s) => s.externalId?.startsWith('g-'))).toBe(true);
  });

  it('gives the same fingerprint for two reads of the same data, whatever the page size', async () => {
    const first = (await readAll(serviceSource())).summary.fingerprint;
    expect((await readAll(serviceSource({ pageSize: 700 }))).summary.fingerprint).toBe(first);
    const user = users[42] as Record<string, unknown>;
    const before = user['displayName'];
    user['displayName'] = 'Renamed';
    try {
      expect((await readAll(serviceSource())).summary.fingerprint).not.toBe(first);
    } finally {
      user['displayName'] = before;
    }
  });

  it('sends the filter to /Users only', async () => {
    const { entries } = await readAll(serviceSource({ filter: 'active eq false' }));
    expect(entries.filter((e) => e.kind === 'person')).toHaveLength(300);
    expect(entries.filter((e) => e.kind === 'group')).toHaveLength(30);
    expect(server.requests.filter((r) => r.includes('/Users?')).every((r) => r.includes('filter=active'))).toBe(true);
    expect(server.requests.filter((r) => r.includes('/Groups?')).some((r) => r.includes('filter='))).toBe(false);
  });

  it('reads only /Users with groups: false', async () => {
    const { summary } = await readAll(serviceSource({ groups: false }));
    expect(summary.entries).toBe(3000);
    expect(server.requests.some((r) => r.includes('/Groups'))).toBe(false);
  });
});

describe('ScimSource: a read that cannot be trusted fails whole', () => {
  it('fails when one page answers 500, naming the URL and never the token', async () => {
    server.failures = [{ endpoint: 'Users', startIndex: 1201 }];
    let yielded = 0;
    const read = serviceSource().read(defaultRunContext());
    let error: unknown;
    try {
      for (;;) {
        const next = await read.next();
        if (next.done) break;
        yielded += 1;
      }
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as Error).message;
    expect(message).toContain(`The SCIM service provider answered 500 to GET ${server.url}/Users?startIndex=1201&count=200`);
    expect(message).toContain('page at startIndex 1201 failed on purpose');
    expect(message).toContain('Nothing read from it is used');
    expect(message).not.toContain(server.token);
    expect(yielded).toBe(30 + 1200);
  });

  it('fails on a wrong token (401) with where the token came from, not the token', async () => {
    const wrong = 'not-the-token-7f3a';
    const error = await readError(serviceSource({}, { SCIM_TOKEN: wrong }));
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toMatch(/answered 401 to GET http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Groups\?startIndex=1&count=200: it refused the bearer token from SCIM_TOKEN/);
    expect(error.message).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect(String(error.cause ?? '')).not.toContain(wrong);
  });

  it('fails when the server ignores the paging it was asked for', async () => {
    // As scimmy-routers do under express 5 (SCIM-NOTES): the query string is dropped.
    const error = await readError(serviceSource({ pageSize: 50, groups: false, url: `${server.url}/ignore-query` }));
    expect(error.message).toMatch(/starts at startIndex 1 where 21 was asked: the server does not page as asked/);
  });

  it('stops when the run is aborted mid-read', async () => {
    server.delayMs = 20;
    const controller = new AbortController();
    const read = serviceSource({ pageSize: 100 }).read(defaultRunContext({ signal: controller.signal }));
    let yielded = 0;
    let error: unknown;
    try {
      for (;;) {
        const next = await read.next();
        if (next.done) break;
        yielded += 1;
        if (yielded === 500) setTimeout(() => controller.abort(new Error('stop')), 5);
      }
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(/Reading the SCIM service provider at .*\/Users\?startIndex=\d+&count=100 was interrupted before the end; nothing read from it is used/);
    expect(yielded).toBeLessThan(3030);
  });

  it('fails when totalResults changes between pages (someone was added during the read)', async () => {
    const read = serviceSource({ groups: false }).read(defaultRunContext());
    let error: unknown;
    try {
      for (let yielded = 0; ; yielded += 1) {
        if (yielded === 250) server.users.push({ ...(users[0] as object), id: 'u-late', userName: 'late@corp.example' });
        const next = await read.next();
        if (next.done) break;
      }
    } catch (caught) {
      error = caught;
    } finally {
      server.users.pop();
    }
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(/answer to GET .*\/Users\?startIndex=401&count=200 says totalResults 3001 where the pages before said 3000: Users changed during the read/);
  });

  it('fails when a page does not come within timeoutMs', async () => {
    server.delayMs = 1500;
    const error = await readError(serviceSource({ timeoutMs: 300 }));
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toMatch(/at GET .*\/Groups\?startIndex=1&count=200 did not answer completely in time \(no complete answer within 300 ms\); raise timeoutMs/);
  });

  it('refuses to start without a token, naming the variable', () => {
    expect(() => serviceSource({}, {})).toThrow(ConfigError);
    expect(() => serviceSource({}, {})).toThrow(/no bearer token: SCIM_TOKEN is not set/);
  });
});

describe('ScimSource over https: certificates are verified', () => {
  let dir: string;
  let secure: ScimmyServer;
  let caFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deskbee-sync-scim-tls-'));
    const ca = makeTestCa(dir, 'idp');
    caFile = ca.certFile;
    const users = generateUsers(50);
    secure = await startScimmyServer({ users, groups: generateGroups(3, users), tls: makeServerCert(dir, ca, 'idp', ['localhost'], ['127.0.0.1']) });
  });
  afterAll(async () => {
    await secure?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads with the CA named in tls.caFile', async () => {
    const source = new ScimSource({ kind: 'scim', name: 'idp', url: secure.url, tls: { caFile } }, { env: { SCIM_TOKEN: secure.token } });
    expect((await readAll(source)).summary.entries).toBe(53);
  });

  it('refuses a certificate no trusted CA signed, pointing at tls.caFile', async () => {
    secure.requests.length = 0;
    const error = await readError(new ScimSource({ kind: 'scim', name: 'idp', url: secure.url }, { env: { SCIM_TOKEN: secure.token } }));
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toMatch(/could not be reached over a verified TLS connection \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)[^)]*\); if the server's certificate is signed by a private CA, name its PEM file in tls\.caFile/);
    expect(secure.requests).toEqual([]);
  });
});
