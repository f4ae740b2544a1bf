/** The `deskbird` source kind: a deskbird account read through its Public API, for a migration. */
import { resolve } from 'node:path';
import type { z } from 'zod';
import type { SourceKind } from '../source-kind.js';
import { deskbirdSourceConfigSchema } from './deskbird-config.js';
import { DeskbirdSource } from './deskbird-source.js';

/** `kind: deskbird` settings: base URL, where the API key is kept, page size, timeout, where members are read. */
export const deskbirdKindConfigSchema = deskbirdSourceConfigSchema;

export type DeskbirdKindConfig = z.output<typeof deskbirdKindConfigSchema>;

export const deskbirdSourceKind: SourceKind<typeof deskbirdKindConfigSchema> = {
  kind: 'deskbird',
  configSchema: deskbirdKindConfigSchema,
  resolvePaths: (config, base) => (config.apiKeyFile ? { ...config, apiKeyFile: resolve(base, config.apiKeyFile) } : config),
  create: (config, deps) => new DeskbirdSource(config, { env: deps.env }),
};
