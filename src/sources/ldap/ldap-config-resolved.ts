/**
 * An LDAP source's configuration once every default and its dialect's
 * presets are applied: what the source actually runs with.
 */
import { ConfigError } from '../../errors.js';
import type { LdapDisabledRule, ParsedLdapSourceConfig } from './ldap-config-schema.js';
import { dialectPresets, type LdapDialect } from './ldap-dialects.js';

/** The users part, every default and dialect preset applied. */
export interface LdapUsersConfig {
  baseDns: string[];
  filter: string;
  scope: 'sub' | 'one' | 'base';
  /** Every attribute requested, presets and extras merged, external id and disabled attribute included. */
  attributes: string[];
  externalIdAttribute: string;
  disabled: LdapDisabledRule | false;
  allowEmpty: boolean;
}

/** The groups part, every default and dialect preset applied. */
export interface LdapGroupsConfig {
  baseDns: string[];
  filter: string;
  scope: 'sub' | 'one' | 'base';
  /** Attributes yielded on group entries (name and external id included). */
  attributes: string[];
  nameAttribute: string;
  externalIdAttribute: string;
  membership: 'direct' | 'transitive';
  memberSource: 'group' | 'memberOf';
  memberAttributes: Array<'member' | 'uniqueMember' | 'memberUid'>;
  memberUidAttribute: string;
  transitiveMethod: 'expand' | 'in-chain';
  nestedFilter: string;
  nestedBaseDns: string[];
  allowEmpty: boolean;
}

/** An LDAP source's configuration after validation, with every default and preset applied. */
export interface LdapSourceConfig {
  name: string;
  dialect: LdapDialect;
  urls: string[];
  startTls: boolean;
  /** `startTls: false` on `ldap://` URLs is accepted (the password then crosses the network in clear). */
  allowInsecureBind: boolean;
  tls: { caFile?: string; serverName?: string; minVersion: 'TLSv1.2' | 'TLSv1.3'; insecureSkipVerify: boolean };
  bindDn?: string;
  bindDnEnv: string;
  bindPasswordFile?: string;
  bindPasswordEnv: string;
  connectTimeoutMs: number;
  operationTimeoutMs: number;
  timeLimitSeconds: number;
  pageSize: number;
  rangedRetrieval: { enabled: boolean; step: number };
  /** Attributes whose values stay bytes (Buffers). */
  binaryAttributes: string[];
  users: LdapUsersConfig;
  groups?: LdapGroupsConfig;
}

function unique(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Applies the dialect's presets to a parsed configuration. @throws ConfigError on settings that do not fit the dialect. */
export function applyPresets(parsed: ParsedLdapSourceConfig, location: string | undefined): LdapSourceConfig {
  const preset = dialectPresets[parsed.dialect];
  const externalIdAttribute = parsed.users.externalIdAttribute ?? preset.externalIdAttribute;
  const disabled = parsed.users.disabled ?? preset.disabled;
  const users: LdapUsersConfig = {
    baseDns: parsed.users.baseDn,
    filter: parsed.users.filter ?? preset.userFilter,
    scope: parsed.users.scope,
    attributes: unique([
      ...(parsed.users.attributes ?? preset.userAttributes),
      ...parsed.users.extraAttributes,
      externalIdAttribute,
      ...(disabled ? [disabled.attribute] : []),
    ]),
    externalIdAttribute,
    disabled,
    allowEmpty: parsed.users.allowEmpty,
  };
  let groups: LdapGroupsConfig | undefined;
  if (parsed.groups) {
    const g = parsed.groups;
    const groupExternalId = g.externalIdAttribute ?? preset.externalIdAttribute;
    const baseDns = g.baseDn ?? users.baseDns;
    const transitiveMethod = g.transitiveMethod ?? preset.transitiveMethod;
    if (g.membership === 'transitive' && transitiveMethod === 'in-chain' && parsed.dialect !== 'active-directory') {
      throw new ConfigError(
        'groups.transitiveMethod "in-chain" uses the Active Directory matching rule 1.2.840.113556.1.4.1941, which only AD (and Samba AD) understand: ' +
          'set dialect: active-directory, or use transitiveMethod: expand.',
        location,
      );
    }
    groups = {
      baseDns,
      filter: g.filter ?? preset.groupFilter,
      scope: g.scope,
      attributes: unique([...(g.attributes ?? preset.groupAttributes), ...g.extraAttributes, g.nameAttribute, groupExternalId]),
      nameAttribute: g.nameAttribute,
      externalIdAttribute: groupExternalId,
      membership: g.membership,
      memberSource: g.memberSource,
      memberAttributes: g.memberAttributes ?? preset.memberAttributes,
      memberUidAttribute: g.memberUidAttribute,
      transitiveMethod,
      nestedFilter: g.nestedFilter ?? preset.groupFilter,
      nestedBaseDns: g.nestedBaseDn ?? baseDns,
      allowEmpty: g.allowEmpty,
    };
    // memberUid values name users by this attribute, so it must be read.
    if (groups.memberAttributes.includes('memberUid')) users.attributes = unique([...users.attributes, groups.memberUidAttribute]);
  }
  return {
    name: parsed.name,
    dialect: parsed.dialect,
    urls: parsed.url,
    startTls: parsed.startTls,
    allowInsecureBind: parsed.allowInsecureBind,
    tls: parsed.tls,
    bindDn: parsed.bindDn,
    bindDnEnv: parsed.bindDnEnv,
    bindPasswordFile: parsed.bindPasswordFile,
    bindPasswordEnv: parsed.bindPasswordEnv,
    connectTimeoutMs: parsed.connectTimeoutMs,
    operationTimeoutMs: parsed.operationTimeoutMs,
    timeLimitSeconds: parsed.timeLimitSeconds,
    pageSize: parsed.pageSize,
    rangedRetrieval: { enabled: parsed.rangedRetrieval.enabled ?? preset.rangedRetrieval, step: parsed.rangedRetrieval.step },
    binaryAttributes: unique([...preset.binaryAttributes, ...parsed.binaryAttributes]),
    users,
    groups,
  };
}

/**
 * The refusal of a configuration that would bind in clear: `startTls: false`
 * with an `ldap://` URL, without `allowInsecureBind: true`. Undefined when
 * the configuration is safe or explicitly allowed.
 */
export function insecureBindError(config: LdapSourceConfig, location: string | undefined): ConfigError | undefined {
  if (config.startTls || config.allowInsecureBind) return undefined;
  const clear = config.urls.filter((url) => url.toLowerCase().startsWith('ldap://'));
  if (clear.length === 0) return undefined;
  return new ConfigError(
    `LDAP source "${config.name}": startTls: false with the URL ${clear.join(', ')} would send the bind password, and every entry read, across the network in clear, ` +
      'so the source refuses to connect. Use ldaps:// (port 636), or leave startTls on (the default) so that ldap:// is upgraded before the bind; ' +
      'only for a test directory on a network you trust, set allowInsecureBind: true to accept it.',
    location,
  );
}
