import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadMapping, MappingError, parseMapping } from '../../src/mapping/index.js';
import { hrMappingYaml } from './mapping-builders.js';

/** 1-based line and column of the n-th occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string, occurrence = 1): { line: number; col: number } {
  let at = -1;
  for (let i = 0; i < occurrence; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, col: (before.at(-1) ?? '').length + 1 };
}

function problemsOf(text: string, file = 'mappings/hr.yaml'): MappingError {
  try {
    parseMapping(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    expect(error).toBeInstanceOf(ConfigError);
    return error as MappingError;
  }
  throw new Error('the mapping was accepted');
}

/** The valid HR mapping with `from` replaced by `to` (which must occur). */
function edited(from: string, to: string): string {
  expect(hrMappingYaml).toContain(from);
  return hrMappingYaml.replace(from, to);
}

describe('parseMapping accepts a valid mapping', () => {
  it('fills defaults', () => {
    const m = parseMapping(hrMappingYaml, 'test/hr.yaml');
    expect(m.version).toBe(1);
    expect(m.tagAccess).toBe('private');
    expect(m.managed.tags).toBe('none');
    expect(m.managed.squads).toBe('all');
    expect(m.fields.email.transforms).toEqual(['trim', 'lower']);
    expect(m.fields.name.transforms).toEqual(['trim']);
  });
});

