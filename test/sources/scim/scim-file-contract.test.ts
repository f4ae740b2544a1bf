/** The source contract (test/sources/source-contract.ts) for the SCIM source reading an export file, as NDJSON and as a JSON ListResponse. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { listResponseSchema, userSchema } from '../../../src/sources/scim/scim-resource.js';
import { type BrokenRead, type ContractData, type ContractPerson, sourceContract } from '../source-contract.js';
import { fileSource, tempFolder } from './scim-test-files.js';

let folder: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  folder = await tempFolder();
});
afterAll(() => folder?.remove());

/** A User resource; the unusable one has no id. */
function resource(p: ContractPerson, usable: boolean): Record<string, unknown> {
  const user = { schemas: [userSchema], id: p.id, userName: p.email, displayName: `${p.givenName} ${p.familyName}`, name: { givenName: p.givenName, familyName: p.familyName } };
  if (!usable) delete (user as { id?: string }).id;
  return user;
}

const resources = ({ people, unusable }: ContractData) => people.map((p, i) => JSON.stringify(resource(p, i !== unusable)));

/** One resource per line: in a ListResponse's Resources, or alone (NDJSON); `totalResults` as given. */
function fileText(data: ContractData, format: 'json' | 'ndjson', totalResults = data.people.length): string {
  const lines = resources(data);
  if (format === 'ndjson') return `${lines.join('\n')}\n`;
  return `{"schemas": ["${listResponseSchema}"], "totalResults": ${totalResults}, "Resources": [\n${lines.join(',\n')}\n]}\n`;
}

function scimFileContract(format: 'json' | 'ndjson'): void {
  let path = '';
  let data: ContractData = { people: [] };
  const source = (file: string) => fileSource(file, { name: 'scim-export', format });
  const cut: BrokenRead = {
    fault: 'truncated',
    what: 'the file cut in the middle',
    source: async () => {
      const bytes = await readFile(path);
      return source(await folder.file(`cut.${format}`, bytes.subarray(0, Math.floor(bytes.length / 2))));
    },
  };
  const overcount: BrokenRead = {
    fault: 'truncated',
    what: 'totalResults says one more resource than the file holds',
    source: async () => source(await folder.file('overcount.json', fileText(data, 'json', data.people.length + 1))),
  };
  sourceContract({
    kind: 'scim',
    title: `SCIM export file (${format === 'json' ? 'JSON ListResponse' : 'NDJSON'})`,
    server: false,
    key: 'id',
    mapping: { name: { from: 'displayName' }, email: { from: 'userName' } },
    load: async (loaded) => {
      data = loaded;
      path = await folder.file(`people.${format}`, fileText(loaded, format));
    },
    source: () => source(path),
    breaks: format === 'json' ? [cut, overcount] : [cut],
    follow: async (issue) => {
      const text = await readFile(path, 'utf8');
      const file = basename(path);
      if (format === 'ndjson') {
        if (!issue.origin.startsWith(file) || issue.line === undefined) return `(${issue.origin} names no line of ${file})`;
        return text.split('\n')[issue.line - 1] ?? '';
      }
      const pointer = /^(.+)#\/Resources\/(\d+)$/.exec(issue.origin);
      if (pointer?.[1] !== file) return `(${issue.origin} is no JSON pointer into ${file})`;
      const found = (JSON.parse(text) as { Resources: unknown[] }).Resources[Number(pointer[2])];
      // The line must lead to the same resource.
      return issue.line !== undefined && text.split('\n')[issue.line - 1]?.startsWith(JSON.stringify(found)) ? JSON.stringify(found) : `(line ${issue.line} does not hold ${issue.origin})`;
    },
  });
}

scimFileContract('ndjson');
scimFileContract('json');
