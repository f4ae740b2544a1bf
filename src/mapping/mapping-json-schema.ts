/**
 * The JSON Schema of mapping files, generated from the zod schema so that
 * editors (through `# yaml-language-server: $schema=./mapping.schema.json`)
 * complete and check keys as they are typed. Written to
 * `mappings/mapping.schema.json` by `scripts/generate-schemas.ts`.
 */
import { z } from 'zod';
import { mappingSchema } from './mapping-schema.js';

/** The schema as an object. Draft 7: the draft editors' YAML support reads best. */
export function mappingJsonSchema(): Record<string, unknown> {
  // io 'input': what a person writes, so keys with defaults are optional.
  return z.toJSONSchema(mappingSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
}

/** The schema file's exact text. */
export function renderMappingJsonSchema(): string {
  return `${JSON.stringify(mappingJsonSchema(), null, 2)}\n`;
}
