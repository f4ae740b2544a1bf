import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultRunContext } from '../../../src/context/run-context.js';
import { SourceError } from '../../../src/errors.js';
import { CsvSource } from '../../../src/sources/csv/index.js';
import { cp1252, readAll, readFailure, readWithSummary, rows, useTempDir } from './csv-test-files.js';

const tmp = useTempDir();

describe('CsvSource: rows and attributes', () => {
  it('yields one person entry per row, values untouched, with origin and line', async () => {
    const path = await tmp.file('people.csv', 'id,name,email\n7, Ana Souza ,ana@corp.com\n8,Bruno,\n');
    const source = new CsvSource({ name: 'hr', path });
    const entries = await readAll(source);
    expect(entries).toEqual([
      { kind: 'person', attributes: { id: ['7'], name: [' Ana Souza '], email: ['ana@corp.com'] }, origin: 'people.csv line 2', line: 2 },
      { kind: 'person', attributes: { id: ['8'], name: ['Bruno'], email: [''] }, origin: 'people.csv line 3', line: 3 },
    ]);
    expect(source.kind).toBe('csv');
    expect(source.name).toBe('hr');
  });

  it('summarizes a complete read with a sha256 of the raw bytes', async () => {
    const content = 'id;name\n1;Ana\n2;Bruno\n';
    const path = await tmp.file('summary.csv', content);
    const source = new CsvSource({ name: 'hr', path });
    const { summary } = await readWithSummary(source);
    expect(summary).toEqual({
      entries: 2,
      issues: [],
      fingerprint: createHash('sha256').update(content).digest('hex'),
    });
    const changed = new CsvSource({ name: 'hr', path: await tmp.file('summary2.csv', content.replace('Ana', 'Ane')) });
    expect((await readWithSummary(changed)).summary.fingerprint).not.toBe(summary.fingerprint);
  });

  it('matches header names after trimming, and strips the BOM from the first', async () => {
    const path = await tmp.file('trim.csv', '\uFEFF id ,\tName , E-mail\n1,Ana,a@x\n');
    const [entry] = await readAll(new CsvSource({ name: 'hr', path, requiredColumns: ['id', 'Name', 'e-mail'] }));
    expect(Object.keys(entry?.attributes ?? {})).toEqual(['id', 'Name', 'E-mail']);
  });

  it('keeps quoted fields with line breaks and doubled quotes, and reports the line where each row starts', async () => {
    const content = [
      'id,name,note',
      '1,"Ana ""Nina"" Souza","first line',
      'second line',
      'third line"',
      '2,Bruno,plain',
      '',
      '3,"Carla, Jr.",""',
      '4,"D\r\nE",x',
      '',
    ].join('\n');
    const path = await tmp.file('quoted.csv', content);
    const entries = await readAll(new CsvSource({ name: 'hr', path }));
    expect(entries.map((e) => e.line)).toEqual([2, 5, 7, 8]);
    expect(rows(entries)).toEqual([
      { id: '1', name: 'Ana "Nina" Souza', note: 'first line\nsecond line\nthird line' },
      { id: '2', name: 'Bruno', note: 'plain' },
      { id: '3', name: 'Carla, Jr.', note: '' },
      { id: '4', name: 'D\r\nE', note: 'x' },
    ]);
  });

  it('counts CRLF and CR line ends like LF', async () => {
    for (const eol of ['\r\n', '\r']) {
      const path = await tmp.file('eol.csv', ['a,b', '1,"x', 'y"', '', '2,z', ''].join(eol));
      const entries = await readAll(new CsvSource({ name: 'hr', path }));
      expect(entries.map((e) => [e.line, e.attributes['b']])).toEqual([
        [2, [`x${eol}y`]],
        [5, ['z']],
      ]);
    }
  });

  it('leaves out blank rows, including rows of bare delimiters, by default', async () => {
    const path = await tmp.file('blank.csv', '\n\nid;name\n1;Ana\n;\n   \n\n2;Bruno\n;\n');
    const source = new CsvSource({ name: 'hr', path });
    const { entries, summary } = await readWithSummary(source);
    expect(entries.map((e) => [e.line, e.attributes['id']])).toEqual([
      [4, ['1']],
      [8, ['2']],
    ]);
    expect(summary.issues).toEqual([]);
  });

  it('with skipEmptyLines false, reads blank rows like any other', async () => {
    const path = await tmp.file('blank-kept.csv', 'id;name\n1;Ana\n;\n\n2;Bruno\n');
    const source = new CsvSource({ name: 'hr', path, skipEmptyLines: false });
    const { entries, summary } = await readWithSummary(source);
    expect(entries.map((e) => [e.line, e.attributes['id']])).toEqual([
      [2, ['1']],
      [3, ['']],
      [5, ['2']],
    ]);
    expect(summary.issues).toMatchObject([{ line: 4, origin: 'blank-kept.csv line 4' }]);
  });

  it('ignores columns with a blank header name, and empty or missing fields past the named ones', async () => {
    const path = await tmp.file('trailing.csv', 'id;name;\n1;Ana;\n2;Bruno\n3;Carla;;;\n4;Davi;;x\n5\n');
    const source = new CsvSource({ name: 'hr', path });
    const { entries, summary } = await readWithSummary(source);
    expect(rows(entries)).toEqual([
      { id: '1', name: 'Ana' },
      { id: '2', name: 'Bruno' },
      { id: '3', name: 'Carla' },
    ]);
    // "4;Davi;;x" has a value past the header's end; "5" lacks a named column.
    expect(summary.issues.map((i) => i.line)).toEqual([5, 6]);
  });

  it('leaves out a row with the wrong number of fields, names its line, and reads the others', async () => {
    const path = await tmp.file('ragged.csv', 'id,name,email\n1,Ana,a@x\n2,Souza, Bruno,b@x\n3,Carla\n4,Davi,d@x\n');
    const source = new CsvSource({ name: 'hr', path });
    const { entries, summary } = await readWithSummary(source);
    expect(entries.map((e) => e.line)).toEqual([2, 5]);
    const { issues, entries: count } = summary;
    expect(count).toBe(2);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatchObject({ origin: 'ragged.csv line 3', line: 3 });
    expect(issues[0]?.message).toMatch(/4 fields where the header has 3.*containing ","/);
    expect(issues[1]).toMatchObject({ origin: 'ragged.csv line 4', line: 4 });
    expect(issues[1]?.message).toMatch(/2 fields where the header has 3/);
  });

  it('gives each row its own attributes object, safe for any column name', async () => {
    const path = await tmp.file('proto.csv', '__proto__,constructor\nx,y\n');
    const [entry] = await readAll(new CsvSource({ name: 'hr', path }));
    expect(Object.keys(entry?.attributes ?? {})).toEqual(['__proto__', 'constructor']);
    expect(entry?.attributes['constructor']).toEqual(['y']);
  });

  it('stops reading when the consumer stops, and has no summary then', async () => {
    const path = await tmp.file('early.csv', 'id\n1\n2\n3\n');
    const source = new CsvSource({ name: 'hr', path });
    for await (const entry of source.read(defaultRunContext())) {
      expect(entry.line).toBe(2);
      break;
    }
    const again = await readWithSummary(source);
    expect(again.entries).toHaveLength(3);
    expect(again.summary.entries).toBe(3);
  });

  it.skipIf(!existsSync('/proc/self/fd'))('closes the file when a read is refused after sniffing or stopped early', async () => {
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const utf16 = await tmp.file('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.alloc(4096, 0x41)]));
    const long = await tmp.file('long.csv', `id\n${'1\n'.repeat(5000)}`);
    const before = openFiles();
    for (let i = 0; i < 10; i++) {
      await readFailure(new CsvSource({ name: 'hr', path: utf16 }, { chunkBytes: 256, sniffBytes: 256 }));
      for await (const _ of new CsvSource({ name: 'hr', path: long }, { chunkBytes: 256 }).read(defaultRunContext())) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(openFiles()).toBe(before);
  });

  it('fails with a SourceError when the run is aborted', async () => {
    const path = await tmp.file('abort.csv', 'id\n1\n2\n');
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    const source = new CsvSource({ name: 'hr', path });
    await expect(readAll(source, defaultRunContext({ signal: controller.signal }))).rejects.toThrow(
      expect.objectContaining({ name: 'SourceError', source: 'hr', message: expect.stringMatching(/interrupted/) }),
    );
  });
});

describe('CsvSource: delimiters', () => {
  const cases = [
    [',', 'id,"Last, First",email\n1,"Souza, Ana",a@x\n'],
    [';', 'id;"Nome; completo";email\n1;Ana, Souza;a@x\n'],
    ['\t', 'id\t"Name"\temail\n1\tAna; Souza\ta@x\n'],
    ['|', 'id|Name, full|email\n1|Ana; Souza, Jr|a@x\n'],
  ] as const;
  for (const [delimiter, content] of cases) {
    it(`detects ${JSON.stringify(delimiter)} from the header line`, async () => {
      const path = await tmp.file('delimited.csv', content);
      const entries = await readAll(new CsvSource({ name: 'hr', path }));
      expect(entries).toHaveLength(1);
      expect(Object.keys(entries[0]?.attributes ?? {})).toHaveLength(3);
      expect(entries[0]?.attributes['id']).toEqual(['1']);
      expect(entries[0]?.attributes['email']).toEqual(['a@x']);
    });
  }

  it('uses the configured delimiter over what the header suggests', async () => {
    const path = await tmp.file('forced.csv', 'id;a,b,c\n1;x,y,z\n');
    expect(rows(await readAll(new CsvSource({ name: 'hr', path, delimiter: ';' })))).toEqual([{ id: '1', 'a,b,c': 'x,y,z' }]);
    const tabbed = await tmp.file('tab.csv', 'id\tname,x\n1\tAna,y\n');
    expect(rows(await readAll(new CsvSource({ name: 'hr', path: tabbed, delimiter: 'tab' })))).toEqual([{ id: '1', 'name,x': 'Ana,y' }]);
  });

  it('reads a one-column file', async () => {
    const path = await tmp.file('single.csv', 'email\na@x\nb@y\n');
    expect(rows(await readAll(new CsvSource({ name: 'hr', path })))).toEqual([{ email: 'a@x' }, { email: 'b@y' }]);
  });

  it('honours another quote character', async () => {
    const path = await tmp.file('quote.csv', "id,name\n1,'Souza, Ana'\n");
    expect(rows(await readAll(new CsvSource({ name: 'hr', path, quote: "'" })))).toEqual([{ id: '1', name: 'Souza, Ana' }]);
  });
});

describe('CsvSource: encodings', () => {
  const names = ['José Conceição', 'Müller', 'Œuvre “Zoë” – 5 €'];

  it('reads UTF-8 without and with a BOM the same way', async () => {
    const text = `id;name\n${names.map((n, i) => `${i};${n}`).join('\n')}\n`;
    for (const [file, bytes] of [
      ['utf8.csv', Buffer.from(text, 'utf8')],
      ['utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ] as const) {
      const path = await tmp.file(file, bytes);
      const entries = await readAll(new CsvSource({ name: 'hr', path, requiredColumns: ['id'] }));
      expect(entries.map((e) => e.attributes['name']?.[0])).toEqual(names);
    }
  });

  it('detects Windows-1252 and decodes €, curly quotes and dashes', async () => {
    const text = `id;name\n${names.map((n, i) => `${i};${n}`).join('\n')}\n`;
    const path = await tmp.file('cp1252.csv', cp1252(text));
    for (const encoding of ['auto', 'windows-1252'] as const) {
      const entries = await readAll(new CsvSource({ name: 'hr', path, encoding }));
      expect(entries.map((e) => e.attributes['name']?.[0])).toEqual(names);
    }
  });

  it('reads Latin-1 as strict ISO-8859-1 when told to', async () => {
    const path = await tmp.file('latin1.csv', Buffer.concat([cp1252('id,name\n1,José Müller '), Buffer.from([0x80]), Buffer.from('\n')]));
    const [entry] = await readAll(new CsvSource({ name: 'hr', path, encoding: 'latin1' }));
    expect(entry?.attributes['name']).toEqual(['José Müller \u0080']);
  });

  it('reads the same rows whatever the chunk size, with characters cut across chunks', async () => {
    const text = `id,name,city\n${Array.from({ length: 60 }, (_, i) => `${i},"${names[i % 3]}\nß ${i}",Ñuñoa 😀`).join('\n')}\n`;
    const utf8Path = await tmp.file('chunks-utf8.csv', text);
    const cp1252Path = await tmp.file('chunks-cp1252.csv', cp1252(text.replace(/ 😀/g, '')));
    for (const path of [utf8Path, cp1252Path]) {
      const whole = await readAll(new CsvSource({ name: 'hr', path }));
      expect(whole).toHaveLength(60);
      for (const chunkBytes of [1, 2, 3, 7]) {
        const chunked = await readAll(new CsvSource({ name: 'hr', path }, { chunkBytes, sniffBytes: 40 }));
        expect(chunked).toEqual(whole);
      }
    }
  });
});

describe('CsvSource: size', () => {
  it('streams a 50,000-row file', async () => {
    const header = 'employee_id;name;email;department;cost_center;manager\n';
    const lines = Array.from({ length: 50_000 }, (_, i) => `E${i};Pessoa ${i} Conceição;p${i}@corp.example;Dept ${i % 40};CC${i % 90};E${Math.floor(i / 10)}`);
    const path = await tmp.file('big.csv', `${header}${lines.join('\n')}\n`);
    const source = new CsvSource({ name: 'hr', path, requiredColumns: ['employee_id', 'email'] });
    let count = 0;
    let last = 0;
    const read = source.read(defaultRunContext());
    let next = await read.next();
    for (; !next.done; next = await read.next()) {
      count++;
      last = next.value.line ?? 0;
    }
    expect(count).toBe(50_000);
    expect(last).toBe(50_001);
    expect(next.value).toMatchObject({ entries: 50_000, issues: [] });
  });
});
