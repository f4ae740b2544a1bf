/**
 * Figures for the Deskbee emulator alone, so that a large sync benchmark can
 * tell the emulator is not its bottleneck: seeding many users, listing them
 * all over HTTP with `include=squads` in pages of 250 (first and last pages
 * timed apart: a page deep in the list must cost what the first one does),
 * creating users, and the heap the state takes.
 *
 * Run alone: `node --expose-gc --import tsx bench/emulator-bench.ts`
 * (BENCH_EMULATOR_USERS sets the number of users, default 100,000).
 */
import { pathToFileURL } from 'node:url';
import { startEmulator, type RunningEmulator, type SeedData } from '../src/emulator/index.js';
import { type Figure, printFigures } from './figures.js';

const squadCount = 200;

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

/** `users` people in 200 squads: each in one squad, every fifth in a second one. */
export function emulatorBenchSeed(users: number): SeedData {
  const squads = Array.from({ length: squadCount }, (_, i) => ({ uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Squad ${i}` }));
  const people = new Array<NonNullable<SeedData['users']>[number]>(users);
  for (let i = 0; i < users; i++) {
    const first = squads[i % squadCount]?.uuid as string;
    const second = squads[(i * 7 + 3) % squadCount]?.uuid as string;
    people[i] = {
      name: `Person ${i}`,
      email: `person${i}@corp.example`,
      enrollment: `E${String(i).padStart(7, '0')}`,
      squads: i % 5 === 0 && second !== first ? [first, second] : [first],
    };
  }
  return { squads, users: people };
}

async function tokenFor(emu: RunningEmulator): Promise<string> {
  const response = await fetch(`${emu.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: emu.credentials.clientId, client_secret: emu.credentials.clientSecret }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** CPU time (user + system) of this process, in ms: steadier than wall time on a busy machine. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

interface ListRun {
  users: number;
  pages: number;
  ms: number;
  cpuMs: number;
  firstPagesMs: number;
  lastPagesMs: number;
}

/** Follows `links.next` from the first page to the last; times the first and last ten pages apart. */
async function listAll(emu: RunningEmulator, token: string): Promise<ListRun> {
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const pageTimes: number[] = [];
  let users = 0;
  let url: string | null = `${emu.baseUrl}/users?limit=250&include=squads`;
  const began = performance.now();
  const cpuBegan = cpuMs();
  while (url) {
    const t = performance.now();
    const response = await fetch(url, { headers });
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { data: unknown[]; links: { next: string | null } };
    pageTimes.push(performance.now() - t);
    users += body.data.length;
    url = body.links.next ? `${body.links.next}&limit=250&include=squads` : null;
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    users,
    pages: pageTimes.length,
    ms: performance.now() - began,
    cpuMs: cpuMs() - cpuBegan,
    firstPagesMs: sum(pageTimes.slice(0, 10)),
    lastPagesMs: sum(pageTimes.slice(-10)),
  };
}

/** Creates `count` users over HTTP, `concurrency` at a time; returns the elapsed wall and CPU ms. */
async function createUsers(emu: RunningEmulator, token: string, count: number, concurrency: number): Promise<{ ms: number; cpuMs: number }> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let next = 0;
  const began = performance.now();
  const cpuBegan = cpuMs();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const response = await fetch(`${emu.baseUrl}/users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `New ${i}`, email: `new${i}@corp.example`, enrollment: `N${i}`, squad_uuid: `00000000-0000-4000-8000-${String(i % squadCount).padStart(12, '0')}` }),
      });
      if (response.status !== 201) throw new Error(`POST /users answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - began, cpuMs: cpuMs() - cpuBegan };
}

/** `count` searches by email (what a client does to find a user it may have created), one at a time; the elapsed ms. */
async function searchByEmail(emu: RunningEmulator, token: string, users: number, count: number): Promise<number> {
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const began = performance.now();
  for (let k = 0; k < count; k++) {
    const i = Math.floor((k * users) / count);
    const response = await fetch(`${emu.baseUrl}/users?include=squads&search=email:eq:person${i}@corp.example`, { headers });
    const body = (await response.json()) as { data: unknown[] };
    if (body.data.length !== 1) throw new Error(`the search for person${i}@corp.example found ${body.data.length} users`);
  }
  return performance.now() - began;
}

export async function emulatorFigures(users: number): Promise<Figure[]> {
  const heapBefore = heapMb();
  const emu = await startEmulator({ env: {}, randomSeed: 1 });
  try {
    const seedBegan = performance.now();
    emu.seed(emulatorBenchSeed(users));
    const seedMs = performance.now() - seedBegan;
    const heap = heapMb() - heapBefore;
    const token = await tokenFor(emu);
    const list = await listAll(emu, token);
    if (list.users !== users) throw new Error(`listed ${list.users} users, seeded ${users}`);
    const searches = 200;
    const searchMs = await searchByEmail(emu, token, users, searches);
    const creates = 2_000;
    const created = await createUsers(emu, token, creates, 8);
    const rssMb = process.memoryUsage().rss / 1e6;
    return [
      { name: `seed ${users} users in ${squadCount} squads`, value: seedMs, unit: 'ms', note: 'in process, no HTTP' },
      { name: 'heap held by the state', value: heap, unit: 'MB', note: `${Math.round((heap * 1e6) / users)} bytes/user` },
      {
        name: `list ${list.users} users, include=squads, pages of 250`,
        value: list.ms,
        unit: 'ms',
        note: `${Math.round(list.users / (list.ms / 1000))} users/s over ${list.pages} pages, CPU ${Math.round(list.cpuMs)} ms (client included)`,
      },
      { name: 'first 10 pages', value: list.firstPagesMs, unit: 'ms' },
      { name: 'last 10 pages', value: list.lastPagesMs, unit: 'ms', note: 'should be close to the first 10' },
      { name: `${searches} searches by email:eq`, value: searchMs, unit: 'ms', note: `${(searchMs / searches).toFixed(2)} ms each` },
      {
        name: `create ${creates} users (8 at a time)`,
        value: created.ms,
        unit: 'ms',
        note: `${Math.round(creates / (created.ms / 1000))} creates/s, CPU ${Math.round(created.cpuMs)} ms`,
      },
      { name: 'process RSS at the end', value: rssMb, unit: 'MB' },
    ];
  } finally {
    await emu.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const users = Number(process.env.BENCH_EMULATOR_USERS ?? 100_000);
  printFigures(`Deskbee emulator (${users} users, Node ${process.version})`, await emulatorFigures(users));
}
