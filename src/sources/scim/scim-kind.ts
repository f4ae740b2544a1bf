/** The `scim` source kind: SCIM 2.0 Users and Groups from an export file or a service provider. */
import { resolve } from 'node:path';
import type { SourceKind } from '../source-kind.js';
import { scimKindConfigSchema, type ScimAuthConfig } from './scim-config.js';
import { ScimSource } from './scim-source.js';

export { scimKindConfigSchema, type ScimKindConfig } from './scim-config.js';

function resolveAuth(auth: ScimAuthConfig, base: string): ScimAuthConfig {
  if (auth.type === 'bearer') return auth.tokenFile === undefined ? auth : { ...auth, tokenFile: resolve(base, auth.tokenFile) };
  return {
    ...auth,
    ...(auth.userFile === undefined ? {} : { userFile: resolve(base, auth.userFile) }),
    ...(auth.passwordFile === undefined ? {} : { passwordFile: resolve(base, auth.passwordFile) }),
  };
}

export const scimSourceKind: SourceKind<typeof scimKindConfigSchema> = {
  kind: 'scim',
  configSchema: scimKindConfigSchema,
  resolvePaths: (config, base) => ({
    ...config,
    ...(config.path === undefined ? {} : { path: resolve(base, config.path) }),
    ...(config.auth === undefined ? {} : { auth: resolveAuth(config.auth, base) }),
    ...(config.tls?.caFile === undefined ? {} : { tls: { ...config.tls, caFile: resolve(base, config.tls.caFile) } }),
  }),
  create: (config, deps) => new ScimSource(config, { env: deps.env }),
};
