/**
 * The Deskbee API emulator: a real HTTP server with in-memory state, for
 * tests and demos. See README.md in this folder.
 */
export { startEmulator, apiPrefix } from './server.js';
export type { EmulatorOptions, RunningEmulator, EmulatorSnapshot } from './options.js';
export { type EmulatorCredentials, type CredentialsSource, defaultScopes } from './credentials.js';
export {
  type FaultSettings,
  type FaultSettingsInput,
  defaultFaultSettings,
  faultSettingsPatchSchema,
  parseFaultSettings,
} from './faults.js';
export type { EmulatorStats } from './stats.js';
export {
  type SeedData,
  type SeedUser,
  type SeedSquad,
  type SeedCostCenter,
  type SeedTag,
  type SeedMode,
  seedDataSchema,
  parseSeedData,
  loadSeedFile,
} from './seed-schema.js';
export { EmulatorState } from './state.js';
