/**
 * The deskbird Public API emulator: a real HTTP server with in-memory users
 * and groups, for tests and demos of a migration. See README.md in this folder.
 */
export { startDeskbirdEmulator } from './deskbird-emulator.js';
export type { DeskbirdEmulatorOptions, RunningDeskbirdEmulator, ApiKeySource } from './deskbird-options.js';
export { deskbirdApiKeyVariable } from './deskbird-api-key.js';
export {
  type DeskbirdFaults,
  type DeskbirdFaultsInput,
  type DeskbirdMembershipMode,
  defaultDeskbirdFaults,
  deskbirdMembershipModes,
  parseDeskbirdFaults,
} from './deskbird-faults.js';
export {
  type DeskbirdSeed,
  type DeskbirdSeedInput,
  type DeskbirdGenerateSpec,
  deskbirdRoles,
  parseDeskbirdSeed,
  loadDeskbirdSeedFile,
} from './deskbird-seed-schema.js';
export type { DeskbirdSnapshot } from './deskbird-seeding.js';
export { generateDeskbirdCompany } from './deskbird-generate.js';
export { defaultDeskbirdLimit, type DeskbirdPage } from './deskbird-routes.js';
