import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { CsvSource } from '../../../src/sources/csv/index.js';
import { defaultRunContext } from '../../../src/context/run-context.js';
import { summarized } from '../../../src/sources/source.js';
import { cp1252, readFailure, useTempDir } from './csv-test-files.js';

const tmp = useTempDir();

/** Reads `content` as source `hr` and returns the SourceError it must end with. */
async function failureOf(content: string | Uint8Array, options: { requiredColumns?: string[]; encoding?: 'utf-8' | 'windows-1252' | 'auto'; sniffBytes?: number; chunkBytes?: number; requireFinalLineBreak?: boolean } = {}) {
  const { sniffBytes, chunkBytes, ...config } = options;
  const path = await tmp.file('bad.csv', content);
  const source = new CsvSource({ name: 'hr', path, ...config }, { sniffBytes, chunkBytes });
  const { error, yielded } = await readFailure(source);
  expect(error).toBeInstanceOf(SourceError);
  expect((error as SourceError).source).toBe('hr');
  expect(error.message).toContain(path);
  return { message: error.message, yielded };
}

describe('CsvSource: the file itself', () => {
  it('names a missing file', async () => {
    const path = await tmp.file('present.csv', 'id\n1\n');
    const source = new CsvSource({ name: 'hr', path: path.replace('present', 'absent') });
    const { error } = await readFailure(source);
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toMatch(/absent\.csv does not exist/);
  });

  it('names a path that is a directory', async () => {
    const path = await tmp.file('x.csv', 'id\n1\n');
    const { error } = await readFailure(new CsvSource({ name: 'hr', path: path.replace(/[/\\]x\.csv$/, '') }));
    expect(error.message).toMatch(/is a directory/);
  });

  it('refuses an empty file, and one of blank lines', async () => {
    for (const content of ['', '\n\r\n  \n']) {
      const { message } = await failureOf(content);
      expect(message).toMatch(/is empty: it has no rows; refusing to continue, since an empty source would look like everyone left/);
    }
  });

  it('refuses a file that may have been cut off: no line break after its last row', async () => {
    const cut = await failureOf('id,name\n1,Ana\n2,Bru', { chunkBytes: 4 });
    expect(cut.message).toMatch(/may have been cut off while it was written or copied: no line break ends its last row \(line 3\); refusing to continue, since the people after a cut would look like leavers\. .*set requireFinalLineBreak: false on the source\./);
    const short = await failureOf('id,name,email\n1,Ana,ana@x.io\n2,Bruno', { requireFinalLineBreak: false });
    expect(short.message).toMatch(/its last row \(line 3\) has fewer fields than the header and no line break after it/);
  });

  it('reads a file with no final line break when told its writer never writes one', async () => {
    const path = await tmp.file('no-eol.csv', 'id,name\n1,Ana\n2,Bruno');
    const entries = [];
    const source = new CsvSource({ name: 'hr', path, requireFinalLineBreak: false });
    for await (const entry of summarized(source, defaultRunContext()).entries) entries.push(entry);
    expect(entries.map((e) => e.attributes.name)).toEqual([['Ana'], ['Bruno']]);
  });

  it('refuses a file with a header and no rows', async () => {
    for (const content of ['id,name\n', 'id,name', 'id,name\n\n,\n']) {
      const { message } = await failureOf(content);
      expect(message).toMatch(/has a header \(line 1\) but no rows; refusing to continue, since an empty source would look like everyone left/);
    }
  });

  it('refuses a file whose every row is left out, quoting the first problem', async () => {
    const { message, yielded } = await failureOf('id,name\n1\n2,a,b\n');
    expect(yielded).toBe(0);
    expect(message).toMatch(/no usable rows: all 2 of them have problems \(the first, line 2: has 1 field where the header has 2/);
  });
});

describe('CsvSource: the header', () => {
  it('names a missing required column and lists the columns found, before any row', async () => {
    const { message, yielded } = await failureOf('id;name;mail\n1;Ana;a@x\n', { requiredColumns: ['id', 'email'] });
    expect(yielded).toBe(0);
    expect(message).toMatch(/lacks the required column "email"/);
    expect(message).toContain('Columns found: "id", "name", "mail".');
    expect(message).not.toMatch(/did you mean/);
  });

  it('suggests a column that differs only by case, spacing or accents', async () => {
    const { message } = await failureOf('Employee ID,E-Mail,Matricula,NAME\n1,a@x,9,Ana\n', {
      requiredColumns: ['employee_id', 'email', 'Matrícula', 'cost center', 'name'],
    });
    expect(message).toMatch(/lacks the required columns "employee_id", "email", "Matrícula", "cost center", which/);
    expect(message).toContain('for "employee_id", did you mean "Employee ID"?');
    expect(message).toContain('for "email", did you mean "E-Mail"?');
    expect(message).toContain('for "Matrícula", did you mean "Matricula"?');
    expect(message).not.toContain('for "cost center"');
  });

  it('names duplicate column names and their positions, ignoring case', async () => {
    const { message, yielded } = await failureOf('id,email,name, email ,ID,Email\n1,a,b,c,d,e\n');
    expect(yielded).toBe(0);
    expect(message).toContain('names columns more than once: "id" / "ID" (columns 1, 5); "email" / "Email" (columns 2, 4, 6).');
  });
});

describe('CsvSource: structure', () => {
  it('fails on a quote that is never closed, naming the line where it opens', async () => {
    const content = 'id,name\n1,"multi\nline"\n2,Bruno\n3,"Carla\n4,Davi\n5,Eva\n';
    const { message } = await failureOf(content);
    expect(message).toMatch(/cannot be split into rows at line 5: a quoted field starts on that line and is never closed/);
  });

  it('bounds the row a never-closed quote makes of the rest of a big file', async () => {
    const content = `id,name\n1,Ana\n2,"Bruno\n${'3,Carla\n'.repeat(150_000)}`;
    const { message } = await failureOf(content);
    expect(message).toMatch(/at line 3: the row starting there is longer than 1,000,000 characters. Usually a quote is opened and never closed/);
  });

  it('fails on a quote inside an unquoted value, naming line and column', async () => {
    const { message } = await failureOf('id,name\r\n1,"a\r\nb"\r\n2,Ana "Nina" Souza\r\n');
    expect(message).toMatch(/at line 4: a double quote appears inside a value that does not start with one \(column "name"\)/);
  });

  it('fails on characters after a closing quote', async () => {
    const { message } = await failureOf('id,name\n1,"Ana" Souza\n');
    expect(message).toMatch(/at line 2: a quoted value \(column "name"\) is followed by more characters/);
  });
});

describe('CsvSource: encodings that cannot be read', () => {
  it('stops a file guessed as UTF-8 at the first byte that is not, naming the line and the setting to change', async () => {
    const head = 'id;name\n' + Array.from({ length: 40 }, (_, i) => `${i};Name ${i}\n`).join('');
    const content = Buffer.concat([Buffer.from(head), cp1252('40;José\n41;Ana\n')]);
    const { message } = await failureOf(content, { sniffBytes: 64, chunkBytes: 16 });
    expect(message).toMatch(/was being read as UTF-8 because its beginning is plain ASCII, but line 42 has a byte \(0xE9\) that is not valid UTF-8/);
    expect(message).toContain('set `encoding: windows-1252`');
  });

  it('says so when the encoding is set to UTF-8 and the file is not', async () => {
    const { message } = await failureOf(cp1252('id;name\r\n1;Müller\r\n'), { encoding: 'utf-8' });
    expect(message).toMatch(/is not valid UTF-8 on line 2 \(byte 0xFC\), although source hr is set to read it as UTF-8/);
  });

  it('fails on a UTF-8 file cut inside a character', async () => {
    const bytes = Buffer.from('id;name\n1;José');
    const { message } = await failureOf(bytes.subarray(0, bytes.length - 1), { sniffBytes: 4 });
    expect(message).toMatch(/line 2 has a byte \(0xC3\) that is not valid UTF-8/);
  });

  it('refuses a head that mixes UTF-8 with another encoding rather than garble names', async () => {
    const content = Buffer.concat([Buffer.from('id;name\n1;Conceição\n'), cp1252('2;Müller\n')]);
    const { message } = await failureOf(content);
    expect(message).toMatch(/mixes encodings: line 2 has UTF-8 text, but line 3 has a byte \(0xFC\) that is not UTF-8/);
  });

  it('refuses to read a file with a UTF-8 byte-order mark as Windows-1252', async () => {
    const { message } = await failureOf('\uFEFFid;name\n1;José\n', { encoding: 'windows-1252' });
    expect(message).toMatch(/starts with a UTF-8 byte-order mark, so it is UTF-8, but source hr is set to read it as windows-1252/);
  });

  it('refuses UTF-16 with a clear word', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id\tname\r\n1\tAna\r\n', 'utf16le')]);
    const { message } = await failureOf(utf16);
    expect(message).toMatch(/is encoded in UTF-16 LE .* Save it as "CSV UTF-8"/);
  });
});
