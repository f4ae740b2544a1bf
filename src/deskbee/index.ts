export { DeskbeeClient } from './deskbee-client.js';
export type { DeskbeeApi } from './deskbee-api.js';
export { clientOptionsFromEnv, parseBaseUrl, type DeskbeeClientOptions } from './client-options.js';
export type { DeskbeeCredentials } from './token-provider.js';
export type { RequestStats } from './request-stats.js';
export { defaultResourcePaths, defaultBaseUrl, type DeskbeeResourcePaths } from './resource-paths.js';
export { isOutcomeUnknown } from './api-error-mapping.js';
export type { CreateUserInput } from './resources/users-resource.js';
export * from './schemas.js';
