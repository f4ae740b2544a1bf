import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { publishedSchemas, renderJsonSchema } from '../../scripts/generate-schemas.js';
import { syncConfigSchema } from '../../src/config/sync-config.js';

const schemaFile = 'schemas/deskbee-sync.schema.json';
const examples = readdirSync('.').filter((name) => /^deskbee-sync(\..+)?\.example\.yaml$/.test(name)).sort();
const jsonSchema = JSON.parse(readFileSync(schemaFile, 'utf8')) as JsonSchema;

describe('published JSON Schemas', () => {
  it('lists the configuration schema', () => {
    expect(publishedSchemas.map((entry) => entry.file)).toContain(schemaFile);
  });

  it.each(publishedSchemas.map((entry) => [entry.file, entry] as const))('%s is what scripts/generate-schemas.ts writes from the zod schema now', (file, entry) => {
    expect(readFileSync(file, 'utf8'), 'stale: run npm run generate-schemas').toBe(renderJsonSchema(entry));
  });
});

describe(`the example configurations and ${schemaFile}`, () => {
  it('finds the three shipped examples', () => {
    expect(examples).toEqual(['deskbee-sync.ad.example.yaml', 'deskbee-sync.example.yaml', 'deskbee-sync.ldap.example.yaml']);
  });

  it.each(examples)('%s names the schema on its first line, and the file is there', (file) => {
    const first = readFileSync(file, 'utf8').split('\n')[0] ?? '';
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(match?.[1]).toBe(`./${schemaFile}`);
    expect(existsSync(resolve(dirname(file), match?.[1] ?? ''))).toBe(true);
  });

  it.each(examples)('%s is valid for the zod schema and for the JSON Schema', (file) => {
    const config: unknown = parse(readFileSync(file, 'utf8'));
    const parsed = syncConfigSchema.safeParse(config);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(checkJsonSchema(jsonSchema, config)).toEqual([]);
  });

  // Edits of the main example that each side must judge alike: the JSON Schema
  // is only useful in an editor if it flags what loading the file would refuse.
  type Doc = Record<string, unknown>;
  const main = () => parse(readFileSync('deskbee-sync.example.yaml', 'utf8')) as Doc;
  const part = (doc: Doc, key: string) => doc[key] as Doc;
  const variants: Array<[string, boolean, (c: Doc) => void]> = [
    ['a section whose keys are all commented out (null)', true, (c) => { c.sync = null; }],
    ['no optional section at all', true, (c) => { delete c.deskbee; delete c.store; delete c.sync; }],
    ['a misspelled key', false, (c) => { part(c, 'sync').errorBugdet = 5; }],
    ['an unknown top-level key', false, (c) => { c.notifications = {}; }],
    ['a number given as text', false, (c) => { c.deskbee = { concurrency: 'four' }; }],
    ['a number out of range', false, (c) => { c.deskbee = { concurrency: 1000 }; }],
    ['a value outside an enum', false, (c) => { c.sync = { drift: 'newest-wins' }; }],
    ['an unknown source kind', false, (c) => { c.source = { kind: 'xml', name: 'idp', path: 'users.xml' }; }],
    ['a CSV source without a path', false, (c) => { delete part(c, 'source').path; }],
    ['a path override not starting with /', false, (c) => { c.deskbee = { paths: { userTags: 'tags' } }; }],
    ['another version', false, (c) => { c.version = 2; }],
  ];
  it.each(variants)('%s: accepted is %s by both', (_name, accepted, edit) => {
    const config = main();
    edit(config);
    expect(syncConfigSchema.safeParse(config).success).toBe(accepted);
    expect(checkJsonSchema(jsonSchema, config).length === 0).toBe(accepted);
  });
});

/** The part of JSON Schema draft 7 that the generated schemas use. */
interface JsonSchema {
  [keyword: string]: unknown;
}

