import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { Secret } from '../config/secret.js';
import type { RateOptions } from './rate-limiter.js';
import type { DeskbeeResourcePaths } from './resource-paths.js';
import { defaultBaseUrl } from './resource-paths.js';
import type { RetryPolicy } from './retry-policy.js';
import type { DeskbeeCredentials } from './token-provider.js';

/** Most requests in flight at once when not configured. */
export const defaultClientConcurrency = 64;

/** Everything a `DeskbeeClient` can be given; only `credentials` is required. */
export interface DeskbeeClientOptions {
  credentials: DeskbeeCredentials;
  /** Default `https://api.deskbee.io/v1.1`. Plain http is refused except on loopback. */
  baseUrl?: string;
  /** Overrides of the resource paths (cost centers and user tags are guesses). */
  paths?: Partial<DeskbeeResourcePaths>;
  /** Milliseconds before one request is abandoned. Default 30,000. */
  timeoutMs?: number;
  /**
   * Most requests in flight at once. Fewer are used when the rate and the
   * latency observed need fewer (twice rate x latency, plus four). Default 64.
   */
  concurrency?: number;
  /**
   * How the request rate is found and held (src/deskbee/rate-limiter.ts).
   * Default: 10 per second at start, no ceiling, counted over 1 s windows,
   * held at 0.95 of the measured limit.
   */
  rate?: Partial<RateOptions>;
  retry?: Partial<RetryPolicy>;
  /** Users per bulk membership call. Default 250. */
  membershipBatchSize?: number;
  /** Random numbers for jitter; injectable for tests. Default Math.random. */
  random?: () => number;
}

/** Where a variable may come from: its own value, or a file named by `<NAME>_FILE`. */
function readVariable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name];
  if (direct !== undefined && direct !== '') return direct.trim();
  const file = env[`${name}_FILE`];
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`${name}_FILE names ${file}, which cannot be read (${code}).`);
  }
}

/**
 * Credentials and base URL from the environment: `DESKBEE_CLIENT_ID`,
 * `DESKBEE_CLIENT_SECRET` (or `DESKBEE_CLIENT_ID_FILE`,
 * `DESKBEE_CLIENT_SECRET_FILE`), optional `DESKBEE_SCOPE` and
 * `DESKBEE_BASE_URL`. Never from command-line arguments.
 */
export function clientOptionsFromEnv(env: NodeJS.ProcessEnv): Pick<DeskbeeClientOptions, 'credentials' | 'baseUrl'> {
  const clientId = readVariable(env, 'DESKBEE_CLIENT_ID');
  const clientSecret = readVariable(env, 'DESKBEE_CLIENT_SECRET');
  const missing = [clientId ? undefined : 'DESKBEE_CLIENT_ID', clientSecret ? undefined : 'DESKBEE_CLIENT_SECRET'].filter(Boolean);
  if (!clientId || !clientSecret) {
    throw new ConfigError(
      `Deskbee credentials are missing: set ${missing.join(' and ')} in the environment (or ${missing.map((m) => `${m}_FILE`).join(' / ')} naming a file that holds the value). They are the Client ID and Client Secret shown in Deskbee's panel under Integrations > ClientApi.`,
    );
  }
  const scope = readVariable(env, 'DESKBEE_SCOPE');
  const baseUrl = readVariable(env, 'DESKBEE_BASE_URL');
  return {
    credentials: { clientId, clientSecret: new Secret(clientSecret), ...(scope ? { scope } : {}) },
    ...(baseUrl ? { baseUrl } : {}),
  };
}

/** Checks the base URL: absolute, https (or http on loopback only), no credentials in it. */
export function parseBaseUrl(raw: string = defaultBaseUrl): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`DESKBEE_BASE_URL "${raw}" is not an absolute URL such as ${defaultBaseUrl}.`);
  }
  if (url.username || url.password) throw new ConfigError('DESKBEE_BASE_URL must not hold a user name or password.');
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.hostname.startsWith('127.');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(
      `DESKBEE_BASE_URL ${url.origin} is not https: credentials and tokens would cross the network in clear. Plain http is accepted only on loopback (the emulator).`,
    );
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}
