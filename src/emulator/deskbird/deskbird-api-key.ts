/**
 * The one API key the deskbird emulator accepts: given, else from the same
 * environment variable the deskbird source reads, else generated (and shown
 * by the caller, e.g. the CLI).
 */
import { randomBytes } from 'node:crypto';
import type { ApiKeySource } from './deskbird-options.js';

/** The variable the source reads its key from by default, and the emulator too. */
export const deskbirdApiKeyVariable = 'DESKBIRD_API_KEY';

export function resolveApiKey(given: string | undefined, env: Record<string, string | undefined>): { apiKey: string; source: ApiKeySource } {
  if (given) return { apiKey: given, source: 'options' };
  const fromEnv = env[deskbirdApiKeyVariable]?.trim();
  if (fromEnv) return { apiKey: fromEnv, source: 'environment' };
  return { apiKey: `dbk_${randomBytes(24).toString('base64url')}`, source: 'generated' };
}
