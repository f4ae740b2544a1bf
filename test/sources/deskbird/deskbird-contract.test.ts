/** The source contract (test/sources/source-contract.ts) for the deskbird source, reading the deskbird emulator. */
import { afterAll, beforeAll } from 'vitest';
import type { RunningDeskbirdEmulator } from '../../../src/emulator/deskbird/index.js';
import { sourceContract } from '../source-contract.js';
import { sourceFor, startTestDeskbird, testApiKey } from './deskbird-helpers.js';

let emu: RunningDeskbirdEmulator;
beforeAll(async () => {
  emu = await startTestDeskbird();
});
afterAll(() => emu?.close());

const source = () => sourceFor(emu, { pageSize: 100 });

sourceContract({
  kind: 'deskbird',
  title: 'deskbird (the deskbird emulator)',
  server: true,
  key: 'id',
  mapping: { name: { template: '{firstName} {lastName}', transforms: ['trim'] }, email: { from: 'email' } },
  load: async ({ people, unusable }) => {
    // The unusable one has a blank name.
    emu.seed({ users: people.map((p, i) => ({ id: p.id, email: p.email, firstName: i === unusable ? ' ' : p.givenName, lastName: i === unusable ? '' : p.familyName })) });
    emu.setFaults({ totalDelta: 0, failingPages: [], routes: null });
  },
  source,
  breaks: [
    {
      fault: 'truncated',
      what: 'a /users listing whose total says one user more than it lists',
      source: () => {
        emu.setFaults({ totalDelta: 1, routes: ['GET /users'] });
        return source();
      },
      restore: () => void emu.setFaults({ totalDelta: 0, routes: null }),
    },
    {
      fault: 'server error',
      what: 'the /users page at offset 200 answering 503, every time',
      source: () => {
        emu.setFaults({ failingPages: [{ path: '/users', offset: 200, status: 503 }] });
        return source();
      },
      restore: () => void emu.setFaults({ failingPages: [] }),
    },
  ],
  follow: async (issue) => {
    // The origin is the entity's path below the base URL: `users/{id}`.
    const answer = await fetch(new URL(issue.origin, `${emu.baseUrl}/`), { headers: { authorization: `Bearer ${testApiKey}` } });
    return answer.ok ? await answer.text() : `(GET ${issue.origin} answered ${answer.status})`;
  },
});
