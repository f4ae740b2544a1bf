/** Helpers the SCIM source tests share: reading a source to its end, temporary files, generated people. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRunContext, type RunContext } from '../../../src/context/run-context.js';
import type { RawEntry, ReadSummary, Source } from '../../../src/sources/source.js';
import { ScimSource, type ScimSourceOptions } from '../../../src/sources/scim/scim-source.js';
import type { ScimKindConfig } from '../../../src/sources/scim/scim-config.js';
import type { ScimRecord } from '../../support/scimmy-server.js';

export const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Reads a source to its end: every entry and the summary its read returned. */
export async function readAll(source: Pick<Source, 'read'>, ctx: RunContext = defaultRunContext()): Promise<{ entries: RawEntry[]; summary: ReadSummary }> {
  const read = source.read(ctx);
  const entries: RawEntry[] = [];
  for (;;) {
    const next = await read.next();
    if (next.done) return { entries, summary: next.value };
    entries.push(next.value);
  }
}

/** The error a read ends with (fails the test when it ends without one). */
export async function readError(source: Pick<Source, 'read'>, ctx?: RunContext): Promise<Error> {
  try {
    await readAll(source, ctx);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the read ended without an error');
}

/** A SCIM source of a file. */
export function fileSource(path: string, extra: Partial<ScimKindConfig> = {}, options: ScimSourceOptions = {}): ScimSource {
  return new ScimSource({ kind: 'scim', name: 'scim-test', path, ...extra }, options);
}

/** A temporary folder removed by `remove()`. */
export async function tempFolder(): Promise<{ dir: string; file(name: string, content: string | Buffer): Promise<string>; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'deskbee-sync-scim-'));
  return {
    dir,
    file: async (name, content) => {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** `count` people with the enterprise extension; every tenth is not active. */
export function generateUsers(count: number): ScimRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i).padStart(5, '0');
    return {
      id: `u-${n}`,
      userName: `person${n}@corp.example`,
      displayName: `Person ${n}`,
      name: { givenName: 'Person', familyName: n },
      emails: [
        { value: `person${n}@home.example`, type: 'home' },
        { value: `Person${n}@Corp.Example`, type: 'work', primary: true },
      ],
      active: i % 10 !== 9,
      [enterprise]: { employeeNumber: `E${n}`, costCenter: `CC-${(i % 7) + 1}` },
    };
  });
}

/** `count` groups; person i is a member of group i mod count (and the first group also holds every fifth person). */
export function generateGroups(count: number, users: readonly ScimRecord[]): ScimRecord[] {
  return Array.from({ length: count }, (_, g) => ({
    id: `g-${String(g).padStart(3, '0')}`,
    displayName: `Squad ${g}`,
    members: users.flatMap((user, i) => (i % count === g || (g === 0 && i % 5 === 0) ? [{ value: user.id, display: String(user['displayName']), type: 'User' }] : [])),
  }));
}
