/**
 * A source kind describes itself: its name in the configuration, the zod
 * schema of its settings, how relative paths in them resolve, and how a
 * source is made from them. `source-kinds.ts` lists every kind; config
 * validation, path resolution and creation go through that list, so adding
 * a source is its folder plus one line there.
 */
import type { z } from 'zod';
import type { Source } from './source.js';

/** What creating a source may use besides its settings. */
export interface SourceDeps {
  /** Where secrets named by the settings are read (`LDAP_BIND_PASSWORD`, `SCIM_TOKEN`, …). */
  env: NodeJS.ProcessEnv;
  /** Attributes the mapping cannot do without; a source that can check them before reading does. */
  requiredAttributes: string[];
}

/** The zod schema of one kind's settings: an object with its `kind` literal and a `name`. */
export type SourceKindSchema = z.ZodObject<{ kind: z.ZodLiteral<string>; name: z.ZodType<string> }>;

/** One kind of source (`csv`, `ldap`, `scim`, `deskbird`). */
export interface SourceKind<S extends SourceKindSchema = SourceKindSchema> {
  /** The settings' `kind`. */
  readonly kind: z.output<S>['kind'];
  /** The settings as written in the configuration, `kind` and `name` included; unknown keys rejected. */
  readonly configSchema: S;
  /** The settings with every file path made absolute against `base` (the configuration file's folder). */
  resolvePaths(config: z.output<S>, base: string): z.output<S>;
  /** A source reading what the settings say. Throws ConfigError for settings that cannot work (a missing secret). */
  create(config: z.output<S>, deps: SourceDeps): Source;
}
