import { inspect } from 'node:util';
import { Secret } from '../../src/config/secret.js';
import { defaultRunContext, type RunContext } from '../../src/context/run-context.js';
import { DeskbeeClient } from '../../src/deskbee/deskbee-client.js';
import type { DeskbeeClientOptions } from '../../src/deskbee/client-options.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

export const testCredentials = { clientId: 'client-test-id', clientSecret: 'S3cr3t-do-not-leak-9f8e7d' };

/** An emulator on a free loopback port with known credentials. */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ credentials: testCredentials, randomSeed: 42, ...options });
}

/** A client for `emulator`, fast defaults for tests (no slow start, short backoff). */
export function clientFor(
  emulator: RunningEmulator,
  options: Partial<DeskbeeClientOptions> = {},
  ctx: RunContext = defaultRunContext(),
): DeskbeeClient {
  return new DeskbeeClient(
    {
      baseUrl: emulator.baseUrl,
      credentials: { clientId: testCredentials.clientId, clientSecret: new Secret(testCredentials.clientSecret) },
      rate: { initialPerSecond: 200, maxPerSecond: 400, minPerSecond: 2 },
      retry: { baseDelayMs: 20, maxDelayMs: 500 },
      timeoutMs: 5_000,
      ...options,
    },
    ctx,
  );
}

/** Every way an error could be shown to a person or a log. */
export function everyRendering(error: unknown): string {
  const parts = [String(error), inspect(error, { depth: 8 }), JSON.stringify(error)];
  if (error instanceof Error) parts.push(error.message, error.stack ?? '');
  return parts.join('\n');
}

/** A JWT-shaped string: what the emulator's bearer tokens look like. */
export const tokenPattern = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]{4,}/;

/** Awaits `promise` and returns what it rejected with; fails if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** `count` seed users with predictable emails. */
export function seedUsers(count: number, prefix = 'user'): { name: string; email: string; enrollment: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix} ${i}`,
    email: `${prefix}${i}@corp.example`,
    enrollment: `${prefix.toUpperCase()}-${String(i).padStart(5, '0')}`,
  }));
}
