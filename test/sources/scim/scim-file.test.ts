import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRunContext } from '../../../src/context/run-context.js';
import { SourceError } from '../../../src/errors.js';
import { detectFormat } from '../../../src/sources/scim/scim-file-reader.js';
import { fileSource, readAll, readError, tempFolder } from './scim-test-files.js';

const fixtures = 'test/fixtures/scim';
const formats = [`${fixtures}/rfc7643-list-response.json`, `${fixtures}/rfc7643-array.json`, `${fixtures}/rfc7643.ndjson`];
const babs = '2819c223-7f76-453a-919d-413861904646';
const tourGuides = 'e9e30dba-f08f-4109-8486-d5c6a331660a';

let tmp: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  tmp = await tempFolder();
});
afterAll(async () => {
  await tmp?.remove();
});

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

describe('ScimSource: the three file formats', () => {
  it.each(formats)('%s gives the RFC 7643 enterprise user and group', async (path) => {
    const { entries, summary } = await readAll(fileSource(path));
    expect(summary).toEqual({ entries: 2, issues: [], fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const [person, group] = entries;
    expect(person).toMatchObject({
      kind: 'person',
      line: expect.any(Number),
      attributes: {
        id: [babs],
        externalId: ['701984'],
        userName: ['bjensen@example.com'],
        displayName: ['Babs Jensen'],
        active: ['true'],
        'name.givenName': ['Barbara'],
        'name.familyName': ['Jensen'],
        emails: ['bjensen@example.com', 'babs@jensen.org'],
        'emails.work': ['bjensen@example.com'],
        'emails.primary': ['bjensen@example.com'],
        employeeNumber: ['701984'],
        costCenter: ['4130'],
        organization: ['Universal Studios'],
        division: ['Theme Park'],
        department: ['Tour Operations'],
        'manager.value': ['26118915-6090-4610-87e4-49d8ca9f808d'],
        groups: ['Tour Guides', 'Employees', 'US Employees'],
      },
    });
    expect((person?.document as { userName: string }).userName).toBe('bjensen@example.com');
    expect(group).toMatchObject({ kind: 'group', attributes: { id: [tourGuides], displayName: ['Tour Guides'], members: [babs, '902c246b-6245-4190-8e05-00816be7344a'] } });
  });

  it('names each entry by file and line (NDJSON) or JSON pointer', async () => {
    const origins = await Promise.all(formats.map(async (path) => (await readAll(fileSource(path))).entries.map((e) => [e.origin, e.line])));
    expect(origins).toEqual([
      [['rfc7643-list-response.json#/Resources/0', 9], ['rfc7643-list-response.json#/Resources/1', expect.any(Number)]],
      [['rfc7643-array.json#/0', 2], ['rfc7643-array.json#/1', expect.any(Number)]],
      [['rfc7643.ndjson line 1', 1], ['rfc7643.ndjson line 2', 2]],
    ]);
  });

  it('tells NDJSON from JSON by content, whatever the file is called', async () => {
    const ndjson = await tmp.file('export.json', readFileSync(`${fixtures}/rfc7643.ndjson`));
    const json = await tmp.file('export.ndjson', readFileSync(`${fixtures}/rfc7643-list-response.json`));
    const oneLine = await tmp.file('one-line.txt', JSON.stringify(JSON.parse(readFileSync(`${fixtures}/rfc7643-list-response.json`, 'utf8'))));
    expect(await detectFormat(ndjson)).toBe('ndjson');
    expect(await detectFormat(json)).toBe('json');
    expect(await detectFormat(oneLine)).toBe('json');
    expect(await detectFormat(`${fixtures}/rfc7643-array.json`)).toBe('json');
    for (const path of [ndjson, json, oneLine]) expect((await readAll(fileSource(path))).summary.entries).toBe(2);
  });

  it('reads a file holding one resource', async () => {
    const { entries } = await readAll(fileSource(`${fixtures}/rfc7643/8.1-minimal-user.json`));
    expect(entries).toEqual([expect.objectContaining({ kind: 'person', origin: '8.1-minimal-user.json', attributes: { id: [babs], userName: ['bjensen@example.com'] } })]);
  });

  it('gives a person the groups that list it as a member, wherever the Group is in the file', async () => {
    const group = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g1', displayName: 'Night Shift', members: [{ value: 'u1' }, { value: 'u3' }] };
    const users = ['u1', 'u2', 'u3'].map((id) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName: `${id}@corp.example`, groups: id === 'u3' ? [{ value: 'g9', display: 'Remote' }] : undefined }));
    const path = await tmp.file('order.ndjson', [...users, group].map((r) => JSON.stringify(r)).join('\n'));
    const { entries } = await readAll(fileSource(path, {}, { tuning: { chunkBytes: 7 } }));
    expect(entries.map((e) => [e.attributes['id']?.[0], e.attributes['groups']])).toEqual([
      ['u1', ['Night Shift']],
      ['u2', undefined],
      ['u3', ['Remote', 'Night Shift']],
      ['g1', undefined],
    ]);
    expect((entries[2]?.document as { groups: unknown[] }).groups).toEqual([{ value: 'g9', display: 'Remote' }, { value: 'g1', display: 'Night Shift', type: 'direct' }]);
  });

  it('reads the same entries when chunks end anywhere (CRLF lines, multi-byte names, blank lines)', async () => {
    const users = ['Zoë', 'José', '東京'].map((name, i) => JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: `u${i}`, userName: name }));
    const ndjson = await tmp.file('crlf.ndjson', `\uFEFF${users.join('\r\n\r\n')}\r\n`);
    const json = await tmp.file('spread.json', `[\n${users.join(',\n')}\n]`);
    for (const chunkBytes of [1, 2, 3, 5, 64 * 1024]) {
      for (const path of [ndjson, json]) {
        const { entries } = await readAll(fileSource(path, {}, { tuning: { chunkBytes } }));
        expect(entries.map((e) => e.attributes['userName']?.[0])).toEqual(['Zoë', 'José', '東京']);
      }
    }
  });
});

