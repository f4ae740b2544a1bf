/** The SCIM source and the helpers it is built from. */
export { ScimSource, type ScimSourceOptions } from './scim-source.js';
export { scimSourceKind } from './scim-kind.js';
export { scimKindConfigSchema, scimAuthSchema, scimDefaults, type ScimKindConfig, type ScimAuthConfig } from './scim-config.js';
export { resolveScimCredentials, type ScimCredentials } from './scim-credentials.js';
export { userAttributes, groupAttributes, classify } from './scim-resource.js';
export { readScimFile, detectFormat, type ScimFileTuning } from './scim-file-reader.js';
export { parseScimBaseUrl } from './scim-url.js';
