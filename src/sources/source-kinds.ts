/**
 * Every source kind, the one list that configuration validation, path
 * resolution and creation go through. Adding a source is its folder and
 * one line here.
 */
import { z } from 'zod';
import { csvSourceKind } from './csv/csv-kind.js';
import { deskbirdSourceKind } from './deskbird/deskbird-kind.js';
import { ldapSourceKind } from './ldap/ldap-kind.js';
import { scimSourceKind } from './scim/scim-kind.js';
import type { Source } from './source.js';
import type { SourceDeps } from './source-kind.js';

export const sourceKinds = [csvSourceKind, ldapSourceKind, deskbirdSourceKind, scimSourceKind] as const;

/** The settings of one source, of any kind (discriminated by `kind`). */
export const sourceConfigSchema = z.discriminatedUnion('kind', [csvSourceKind.configSchema, ldapSourceKind.configSchema, deskbirdSourceKind.configSchema, scimSourceKind.configSchema] as const);

export type SourceConfig = z.output<typeof sourceConfigSchema>;

/** The kind of `config`: the discriminated union guarantees there is one. */
function kindOf(config: SourceConfig): { resolvePaths(config: SourceConfig, base: string): SourceConfig; create(config: SourceConfig, deps: SourceDeps): Source } {
  const kind = sourceKinds.find((k) => k.kind === config.kind);
  if (!kind) throw new Error(`no source kind ${config.kind}`);
  return kind as unknown as { resolvePaths(config: SourceConfig, base: string): SourceConfig; create(config: SourceConfig, deps: SourceDeps): Source };
}

/** `config` with its file paths made absolute against `base`. */
export function resolveSourcePaths(config: SourceConfig, base: string): SourceConfig {
  return kindOf(config).resolvePaths(config, base);
}

/** The source the settings describe. */
export function createSource(config: SourceConfig, deps: SourceDeps): Source {
  return kindOf(config).create(config, deps);
}
