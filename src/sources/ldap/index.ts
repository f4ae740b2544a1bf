/** The LDAP / Active Directory source and the helpers it is built from. */
export { LdapSource, type LdapSourceOptions } from './ldap-source.js';
export {
  ldapSourceConfigSchema,
  parseLdapSourceConfig,
  ldapDialects,
  type LdapDialect,
  type LdapDisabledRule,
  type LdapGroupsConfig,
  type LdapSourceConfig,
  type LdapSourceConfigInput,
  type LdapUsersConfig,
} from './ldap-config.js';
export { dialectPresets, type DialectPreset } from './ldap-dialects.js';
export { resolveBindCredentials, type BindCredentials, type Environment } from './ldap-credentials.js';
export { guidToString, guidToBytes } from './guid.js';
export { escapeFilterValue, ldapFilter, parseFilter, equalityFilter, andFilters, inChainFilter, FilterSyntaxError } from './ldap-filter.js';
export { dnKey, parseDn, escapeDnValue, firstRdnValue, DnSyntaxError } from './ldap-dn.js';
export { classifyLdapFailure, LdapBindFailure, ldapSourceError, type LdapFailureContext, type LdapFailureKind } from './ldap-errors.js';
