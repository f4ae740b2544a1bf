/**
 * The emulator's options and the handle `startEmulator` returns.
 */
import type { Clock, Logger } from '../context/run-context.js';
import type { DeskbeeResourcePaths } from '../deskbee/resource-paths.js';
import type { CredentialsSource, EmulatorCredentials } from './credentials.js';
import type { FaultSettings, FaultSettingsInput } from './faults.js';
import type { SeedCostCenter, SeedData, SeedMode, SeedSquad, SeedTag, SeedUser } from './seed-schema.js';
import type { EmulatorStats } from './stats.js';

/** The state in the seed format, every field filled in (documents in their wire form). */
export interface EmulatorSnapshot {
  squads: Required<SeedSquad>[];
  cost_centers: Required<SeedCostCenter>[];
  tags: Required<SeedTag>[];
  users: Array<Required<Omit<SeedUser, 'documents'>> & { documents: Array<{ type: string; doc: string; is_verified: boolean }> }>;
}

export interface EmulatorOptions {
  /** TCP port. Default 0: a free port, see `origin`. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1` (the emulator is for loopback use). */
  host?: string;
  /**
   * The one API client accepted. Default: `DESKBEE_CLIENT_ID` /
   * `DESKBEE_CLIENT_SECRET` / `DESKBEE_SCOPE` from `env`, else a generated pair.
   * `scope` defaults to the six scopes Deskbee's material shows.
   */
  credentials?: Partial<EmulatorCredentials>;
  /** Where credentials are looked up when not given. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Access-token lifetime in seconds; fractions allowed. Default 3600. */
  tokenTtlSeconds?: number;
  /** Hostile behaviour from the start. Default: none. */
  faults?: FaultSettingsInput;
  /** Seed of the random generator behind faults and generated uuids. Default: random. */
  randomSeed?: number | string;
  /**
   * Origin used in `links.next`/`links.prev`/`meta.path`, e.g.
   * `http://elsewhere.example`. Default: the request's own `Host`.
   */
  linkOrigin?: string;
  /** Initial state: a seed object or the path of a seed JSON file. Default: empty. */
  seed?: SeedData | string;
  /** Resource paths below `/v1.1`. Default `defaultResourcePaths`. */
  paths?: Partial<DeskbeeResourcePaths>;
  /** Default: silent. */
  logger?: Logger;
  /** Time for tokens, timestamps, rate windows and latency. Default: the system clock. */
  clock?: Clock;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** `origin + '/v1.1'`: the client's base URL. */
  readonly baseUrl: string;
  readonly credentials: EmulatorCredentials;
  /** Whether the credentials were given, read from the environment or generated (then show them). */
  readonly credentialsSource: CredentialsSource;
  /** The seed in use by the random generator (to reproduce a run). */
  readonly randomSeed: number | string;
  stats(): EmulatorStats;
  resetStats(): void;
  faults(): FaultSettings;
  /** Merges a change into the fault settings; returns the new settings. */
  setFaults(change: FaultSettingsInput): FaultSettings;
  /** The whole state as plain data (seed format). */
  snapshot(): EmulatorSnapshot;
  /** Loads seed data; `replace` (default) empties the state first. Atomic: on error nothing changes. */
  seed(data: SeedData, mode?: SeedMode): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}
