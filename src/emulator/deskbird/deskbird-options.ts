/**
 * The deskbird emulator's options and the handle `startDeskbirdEmulator` returns.
 */
import type { Clock, Logger } from '../../context/run-context.js';
import type { SeedMode } from '../seed-schema.js';
import type { EmulatorStats } from '../stats.js';
import type { DeskbirdFaults, DeskbirdFaultsInput } from './deskbird-faults.js';
import type { DeskbirdSeedInput } from './deskbird-seed-schema.js';
import type { DeskbirdSnapshot } from './deskbird-seeding.js';

/** Where the accepted API key came from; the CLI prints a generated one. */
export type ApiKeySource = 'options' | 'environment' | 'generated';

export interface DeskbirdEmulatorOptions {
  /** TCP port. Default 0: a free port, see `origin`. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1` (the emulator is for loopback use). */
  host?: string;
  /** The one API key accepted. Default: `DESKBIRD_API_KEY` from `env`, else a generated key. */
  apiKey?: string;
  /** Where the API key is looked up when not given. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Hostile behaviour and API shape from the start. Default: none, members as `memberIds`. */
  faults?: DeskbirdFaultsInput;
  /** Seed of the random generator behind faults and generated ids. Default: random. */
  randomSeed?: number | string;
  /** Initial state: seed data (users, groups, or `generate`) or the path of a seed JSON file. Default: empty. */
  seed?: DeskbirdSeedInput | string;
  /** Default: silent. */
  logger?: Logger;
  /** Time for timestamps, rate windows and latency. Default: the system clock. */
  clock?: Clock;
}

export interface RunningDeskbirdEmulator {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** The API's base URL (the origin: the API has no path prefix), a source's `baseUrl`. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly apiKeySource: ApiKeySource;
  /** The seed in use by the random generator (to reproduce a run). */
  readonly randomSeed: number | string;
  stats(): EmulatorStats;
  resetStats(): void;
  faults(): DeskbirdFaults;
  /** Merges a change into the settings; returns the new settings. */
  setFaults(change: DeskbirdFaultsInput): DeskbirdFaults;
  /** The whole state as seed data. */
  snapshot(): DeskbirdSnapshot;
  /** Loads seed data; `replace` (default) empties the state first. Atomic: on error nothing changes. */
  seed(data: DeskbirdSeedInput, mode?: SeedMode): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}