describe('mapping errors point at file:line:col (key)', () => {
  it('an unknown transform, with the known ones', () => {
    const text = edited('transforms: [trim, lower] }', 'transforms: [trim, lowr] }');
    const error = problemsOf(text);
    const { line, col } = positionOf(text, 'lowr');
    expect(error.problems).toHaveLength(1);
    expect(error.message).toBe(
      `mappings/hr.yaml:${line}:${col} (fields.email.transforms[1]): unknown transform 'lowr' (did you mean 'lower'?); ` +
        'known: trim, lower, upper, first, guid, hex, base64, replace, default, split, lookup',
    );
    expect(error.location).toBe(`mappings/hr.yaml:${line}:${col} (fields.email.transforms[1])`);
    expect(error.exitCode).toBe(3);
  });

  it('an unknown transform written as an object', () => {
    const text = edited('[{ split: "|" }, trim]', '[{ spilt: "|" }, trim]');
    const { line, col } = positionOf(text, 'spilt');
    expect(problemsOf(text).message).toMatch(
      new RegExp(`^mappings/hr\\.yaml:${line}:${col} \\(fields\\.squads\\.transforms\\[0\\]\\.spilt\\): unknown transform 'spilt' \\(did you mean 'split'\\?\\)`),
    );
  });

  it('an unknown key, at the key, with a suggestion', () => {
    const text = edited('match: [enrollment, email]', 'matches: [enrollment, email]');
    const error = problemsOf(text);
    const { line, col } = positionOf(text, 'matches');
    expect(error.problems[0]).toMatchObject({ line, col, path: 'matches' });
    expect(error.message).toContain("unknown key 'matches' (did you mean 'match'?); allowed here: version, source, externalId, match, fields");
  });

  it('a misspelt key inside an expression, with the missing input reported too', () => {
    const text = edited('email: { from: email,', 'email: { form: email,');
    const error = problemsOf(text);
    const at = positionOf(text, 'form: email');
    expect(error.problems.map((p) => p.path)).toEqual(['fields.email', 'fields.email.form']);
    expect(error.problems[1]).toMatchObject({ line: at.line, col: at.col });
    expect(error.problems[1]?.message).toContain("unknown key 'form' (did you mean 'from'?)");
    expect(error.problems[0]?.message).toContain('say where the value comes from');
  });

  it('a regular expression that does not compile', () => {
    const text = edited('[{ split: "|" }, trim]', '[{ replace: { pattern: "team-(", with: "" } }]');
    const error = problemsOf(text);
    const { line, col } = positionOf(text, '"team-("');
    expect(error.problems).toEqual([
      expect.objectContaining({ line, col, path: 'fields.squads.transforms[0].replace.pattern' }),
    ]);
    expect(error.message).toMatch(/the regular expression does not compile: .*Unterminated group/);
  });

  it('a managed-squads pattern that does not compile', () => {
    const text = edited('squads: all', 'squads: { pattern: "[a-" }');
    expect(problemsOf(text).problems[0]).toMatchObject({ path: 'managed.squads.pattern', ...positionOf(text, '"[a-"') });
  });

  it('a version this code does not read', () => {
    const text = edited('version: 1', 'version: 2');
    const error = problemsOf(text);
    expect(error.problems).toHaveLength(1);
    expect(error.message).toMatch(/^mappings\/hr\.yaml:1:10 \(version\): mapping version 2 is not supported: this deskbee-sync reads version 1/);
  });

  it('a missing version', () => {
    expect(problemsOf(edited('version: 1\n', '')).message).toBe("mappings/hr.yaml:1:1: version is missing: a mapping file starts with 'version: 1'");
  });

  it('a value of the wrong type', () => {
    const text = edited('fields: [name, email, enrollment, status, squads, costCenter, tags]', 'fields: name');
    const error = problemsOf(text);
    expect(error.problems[0]).toMatchObject({ path: 'managed.fields', ...positionOf(text, 'name\n') });
    expect(error.problems[0]?.message).toBe("fields must be a list, not the text 'name'");
  });

  it('a bare attribute name where an expression belongs, with the fix', () => {
    const text = edited('enrollment: { from: employee_id, transforms: [trim] }', 'enrollment: employee_id');
    expect(problemsOf(text).problems[0]?.message).toBe(
      "enrollment must be keys and values (key: value), not the text 'employee_id'; to read the attribute employee_id, write { from: employee_id }",
    );
  });

  it('a missing required field, at its parent', () => {
    const text = edited('  email: { from: email, transforms: [trim, lower] }\n', '');
    const error = problemsOf(text);
    expect(error.problems[0]).toMatchObject({ path: 'fields.email', message: "missing required key 'email'", ...positionOf(text, 'fields:') });
  });

  it('a managed field that is not mapped', () => {
    const text = edited('costCenter, tags]', 'costCenter, tags, identifier]');
    const error = problemsOf(text);
    expect(error.problems[0]).toMatchObject({ path: 'managed.fields[7]', ...positionOf(text, 'identifier') });
    expect(error.message).toContain('identifier is listed as managed but fields.identifier is not mapped');
  });

  it('a match key that is not mapped, and an unknown field name', () => {
    expect(problemsOf(edited('match: [enrollment, email]', 'match: [identifier]')).problems[0]).toMatchObject({ path: 'match[0]' });
    const unknown = problemsOf(edited('status, squads, costCenter', 'statuss, squads, costCenter'));
    expect(unknown.problems[0]?.message).toContain("the text 'statuss' is not allowed here (did you mean 'status'?); use one of: name, email");
  });

  it('required fields cannot be optional', () => {
    const text = edited('email: { from: email,', 'email: { optional: true, from: email,');
    expect(problemsOf(text).problems[0]).toMatchObject({ path: 'fields.email.optional', ...positionOf(text, 'true') });
  });

  it('two inputs in one expression, two transforms in one item', () => {
    expect(problemsOf(edited('{ from: email,', '{ from: email, value: x,')).message).toContain('from and value cannot be used together');
    expect(problemsOf(edited('{ split: "|" }', '{ split: "|", default: x }')).message).toContain('default and split must be separate items');
  });

  it('a malformed template', () => {
    const text = edited('"{first_name} {last_name}"', '"{first_name {last_name}"');
    expect(problemsOf(text).problems[0]).toMatchObject({ path: 'fields.name.template' });
  });

  it('a bad name matcher, listing the forms', () => {
    const error = problemsOf(edited('squads: all', 'squads: { prefx: "HR " }'));
    expect(error.message).toContain("(did you mean 'prefix'?); expected all, none, groups");
    expect(error.message).toContain('{names: [...]}, {prefix');
    expect(problemsOf(edited('squads: all', 'squads: some')).message).toContain("the text 'some' is not allowed here; expected all, none");
  });

  it('YAML syntax errors and duplicate keys', () => {
    const dup = edited('source: hr-csv\n', 'source: hr-csv\nsource: other\n');
    expect(problemsOf(dup).message).toBe(`mappings/hr.yaml:${positionOf(dup, 'source', 2).line}:1: the key 'source' appears twice in the same place; keep one`);
    expect(problemsOf(`${hrMappingYaml}extra: [1, 2\n`).message).toMatch(/YAML syntax/);
    expect(problemsOf('').message).toContain('the mapping file is empty');
    expect(problemsOf('- a\n').message).toContain('not a list');
  });

  it('reports every problem, in file order', () => {
    const text = edited('transforms: [trim, lower] }', 'transforms: [trim, lowr] }').replace('tags: { from: tags', 'tag: { from: tags');
    const error = problemsOf(text);
    expect(error.problems.map((p) => p.path)).toEqual(['fields.email.transforms[1]', 'fields.tag']);
    expect(error.message.split('\n')).toHaveLength(2);
  });
});

describe('loadMapping', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mapping-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file, and names it in errors', async () => {
    const good = join(dir, 'good.yaml');
    await writeFile(good, `\uFEFF${hrMappingYaml}`);
    expect((await loadMapping(good)).source).toBe('hr-csv');

    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, edited('version: 1', 'version: 3'));
    await expect(loadMapping(bad)).rejects.toThrow(`${bad}:1:10 (version): mapping version 3 is not supported`);
  });

  it('says when the file does not exist', async () => {
    const missing = join(dir, 'nope.yaml');
    await expect(loadMapping(missing)).rejects.toThrow(`${missing}: cannot read the mapping file: the file does not exist`);
  });
});
