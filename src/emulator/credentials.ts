/**
 * The one API client the emulator accepts. Taken from the options, else from
 * the same environment variables the client reads, else generated (and then
 * shown by the caller, e.g. the CLI).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../errors.js';

/** Scopes granted when none are configured: the ones Deskbee's material shows. */
export const defaultScopes = [
  'organization.show',
  'organization.upsert',
  'organization.remove',
  'booking.show',
  'integration.checkin',
  'building.show',
] as const;

export interface EmulatorCredentials {
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes the client is granted. Default: {@link defaultScopes}. */
  scope: string;
}

/** Where the credentials came from; the CLI prints generated ones. */
export type CredentialsSource = 'options' | 'environment' | 'generated';

export function resolveCredentials(
  given: Partial<EmulatorCredentials> | undefined,
  env: Record<string, string | undefined>,
): { credentials: EmulatorCredentials; source: CredentialsSource } {
  if (given?.clientId || given?.clientSecret) {
    if (!given.clientId || !given.clientSecret) {
      throw new ConfigError('emulator credentials need both clientId and clientSecret, or neither (then they come from the environment or are generated).');
    }
    return {
      credentials: { clientId: given.clientId, clientSecret: given.clientSecret, scope: given.scope ?? defaultScopes.join(' ') },
      source: 'options',
    };
  }
  const id = env.DESKBEE_CLIENT_ID;
  const secret = env.DESKBEE_CLIENT_SECRET;
  if (id || secret) {
    if (!id || !secret) {
      throw new ConfigError(
        `${id ? 'DESKBEE_CLIENT_SECRET' : 'DESKBEE_CLIENT_ID'} is not set while ${id ? 'DESKBEE_CLIENT_ID' : 'DESKBEE_CLIENT_SECRET'} is: set both for the emulator to accept them, or neither to have a pair generated.`,
      );
    }
    return {
      credentials: { clientId: id, clientSecret: secret, scope: given?.scope ?? env.DESKBEE_SCOPE ?? defaultScopes.join(' ') },
      source: 'environment',
    };
  }
  return {
    credentials: {
      clientId: randomBytes(16).toString('hex'),
      clientSecret: randomBytes(24).toString('base64url'),
      scope: given?.scope ?? defaultScopes.join(' '),
    },
    source: 'generated',
  };
}

/** Compares secrets in constant time (hashing first evens out the lengths). */
export function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/** Splits a scope string on spaces or commas. */
export function splitScopes(scope: string | undefined | null): string[] {
  return (scope ?? '').split(/[\s,]+/).filter((s) => s.length > 0);
}
