/**
 * The bind account of an LDAP source: its DN from the configuration or the
 * environment, its password from the environment or a file (invariant 8:
 * never from the configuration or the command line).
 */
import { readFileSync } from 'node:fs';
import { Secret } from '../../config/secret.js';
import { ConfigError } from '../../errors.js';
import type { LdapSourceConfig } from './ldap-config.js';

/** Who the source binds as. */
export type BindCredentials =
  | { anonymous: true }
  | {
      anonymous: false;
      dn: string;
      password: Secret;
      /** Where the password came from, for messages: `LDAP_BIND_PASSWORD`, `file /run/secrets/ldap`. */
      passwordFrom: string;
    };

/** Environment variables, e.g. `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Finds the bind DN and password. The password is read from, in order: the
 * file `bindPasswordFile`, the file named by `<bindPasswordEnv>_FILE`, the
 * variable `<bindPasswordEnv>`. A file's single trailing newline is ignored.
 * No DN and no password means an anonymous bind.
 * @throws ConfigError when only one of DN and password is given, a password
 * file cannot be read, or the password is empty (an empty password makes a
 * simple bind "unauthenticated", which many servers accept without checking
 * anything, so it is refused here).
 */
export function resolveBindCredentials(config: LdapSourceConfig, env: Environment, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): BindCredentials {
  const where = `LDAP source ${config.name}`;
  const dn = config.bindDn ?? nonEmpty(env[config.bindDnEnv]);
  const fileVariable = `${config.bindPasswordEnv}_FILE`;
  const file = config.bindPasswordFile ?? nonEmpty(env[fileVariable]);
  let password: string | undefined;
  let passwordFrom: string;
  if (file !== undefined) {
    passwordFrom = `file ${file}${config.bindPasswordFile === undefined ? ` (from ${fileVariable})` : ''}`;
    try {
      password = readFile(file).replace(/\r?\n$/, '');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ConfigError(
        `cannot read the bind password ${passwordFrom}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}.`,
        where,
      );
    }
  } else {
    passwordFrom = config.bindPasswordEnv;
    password = env[config.bindPasswordEnv];
  }
  if (dn === undefined && password === undefined) return { anonymous: true };
  if (dn === undefined) {
    throw new ConfigError(
      `a bind password is set (${passwordFrom}) but no bind DN: set bindDn in the configuration or the environment variable ${config.bindDnEnv}.`,
      where,
    );
  }
  if (password === undefined) {
    throw new ConfigError(
      `the bind DN "${dn}" has no password: set the environment variable ${config.bindPasswordEnv}, or name a file holding it with ${fileVariable} or bindPasswordFile.`,
      where,
    );
  }
  if (password === '') {
    throw new ConfigError(
      `the bind password for "${dn}" (${passwordFrom}) is empty. An empty password turns a simple bind into an unauthenticated one, which many servers accept without checking anything; set the real password.`,
      where,
    );
  }
  return { anonymous: false, dn, password: new Secret(password), passwordFrom };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
