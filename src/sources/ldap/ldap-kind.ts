/** The `ldap` source kind: Active Directory, Samba AD or another LDAPv3 directory. */
import { resolve } from 'node:path';
import { z } from 'zod';
import type { SourceKind } from '../source-kind.js';
import { ldapSourceConfigSchema } from './ldap-config.js';
import { LdapSource } from './ldap-source.js';

/** `kind: ldap` settings (src/sources/ldap/README.md). The bind password comes from the environment or a file. */
export const ldapKindConfigSchema = ldapSourceConfigSchema.extend({ kind: z.literal('ldap') });

export type LdapKindConfig = z.output<typeof ldapKindConfigSchema>;

export const ldapSourceKind: SourceKind<typeof ldapKindConfigSchema> = {
  kind: 'ldap',
  configSchema: ldapKindConfigSchema,
  resolvePaths: (config, base) => ({
    ...config,
    ...(config.bindPasswordFile ? { bindPasswordFile: resolve(base, config.bindPasswordFile) } : {}),
    ...(config.tls?.caFile ? { tls: { ...config.tls, caFile: resolve(base, config.tls.caFile) } } : {}),
  }),
  create: ({ kind: _kind, ...config }, deps) => new LdapSource(config, { env: deps.env }),
};
