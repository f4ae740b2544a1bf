/**
 * Helpers for the deskbird source's tests: an emulator with a known key, a
 * source pointed at it with a short backoff, and a read collected whole.
 */
import { defaultRunContext, type RunContext } from '../../../src/context/run-context.js';
import { startDeskbirdEmulator, type DeskbirdEmulatorOptions, type RunningDeskbirdEmulator } from '../../../src/emulator/deskbird/index.js';
import { DeskbirdSource } from '../../../src/sources/deskbird/index.js';
import type { DeskbirdSourceConfigInput, DeskbirdSourceDeps } from '../../../src/sources/deskbird/index.js';
import type { RawEntry, ReadSummary, Source } from '../../../src/sources/source.js';

/** The key the test emulators accept; tests check it never shows in an error. */
export const testApiKey = 'dbk_test-key-do-not-leak-4c1e9a';

export function startTestDeskbird(options: DeskbirdEmulatorOptions = {}): Promise<RunningDeskbirdEmulator> {
  return startDeskbirdEmulator({ apiKey: testApiKey, env: {}, randomSeed: 42, ...options });
}

/** A source reading `emulator`, with a short backoff so that retries take milliseconds. */
export function sourceFor(
  emulator: RunningDeskbirdEmulator,
  settings: Partial<DeskbirdSourceConfigInput> = {},
  deps: Partial<DeskbirdSourceDeps> = {},
): DeskbirdSource {
  return new DeskbirdSource(
    { kind: 'deskbird', name: 'deskbird', baseUrl: emulator.baseUrl, timeoutMs: 2_000, ...settings },
    { env: { DESKBIRD_API_KEY: testApiKey }, random: () => 0.5, ...deps, retry: { baseDelayMs: 5, maxDelayMs: 40, ...deps.retry } },
  );
}

/** What a read gave: every entry and the summary, or the error it ended with (and the entries before it). */
export interface ReadOutcome {
  entries: RawEntry[];
  summary?: ReadSummary;
  error?: unknown;
}

export async function readAll(source: Pick<Source, 'read'>, ctx: RunContext = defaultRunContext()): Promise<ReadOutcome> {
  const entries: RawEntry[] = [];
  const read = source.read(ctx);
  try {
    for (;;) {
      const next = await read.next();
      if (next.done) return { entries, summary: next.value };
      entries.push(next.value);
    }
  } catch (error) {
    return { entries, error };
  }
}

/** The first value of `name`, as text. */
export function attr(entry: RawEntry, name: string): string | undefined {
  const value = entry.attributes[name]?.[0];
  return value === undefined ? undefined : String(value);
}

/** `user id -> sorted group names` as the emulator's state has them. */
export function membershipOf(emulator: RunningDeskbirdEmulator): Map<string, string[]> {
  const state = emulator.snapshot();
  const map = new Map<string, string[]>();
  for (const user of state.users) map.set(user.id, []);
  for (const group of state.groups) for (const member of group.members) map.get(member)?.push(group.name);
  for (const names of map.values()) names.sort((a, b) => a.localeCompare(b));
  return map;
}

/** `user id -> sorted group names` as a read's person entries carry them. */
export function membershipRead(entries: RawEntry[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry.kind !== 'person') continue;
    const names = (entry.attributes['deskbee:groups'] ?? []).map(String);
    map.set(attr(entry, 'id') ?? '', [...names].sort((a, b) => a.localeCompare(b)));
  }
  return map;
}
