/**
 * The configuration of one LDAP / Active Directory source: servers and TLS,
 * the bind account (its password from the environment or a file, never from
 * here), which users to read, which groups become squads and how membership
 * is resolved. Each dialect brings presets (filters, attributes, external id)
 * that any setting written here overrides.
 */
import { ConfigError } from '../../errors.js';
import { applyPresets, insecureBindError, type LdapSourceConfig } from './ldap-config-resolved.js';
import { ldapSourceConfigSchema } from './ldap-config-schema.js';

export { ldapDialects, type LdapDialect } from './ldap-dialects.js';
export {
  ldapSourceConfigSchema,
  type LdapDisabledRule,
  type LdapSourceConfigInput,
  type ParsedLdapSourceConfig,
} from './ldap-config-schema.js';

export type { LdapGroupsConfig, LdapSourceConfig, LdapUsersConfig } from './ldap-config-resolved.js';

const secretKeys = ['bindPassword', 'password', 'bindCredentials', 'credentials'];

/**
 * Validates an LDAP source's configuration and applies its defaults and its
 * dialect's presets.
 * @param location where the configuration came from, for the error, e.g. `deskbee-sync.yaml (sources.corp-ad)`.
 * @throws ConfigError naming each wrong setting.
 */
export function parseLdapSourceConfig(input: unknown, location?: string): LdapSourceConfig {
  if (input !== null && typeof input === 'object') {
    const secret = secretKeys.find((key) => key in input);
    if (secret !== undefined) {
      throw new ConfigError(
        `the LDAP source configuration has "${secret}": a password is never written in the configuration. ` +
          'Put it in the environment variable LDAP_BIND_PASSWORD (or the one bindPasswordEnv names), or in a file named by bindPasswordFile or LDAP_BIND_PASSWORD_FILE.',
        location,
      );
    }
  }
  const result = ldapSourceConfigSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(source)'}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`the LDAP source configuration is not valid: ${problems}.`, location);
  }
  const config = applyPresets(result.data, location);
  const insecure = insecureBindError(config, location);
  if (insecure) throw insecure;
  return config;
}
