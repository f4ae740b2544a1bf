import type { SyncConfig } from '../config/sync-config.js';
import { CsvSource } from './csv/csv-source.js';
import { LdapSource } from './ldap/ldap-source.js';
import type { Source } from './source.js';

/**
 * The configured source. `requiredColumns` are the attributes the mapping
 * cannot do without (a CSV stops before reading a row when one is missing);
 * `env` is where an LDAP bind password is read from.
 */
export function createSource(config: SyncConfig['source'], requiredColumns: string[], env: NodeJS.ProcessEnv): Source {
  if (config.kind === 'csv') {
    const { kind: _kind, ...csv } = config;
    return new CsvSource({ ...csv, requiredColumns });
  }
  const { kind: _kind, ...ldap } = config;
  return new LdapSource(ldap, { env });
}