describe('ScimSource: resources that cannot be used', () => {
  it('leaves out a resource without an id, naming where it is, and reads on', async () => {
    const ok = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u1', userName: 'a@corp.example' };
    const noId = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'b@corp.example' };
    const device = { schemas: ['urn:example:Device'], id: 'd1', meta: { resourceType: 'Device' } };
    const ndjson = await tmp.file('users.ndjson', [ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, noId, device].map((r, i) => JSON.stringify(i < 11 ? { ...r, id: `u${i}` } : r)).join('\n'));
    const { summary } = await readAll(fileSource(ndjson));
    expect(summary.entries).toBe(11);
    expect(summary.issues).toEqual([
      { origin: 'users.ndjson line 12', line: 12, message: expect.stringMatching(/^the resource is a User without an id \(missing\)/) },
      { origin: 'users.ndjson line 13', line: 13, message: 'the resource is a Device resource (meta.resourceType); only Users and Groups are read' },
    ]);
    const json = await tmp.file('users.json', JSON.stringify({ Resources: [ok, noId], totalResults: 2 }, null, 1));
    expect((await readAll(fileSource(json))).summary.issues).toEqual([{ origin: 'users.json#/Resources/1', line: expect.any(Number), message: expect.stringContaining('without an id') }]);
  });

  it('refuses a file whose every resource is left out, quoting the first', async () => {
    const path = await tmp.file('none.ndjson', '{"userName":"x"}\n');
    const error = await readError(fileSource(path));
    expect(error.message).toMatch(/none\.ndjson has no usable resource: all 1 are left out \(the first, none\.ndjson line 1: the resource is neither a User nor a Group/);
  });
});