// Keywords that say nothing about validity. `format` is an annotation unless a
// validator opts in, and editors differ on it, so it is not checked here.
const annotations = new Set(['$schema', 'title', 'description', 'default', 'format', 'examples']);

/**
 * A small JSON Schema check, enough for the keywords the generated schemas
 * use. It refuses a keyword it does not know, so a schema that grows a new
 * keyword fails this test instead of being half checked.
 */
function checkJsonSchema(schema: JsonSchema, value: unknown, at = ''): string[] {
  const problems: string[] = [];
  const fail = (message: string) => problems.push(`${at || '/'}: ${message}`);
  for (const [keyword, arg] of Object.entries(schema)) {
    if (annotations.has(keyword)) continue;
    switch (keyword) {
      case 'type': {
        const types = Array.isArray(arg) ? (arg as string[]) : [arg as string];
        if (!types.some((t) => typeOf(value) === t || (t === 'number' && typeOf(value) === 'integer'))) fail(`expected ${types.join(' or ')}, got ${typeOf(value)}`);
        break;
      }
      case 'const':
        if (!isDeepStrictEqual(value, arg)) fail(`expected ${JSON.stringify(arg)}`);
        break;
      case 'enum':
        if (!(arg as unknown[]).some((option) => isDeepStrictEqual(value, option))) fail(`expected one of ${JSON.stringify(arg)}`);
        break;
      case 'anyOf':
        if (!(arg as JsonSchema[]).some((branch) => checkJsonSchema(branch, value, at).length === 0)) fail('matches none of anyOf');
        break;
      case 'oneOf': {
        const matching = (arg as JsonSchema[]).filter((branch) => checkJsonSchema(branch, value, at).length === 0).length;
        if (matching !== 1) fail(`matches ${matching} of oneOf, not exactly one`);
        break;
      }
      case 'properties':
        if (typeOf(value) === 'object') {
          for (const [key, sub] of Object.entries(arg as Record<string, JsonSchema>)) {
            const v = (value as Record<string, unknown>)[key];
            if (v !== undefined) problems.push(...checkJsonSchema(sub, v, `${at}/${key}`));
          }
        }
        break;
      case 'required':
        if (typeOf(value) === 'object') for (const key of arg as string[]) if (!(key in (value as object))) fail(`missing ${key}`);
        break;
      case 'additionalProperties':
        if (typeOf(value) === 'object') {
          const known = Object.keys((schema.properties as object | undefined) ?? {});
          for (const [key, v] of Object.entries(value as object)) {
            if (known.includes(key)) continue;
            if (arg === false) fail(`unknown key ${key}`);
            else if (arg !== true) problems.push(...checkJsonSchema(arg as JsonSchema, v, `${at}/${key}`));
          }
        }
        break;
      case 'items':
        if (Array.isArray(value)) value.forEach((item, i) => problems.push(...checkJsonSchema(arg as JsonSchema, item, `${at}/${i}`)));
        break;
      case 'minItems':
        if (Array.isArray(value) && value.length < (arg as number)) fail(`fewer than ${String(arg)} items`);
        break;
      case 'minLength':
        if (typeof value === 'string' && [...value].length < (arg as number)) fail(`shorter than ${String(arg)}`);
        break;
      case 'maxLength':
        if (typeof value === 'string' && [...value].length > (arg as number)) fail(`longer than ${String(arg)}`);
        break;
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(arg as string, 'u').test(value)) fail(`does not match ${String(arg)}`);
        break;
      case 'minimum':
        if (typeof value === 'number' && value < (arg as number)) fail(`below ${String(arg)}`);
        break;
      case 'exclusiveMinimum':
        if (typeof value === 'number' && value <= (arg as number)) fail(`not above ${String(arg)}`);
        break;
      case 'maximum':
        if (typeof value === 'number' && value > (arg as number)) fail(`above ${String(arg)}`);
        break;
      default:
        throw new Error(`the JSON Schema check does not know the keyword ${keyword} (at ${at || '/'}): teach it before relying on it`);
    }
  }
  return problems;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
