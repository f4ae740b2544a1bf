/**
 * The SCIM source on a one-million-line NDJSON export (999,900 Users with
 * the enterprise extension and 100 Groups listing them), each run in a
 * child process of its own so that its peak RSS is its own:
 *   - read and mapped through mappings/scim.yaml (what a plan does first);
 *   - read only, every entry dropped (the source's own memory: it must stay
 *     flat whatever the number of lines, apart from the group index).
 * `BENCH_ONLY=scim npm run bench` runs it alone.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Figure } from './figures.js';

/** Lines in the generated file. */
export const scimBenchLines = 1_000_000;
const groupCount = 100;

const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Writes the export: the users first, then the groups (so the source must find members on a first pass). */
async function writeExport(path: string, lines: number): Promise<void> {
  const users = lines - groupCount;
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let batch = '';
  for (let i = 0; i < users; i++) {
    const n = String(i).padStart(7, '0');
    batch += `${JSON.stringify({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', enterprise],
      id: `u-${n}`,
      userName: `person${n}@corp.example`,
      displayName: `Person ${n}`,
      name: { givenName: 'Person', familyName: n },
      emails: [{ value: `person${n}@corp.example`, type: 'work', primary: true }],
      active: i % 50 !== 0,
      [enterprise]: { employeeNumber: `E${n}`, costCenter: `CC-${i % 40}`, department: `Dept ${i % 40}` },
      meta: { resourceType: 'User' },
    })}\n`;
    if (batch.length > 1 << 20) {
      await write(batch);
      batch = '';
    }
  }
  for (let g = 0; g < groupCount; g++) {
    const members: { value: string }[] = [];
    for (let i = g; i < users; i += groupCount) members.push({ value: `u-${String(i).padStart(7, '0')}` });
    batch += `${JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: `g-${g}`, displayName: `Squad ${g}`, members })}\n`;
    await write(batch);
    batch = '';
  }
  await write(batch);
  out.end();
  await once(out, 'finish');
}

/** The child: reads (and maps) the file, prints what it measured as one JSON line. */
const childScript = `
const [sourceUrl, mappingUrl, contextUrl, path, map] = process.argv.slice(1);
const { ScimSource } = await import(sourceUrl);
const { loadMapping, mapEntries } = await import(mappingUrl);
const { defaultRunContext } = await import(contextUrl);
const started = performance.now();
const source = new ScimSource({ kind: 'scim', name: 'bench', path });
const read = source.read(defaultRunContext());
let entries = 0;
let users = 0;
const drained = { async *[Symbol.asyncIterator]() { for (;;) { const next = await read.next(); if (next.done) return; entries += 1; yield next.value; } } };
if (map === 'map') {
  const result = await mapEntries(await loadMapping('mappings/scim.yaml'), drained);
  users = result.state.users.length;
} else {
  for await (const _ of drained) {}
}
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, entries, users }) + '\\n');
`;

interface ChildResult {
  ms: number;
  maxRssKiB: number;
  entries: number;
  users: number;
}

async function runChild(path: string, map: boolean): Promise<ChildResult> {
  const module = (p: string) => new URL(p, import.meta.url).href;
  const child = spawn(
    process.execPath,
    [
      '--import',
      import.meta.resolve('tsx'),
      '--input-type=module',
      '-e',
      childScript,
      module('../src/sources/scim/scim-source.ts'),
      module('../src/mapping/index.ts'),
      module('../src/context/run-context.ts'),
      path,
      map ? 'map' : 'read',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the SCIM bench child exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

export async function scimFigures(lines = scimBenchLines): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'deskbee-sync-scim-bench-'));
  try {
    const path = join(dir, 'users.ndjson');
    await writeExport(path, lines);
    const mapped = await runChild(path, true);
    const readOnly = await runChild(path, false);
    if (mapped.entries !== lines || readOnly.entries !== lines) throw new Error(`expected ${lines} entries, read ${mapped.entries} and ${readOnly.entries}`);
    // As the other benches count it: KiB / 1024, shown as MB.
    const mb = (kib: number) => kib / 1024;
    const size = `${lines.toLocaleString('en-US')} lines`;
    return [
      { name: `SCIM NDJSON, ${size}: read + map (scim.yaml), time`, value: mapped.ms, unit: 'ms', target: { op: '<=', limit: 60_000 }, note: `${mapped.users.toLocaleString('en-US')} users mapped` },
      { name: `SCIM NDJSON, ${size}: read + map, peak RSS`, value: mb(mapped.maxRssKiB), unit: 'MB', target: { op: '<=', limit: 1536 }, note: 'the mapping keeps one candidate per person, the source none' },
      { name: `SCIM NDJSON, ${size}: read only, time`, value: readOnly.ms, unit: 'ms', note: 'two passes: the Groups\' members first, then every entry' },
      { name: `SCIM NDJSON, ${size}: read only, peak RSS`, value: mb(readOnly.maxRssKiB), unit: 'MB', target: { op: '<=', limit: 512 }, note: 'one line at a time, plus the member index (one entry per membership)' },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