describe('ScimSource: files that cannot be read whole', () => {
  const failure = async (name: string, content: string | Buffer, format?: 'json' | 'ndjson') => {
    const path = await tmp.file(name, content);
    const error = await readError(fileSource(path, format === undefined ? {} : { format }));
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toContain(path);
    return error.message;
  };
  const list = readFileSync(`${fixtures}/rfc7643-list-response.json`, 'utf8');
  const ndjson = readFileSync(`${fixtures}/rfc7643.ndjson`, 'utf8');

  it('refuses a JSON file cut off anywhere, naming the last line', async () => {
    const total = list.split('\n').length;
    for (const cut of [0.3, 0.6, 0.95]) {
      const message = await failure('cut.json', list.slice(0, Math.floor(list.length * cut)));
      expect(message).toMatch(/ends inside \d+ open brackets?.*: the file was cut off \(truncated\) or is not valid JSON \(line \d+\)/);
      expect(Number(/\(line (\d+)\)/.exec(message)?.[1])).toBeLessThanOrEqual(total);
    }
  });

  it('refuses an NDJSON file whose last line is cut off', async () => {
    const message = await failure('cut.ndjson', ndjson.slice(0, ndjson.length - 40));
    expect(message).toMatch(/cut\.ndjson is not valid JSON at line 2: it ends before the resource does, so the file was cut off \(truncated\)/);
  });

  it('refuses an NDJSON line that does not parse, naming its line', async () => {
    const [first, second] = lines(ndjson);
    const message = await failure('bad.ndjson', `${first}\n\n{"id": "x", oops}\n${second}\n`);
    expect(message).toMatch(/bad\.ndjson is not valid JSON at line 3: /);
    expect(message).not.toMatch(/cut off/);
  });

  it('refuses a bad resource in a JSON list, naming its line and pointer', async () => {
    const message = await failure('bad.json', '[\n{"id":"a","userName":"x","schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]},\n{"id": "b", "userName": x}\n]');
    expect(message).toMatch(/bad\.json is not valid JSON at line 3 \(\/1\)/);
  });

  it('refuses JSON with a missing comma, a trailing comma or more after the end', async () => {
    expect(await failure('comma.json', '[{"id":"a"}\n{"id":"b"}]')).toMatch(/lacks a comma between resource 0 and the next one \(line 2\)/);
    expect(await failure('trailing.json', '[{"id":"a"},\n]')).toMatch(/has a comma before the \] that ends the list of resources \(line 2\)/);
    expect(await failure('more.json', '{"Resources":[]}\n{"id":"x"}')).toMatch(/holds more text after the end of its JSON value; if it is NDJSON .* set format: ndjson \(line 2\)/);
  });

  it('refuses a ListResponse that is one page of a longer list', async () => {
    const page = JSON.parse(list) as { totalResults: number };
    page.totalResults = 250;
    expect(await failure('page.json', JSON.stringify(page, null, 2))).toMatch(/totalResults is 250 but which holds 2 resources: it is one page of a longer list/);
  });

  it('refuses bytes that are not UTF-8, naming the line', async () => {
    const [first, second] = lines(ndjson);
    const bad = Buffer.concat([Buffer.from(`${first}\n`), Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d, 0x0a]), Buffer.from(`${second}\n`)]);
    expect(await failure('latin.ndjson', bad)).toMatch(/is not valid UTF-8 .*\(line 2\)/);
    expect(await failure('latin.json', Buffer.concat([Buffer.from('[\n'), Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), Buffer.from(']')]))).toMatch(/is not valid UTF-8/);
  });

  it('refuses an empty file, and a missing one', async () => {
    expect(await failure('empty.json', '')).toMatch(/is empty: it holds no JSON at all/);
    expect(await failure('blank.ndjson', '\n \n')).toMatch(/is empty: it holds no JSON at all/);
    expect(await failure('blank.ndjson', '\n \n', 'ndjson')).toMatch(/holds no resource; refusing to continue, since an empty source would look like everyone left/);
    const error = await readError(fileSource(`${tmp.dir}/absent.ndjson`));
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toMatch(/absent\.ndjson does not exist/);
  });

  it('stops when the run is aborted, with nothing used', async () => {
    const users = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: `u${i}`, userName: `u${i}@corp.example` }));
    const path = await tmp.file('many.ndjson', users.join('\n'));
    const controller = new AbortController();
    const read = fileSource(path, {}, { tuning: { chunkBytes: 256 } }).read(defaultRunContext({ signal: controller.signal }));
    let yielded = 0;
    let error: unknown;
    try {
      for (;;) {
        const next = await read.next();
        if (next.done) break;
        yielded += 1;
        if (yielded === 100) controller.abort(new Error('stop'));
      }
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(/many\.ndjson was interrupted before the end; nothing read from it is used/);
    expect(yielded).toBeLessThan(2000);
  });
});

describe('ScimSource: the fingerprint', () => {
  it('is the same for two reads of the same file, and changes with one value', async () => {
    const text = readFileSync(`${fixtures}/rfc7643.ndjson`, 'utf8');
    const path = await tmp.file('fp.ndjson', text);
    const first = (await readAll(fileSource(path))).summary.fingerprint;
    const second = (await readAll(fileSource(path, {}, { tuning: { chunkBytes: 3 } }))).summary.fingerprint;
    expect(second).toBe(first);
    await tmp.file('fp.ndjson', text.replace('"costCenter": "4130"', '"costCenter": "4131"'));
    expect((await readAll(fileSource(path))).summary.fingerprint).not.toBe(first);
  });
});
