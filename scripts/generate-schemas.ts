/**
 * Writes every JSON Schema the package publishes, each generated from the zod
 * schema that the code itself validates with, so that editors (through a
 * `# yaml-language-server: $schema=…` first line) complete and check keys as
 * they are typed. Run after changing one of the zod schemas listed below:
 *   npm run generate-schemas
 * test/config/config-json-schema.test.ts fails while a written file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { syncConfigSchema } from '../src/config/sync-config.js';
import { mappingSchema } from '../src/mapping/mapping-schema.js';
import { applyDocumentSchema, planSchema } from '../src/plan/plan-schema.js';

/** One published schema file. */
export interface PublishedSchema {
  /** Path of the file, relative to the package folder. */
  file: string;
  /** The zod schema it is generated from. */
  schema: z.ZodType;
  /**
   * Which side of the zod schema to describe. Default `input`: what a person
   * writes, so keys with defaults are optional. `output` suits files that
   * deskbee-sync writes and other tools read.
   */
  io?: 'input' | 'output';
}

/** Every schema the package publishes. Adding one is one line here. */
export const publishedSchemas: readonly PublishedSchema[] = [
  { file: 'mappings/mapping.schema.json', schema: mappingSchema },
  { file: 'schemas/deskbee-sync.schema.json', schema: syncConfigSchema },
  { file: 'schemas/plan.schema.json', schema: planSchema, io: 'output' },
  { file: 'schemas/apply-result.schema.json', schema: applyDocumentSchema, io: 'output' },
];

/** The exact text of a schema file. Draft 7: the draft editors' YAML support reads best. */
export function renderJsonSchema(entry: PublishedSchema): string {
  const json = z.toJSONSchema(entry.schema, { io: entry.io ?? 'input', target: 'draft-7', override: acceptNullWherePreprocessDoes });
  return `${JSON.stringify(json, null, 2)}\n`;
}

/**
 * zod cannot see what a `z.preprocess` function accepts, so it describes only
 * the schema after it. The configuration preprocesses its sections so that a
 * section whose keys are all commented out (YAML null) reads as absent; without
 * this, editors would flag such a section, as in deskbee-sync.example.yaml.
 * Asking the zod schema itself keeps the JSON Schema from claiming more.
 */
function acceptNullWherePreprocessDoes(ctx: { zodSchema: z.core.$ZodType; jsonSchema: Record<string, unknown> }): void {
  const { zodSchema, jsonSchema } = ctx;
  if (!(zodSchema instanceof z.ZodPipe) || !(zodSchema.in instanceof z.ZodTransform)) return;
  if (!acceptsNull(zodSchema)) return;
  const { description, default: defaultValue, ...rest } = jsonSchema;
  for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
  if (description !== undefined) jsonSchema.description = description;
  if (defaultValue !== undefined) jsonSchema.default = defaultValue;
  jsonSchema.anyOf = [rest, { type: 'null' }];
}

function acceptsNull(schema: z.ZodType): boolean {
  try {
    return schema.safeParse(null).success;
  } catch {
    return false; // a preprocess function that throws on null does not accept it
  }
}

/** Writes every published schema under `root` (the package folder); returns the paths written. */
export function writePublishedSchemas(root: string): string[] {
  return publishedSchemas.map((entry) => {
    const target = resolve(root, entry.file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, renderJsonSchema(entry));
    return target;
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  for (const path of writePublishedSchemas(root)) process.stdout.write(`wrote ${path}\n`);
}
