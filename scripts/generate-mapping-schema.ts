/**
 * Writes mappings/mapping.schema.json from the mapping's zod schema.
 * Run after changing src/mapping/mapping-schema.ts:
 *   npx tsx scripts/generate-mapping-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderMappingJsonSchema } from '../src/mapping/mapping-json-schema.js';

const target = fileURLToPath(new URL('../mappings/mapping.schema.json', import.meta.url));
writeFileSync(target, renderMappingJsonSchema());
process.stdout.write(`wrote ${target}\n`);
