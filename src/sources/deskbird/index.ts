/** The deskbird source and the pieces it is built from. */
export { DeskbirdSource, type DeskbirdSourceDeps } from './deskbird-source.js';
export { deskbirdSourceKind, deskbirdKindConfigSchema, type DeskbirdKindConfig } from './deskbird-kind.js';
export {
  deskbirdSourceConfigSchema,
  deskbirdMembershipSettings,
  defaultDeskbirdBaseUrl,
  type DeskbirdMembershipSetting,
  type DeskbirdSourceConfig,
  type DeskbirdSourceConfigInput,
} from './deskbird-config.js';
export { resolveDeskbirdApiKey, type DeskbirdApiKey } from './deskbird-api-key.js';
