/**
 * Secrets of the notification receivers (a webhook's signing secret or URL,
 * an SMTP user and password): from a file, or an environment variable, or a
 * file that `<VARIABLE>_FILE` names; never from the configuration file.
 * Held as a Secret from the moment they are read.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { Secret } from '../secret.js';

/** Environment variables, e.g. `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Reads a file's text; injectable for tests. */
export type ReadFile = (path: string) => string;

export const readFileText: ReadFile = (path) => readFileSync(path, 'utf8');

/** Where a secret is looked for. */
export interface SecretPlace {
  /** Who needs it, for messages: `notify.webhook`. */
  where: string;
  /** What it is, for messages: `signing secret`. */
  label: string;
  /** The variable; `<variable>_FILE` may name a file instead. Default: none (then `file` must be given). */
  variable?: string;
  /** A file named in the configuration; wins over the variables. */
  file?: string;
}

/** A secret that was found, and where (never the secret): `DESKBEE_SYNC_SMTP_PASSWORD`, `file /run/secrets/smtp`. */
export interface FoundSecret {
  value: Secret;
  from: string;
}

/**
 * The secret at `place`, or undefined when neither the file nor the
 * variables are set. A file's single trailing newline is ignored.
 * @throws ConfigError when the file cannot be read, or the value is empty.
 */
export function findSecret(place: SecretPlace, env: Environment, readFile: ReadFile = readFileText): FoundSecret | undefined {
  const fileVariable = `${place.variable}_FILE`;
  const file = place.file ?? (place.variable === undefined ? undefined : env[fileVariable]?.trim() || undefined);
  let text: string | undefined;
  let from: string;
  if (file !== undefined) {
    from = `file ${file}${place.file === undefined ? ` (from ${fileVariable})` : ''}`;
    try {
      text = readFile(file).replace(/\r?\n$/, '');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
      throw new ConfigError(`cannot read the ${place.label} from ${from}: ${why}.`, place.where);
    }
  } else {
    if (place.variable === undefined) return undefined;
    from = place.variable;
    text = env[place.variable];
    if (text === undefined) return undefined;
  }
  if (text.trim() === '') throw new ConfigError(`the ${place.label} (${from}) is empty.`, place.where);
  return { value: new Secret(text.trim()), from };
}

/** As `findSecret`, for a secret that must be there. */
export function requireSecret(place: SecretPlace, env: Environment, readFile: ReadFile = readFileText): FoundSecret {
  const found = findSecret(place, env, readFile);
  if (found) return found;
  throw new ConfigError(`no ${place.label}: set the environment variable ${place.variable ?? '(none named)'}, or name a file holding it with ${place.variable ?? 'the'}_FILE.`, place.where);
}

/** Whether `host` is this machine (plain protocols are accepted there only). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}
