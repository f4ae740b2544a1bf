/**
 * The deskbird API key: from a file or the environment, never from the
 * configuration or the command line (invariant 8), and held as a Secret
 * from the moment it is read.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../errors.js';
import { Secret } from '../../secret.js';
import type { DeskbirdSourceConfig } from './deskbird-config.js';

/** The key and where it came from (`DESKBIRD_API_KEY`, `file /run/secrets/deskbird`), for messages. */
export interface DeskbirdApiKey {
  key: Secret;
  from: string;
}

/**
 * Reads the key from, in order: `apiKeyFile`, the file named by
 * `<apiKeyEnv>_FILE`, the variable `<apiKeyEnv>`.
 * @throws ConfigError when there is none, the file cannot be read, or it is empty.
 */
export function resolveDeskbirdApiKey(
  config: Pick<DeskbirdSourceConfig, 'name' | 'apiKeyEnv' | 'apiKeyFile'>,
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): DeskbirdApiKey {
  const where = `deskbird source ${config.name}`;
  const fileVariable = `${config.apiKeyEnv}_FILE`;
  const file = config.apiKeyFile ?? (env[fileVariable]?.trim() || undefined);
  let value: string | undefined;
  let from: string;
  if (file !== undefined) {
    from = `file ${file}${config.apiKeyFile === undefined ? ` (from ${fileVariable})` : ''}`;
    try {
      value = readFile(file).replace(/\r?\n$/, '');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ConfigError(`cannot read the API key ${from}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable')}.`, where);
    }
  } else {
    from = config.apiKeyEnv;
    value = env[config.apiKeyEnv];
  }
  if (value === undefined) {
    throw new ConfigError(
      `no deskbird API key: set the environment variable ${config.apiKeyEnv}, or name a file holding it with ${fileVariable} or apiKeyFile. An admin of the deskbird account creates the key.`,
      where,
    );
  }
  if (value.trim() === '') throw new ConfigError(`the deskbird API key (${from}) is empty.`, where);
  return { key: new Secret(value.trim()), from };
}
