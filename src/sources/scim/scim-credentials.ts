/**
 * The credentials of a SCIM service provider: a bearer token, or a user name
 * and password, each from a file or the environment (invariant 8). The
 * Authorization header is built here once and held as a Secret.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../errors.js';
import { Secret } from '../../secret.js';
import type { ScimAuthConfig } from './scim-config.js';

/** What requests send, and where it came from for messages. */
export interface ScimCredentials {
  /** The whole Authorization header value (`Bearer …`, `Basic …`). */
  authorization: Secret;
  /** Where the secret came from, never the secret: `SCIM_TOKEN`, `file /run/secrets/scim`. */
  from: string;
  /** `bearer token` or `user name and password`, for messages. */
  what: string;
}

/** Environment variables, e.g. `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

type ReadFile = (path: string) => string;

/**
 * One value: the file `file` when set, else the file `<variable>_FILE` names,
 * else the variable itself. A file's single trailing newline is ignored.
 */
function readValue(where: string, label: string, variable: string, file: string | undefined, env: Environment, readFile: ReadFile): { value: string | undefined; from: string } {
  const fileVariable = `${variable}_FILE`;
  const named = file ?? (env[fileVariable]?.trim() || undefined);
  if (named === undefined) return { value: env[variable], from: variable };
  const from = `file ${named}${file === undefined ? ` (from ${fileVariable})` : ''}`;
  try {
    return { value: readFile(named).replace(/\r?\n$/, ''), from };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new ConfigError(`cannot read the ${label} from ${from}: ${why}.`, where);
  }
}

/**
 * Finds the credentials `auth` names.
 * @throws ConfigError when a value is missing, empty or unreadable; the message names where it was looked for.
 */
export function resolveScimCredentials(
  sourceName: string,
  auth: ScimAuthConfig,
  env: Environment,
  readFile: ReadFile = (path) => readFileSync(path, 'utf8'),
): ScimCredentials {
  const where = `SCIM source ${sourceName}`;
  if (auth.type === 'bearer') {
    const token = readValue(where, 'bearer token', auth.tokenEnv, auth.tokenFile, env, readFile);
    if (token.value === undefined || token.value.trim() === '') {
      throw new ConfigError(
        `no bearer token: ${token.from} is ${token.value === undefined ? 'not set' : 'empty'}. Set the environment variable ${auth.tokenEnv}, or name a file holding the token with ${auth.tokenEnv}_FILE or auth.tokenFile.`,
        where,
      );
    }
    return { authorization: new Secret(`Bearer ${token.value.trim()}`), from: token.from, what: 'bearer token' };
  }
  const user = readValue(where, 'user name', auth.userEnv, auth.userFile, env, readFile);
  const password = readValue(where, 'password', auth.passwordEnv, auth.passwordFile, env, readFile);
  const missing = [
    user.value ? undefined : `the user name (${user.from})`,
    password.value ? undefined : `the password (${password.from})`,
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0 || user.value === undefined || password.value === undefined) {
    throw new ConfigError(
      `basic authentication needs a user name and a password; ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set. Set ${auth.userEnv} and ${auth.passwordEnv} (or ${auth.userEnv}_FILE / ${auth.passwordEnv}_FILE, or auth.userFile / auth.passwordFile).`,
      where,
    );
  }
  if (user.value.includes(':')) throw new ConfigError(`the user name from ${user.from} contains ':', which basic authentication cannot carry.`, where);
  const encoded = Buffer.from(`${user.value}:${password.value}`, 'utf8').toString('base64');
  return { authorization: new Secret(`Basic ${encoded}`), from: `${user.from} and ${password.from}`, what: 'user name and password' };
}
