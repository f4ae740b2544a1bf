/** The `csv` source kind: an HR export file. */
import { resolve } from 'node:path';
import { z } from 'zod';
import type { SourceKind } from '../source-kind.js';
import { CsvSource } from './csv-source.js';
import { csvSourceConfigSchema } from './csv-source-config.js';

/** `kind: csv` settings: the file, its encoding, delimiter and quote. Required columns come from the mapping. */
export const csvKindConfigSchema = csvSourceConfigSchema.omit({ requiredColumns: true }).extend({ kind: z.literal('csv') });

export type CsvKindConfig = z.output<typeof csvKindConfigSchema>;

export const csvSourceKind: SourceKind<typeof csvKindConfigSchema> = {
  kind: 'csv',
  configSchema: csvKindConfigSchema,
  resolvePaths: (config, base) => ({ ...config, path: resolve(base, config.path) }),
  create: ({ kind: _kind, ...config }, deps) => new CsvSource({ ...config, requiredColumns: deps.requiredAttributes }),
};
