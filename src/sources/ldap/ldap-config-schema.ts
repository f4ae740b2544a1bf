/**
 * The zod schema of an LDAP / Active Directory source's configuration as
 * written, and the types it yields before the dialect's presets apply.
 */
import { z } from 'zod';
import { ldapDialects } from './ldap-dialects.js';
import { FilterSyntaxError, parseFilter } from './ldap-filter.js';

const attributeName = z
  .string()
  .trim()
  .regex(/^(\*|\+|1\.1|([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)*)(;[A-Za-z0-9-]+)*)$/, 'not an LDAP attribute name');

const dnText = z.string().trim().min(1, 'a DN is empty');
const dnList = z
  .union([dnText, z.array(dnText).min(1, 'at least one base DN is needed')])
  .transform((value) => (Array.isArray(value) ? value : [value]));

const filterText = z
  .string()
  .trim()
  .min(1, 'a filter is empty')
  .superRefine((text, ctx) => {
    try {
      parseFilter(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof FilterSyntaxError ? error.message : String(error) });
    }
  });

const scope = z.enum(['sub', 'one', 'base']);

const serverUrl = z
  .string()
  .trim()
  .superRefine((text, ctx) => {
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'ldap:' && url.protocol !== 'ldaps:') || url.hostname === '') {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not an ldap:// or ldaps:// URL` });
    } else if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.username !== '' || url.password !== '') {
      ctx.addIssue({ code: 'custom', message: `"${text}" must name only the scheme, host and port (the base DN goes in users.baseDn)` });
    }
  });

/** When a person counts as disabled (`deskbee:disabled`). */
const disabledRuleSchema = z
  .strictObject({
    /** The attribute looked at, e.g. `userAccountControl` or `employeeType`. */
    attribute: attributeName,
    /** Disabled when the attribute, read as an integer, has any of these bits set (AD: 2). */
    bitmask: z.number().int().positive().optional(),
    /** Disabled when any value equals one of these (case-insensitive). */
    equals: z.array(z.string()).min(1).optional(),
    /** Disabled when the attribute is present at all (e.g. `pwdAccountLockedTime`). */
    present: z.literal(true).optional(),
  })
  .refine((rule) => [rule.bitmask, rule.equals, rule.present].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of bitmask, equals or present',
  });
/** When a person counts as disabled. */
export type LdapDisabledRule = z.output<typeof disabledRuleSchema>;

const usersSchema = z.strictObject({
  /** Where users are searched: one DN or a list (each searched; an entry under two bases is read once). Required. */
  baseDn: dnList,
  /** Which entries are users. Default by dialect: `(objectClass=inetOrgPerson)` / `(&(objectCategory=person)(objectClass=user))`. */
  filter: filterText.optional(),
  /** Search scope under each base DN. Default `sub`. */
  scope: scope.default('sub'),
  /** Attributes read (replaces the dialect's list). Default by dialect. */
  attributes: z.array(attributeName).optional(),
  /** Attributes read in addition to `attributes`. Default none. */
  extraAttributes: z.array(attributeName).default([]),
  /** The immutable key: `entryUUID` (OpenLDAP) / `objectGUID` (AD) by default. An entry without it fails the read. */
  externalIdAttribute: attributeName.optional(),
  /** When a person is disabled; `false` for no such rule. Default by dialect: AD `userAccountControl` bit 2; OpenLDAP none. */
  disabled: z.union([disabledRuleSchema, z.literal(false)]).optional(),
  /** Accept a read that finds no user at all. Default `false`: an empty result fails the read. */
  allowEmpty: z.boolean().default(false),
});

const groupsSchema = z.strictObject({
  /** Where the squad groups are searched. Default: the users' base DN(s). */
  baseDn: dnList.optional(),
  /** Which groups become squads. Default by dialect: every group (`groupOfNames`, `groupOfUniqueNames`, `posixGroup` / `group`). */
  filter: filterText.optional(),
  /** Search scope. Default `sub`. */
  scope: scope.default('sub'),
  /** Attributes read for the group entries (replaces the dialect's list). Default by dialect (name, description, external id). */
  attributes: z.array(attributeName).optional(),
  /** Attributes read in addition to `attributes`. Default none. */
  extraAttributes: z.array(attributeName).default([]),
  /** The attribute whose value names the squad in `deskbee:groups`. Default `cn`. */
  nameAttribute: attributeName.default('cn'),
  /** The group's immutable key. Default by dialect: `entryUUID` / `objectGUID`. */
  externalIdAttribute: attributeName.optional(),
  /** `direct`: only groups that list the person; `transitive`: also groups that contain such a group, at any depth. Default `direct`. */
  membership: z.enum(['direct', 'transitive']).default('direct'),
  /**
   * Where membership is read: `group` (the groups' member attributes) or
   * `memberOf` (the users' `memberOf`, which lists direct groups only; nesting
   * is then followed through the groups' member attributes). Default `group`.
   */
  memberSource: z.enum(['group', 'memberOf']).default('group'),
  /** Member attributes of groups. Default by dialect: `member`, `uniqueMember`, `memberUid` / `member`. */
  memberAttributes: z.array(z.enum(['member', 'uniqueMember', 'memberUid'])).min(1).optional(),
  /** The user attribute that `memberUid` values (posixGroup) name. Default `uid`. */
  memberUidAttribute: attributeName.default('uid'),
  /**
   * How transitive membership is found: `expand` reads every group under
   * `nestedBaseDn` and follows nesting itself; `in-chain` asks Active
   * Directory (matching rule 1.2.840.113556.1.4.1941), one search per squad.
   * Default by dialect: AD `in-chain`, OpenLDAP `expand`.
   */
  transitiveMethod: z.enum(['expand', 'in-chain']).optional(),
  /** Groups that may sit between a squad and its members (`expand`). Default: the dialect's group filter. */
  nestedFilter: filterText.optional(),
  /** Where those groups are searched. Default: the groups' base DN(s). */
  nestedBaseDn: dnList.optional(),
  /** Accept a read that finds no squad group. Default `false`. */
  allowEmpty: z.boolean().default(false),
});

const tlsSchema = z.strictObject({
  /** PEM file of the CA(s) that signed the server certificates. Default: the system's trusted CAs. */
  caFile: z.string().trim().min(1).optional(),
  /** The name the server certificate must carry, when it differs from the URL's host (e.g. connecting by IP). Default: the URL's host. */
  serverName: z.string().trim().min(1).optional(),
  /** Lowest TLS version accepted. Default `TLSv1.2`. */
  minVersion: z.enum(['TLSv1.2', 'TLSv1.3']).default('TLSv1.2'),
  /**
   * DANGEROUS: accept any certificate, from anyone (no CA or name check),
   * which lets an attacker in the middle read the bind password. Default
   * `false`; when `true` every connection logs a warning.
   */
  insecureSkipVerify: z.boolean().default(false),
});

const rangedSchema = z.strictObject({
  /** Read large multi-valued attributes in ranges (`member;range=0-1499`, …). Default: `true` for AD, `false` otherwise. */
  enabled: z.boolean().optional(),
  /** Values asked for per range; the server may return fewer. Default 1500 (AD's MaxValRange). */
  step: z.number().int().min(1).max(100_000).default(1500),
});

/** The zod schema of an LDAP source's configuration as written (unknown keys are rejected). */
export const ldapSourceConfigSchema = z.strictObject({
  /** Configured name of the source, e.g. `corp-ad`; appears in errors and plans. Default `ldap`. */
  name: z.string().trim().min(1).default('ldap'),
  /** `openldap` (also any generic LDAPv3 server) or `active-directory` (also Samba AD). Default `openldap`. */
  dialect: z.enum(ldapDialects).default('openldap'),
  /** One server URL or several, tried in order: an unreachable one moves on to the next, a refused bind does not. Required. */
  url: z.union([serverUrl, z.array(serverUrl).min(1, 'at least one URL is needed')]).transform((v) => (Array.isArray(v) ? v : [v])),
  /**
   * Upgrade `ldap://` connections with StartTLS before binding. Default
   * `true`. `false` with an `ldap://` URL would send the bind password and
   * every entry in clear, so it is refused unless `allowInsecureBind` is on.
   */
  startTls: z.boolean().default(true),
  /**
   * DANGEROUS: allow `startTls: false` on `ldap://` URLs, which sends the
   * bind password and every entry read across the network in clear (anyone
   * on the path can read them). Only for a test directory on a network you
   * trust. Default `false`; when `true` every such connection logs a warning.
   */
  allowInsecureBind: z.boolean().default(false),
  /** Certificate checks for `ldaps://` and StartTLS. */
  tls: tlsSchema.default({ minVersion: 'TLSv1.2', insecureSkipVerify: false }),
  /** DN (or AD `user@domain`) to bind as. Default: the environment variable named by `bindDnEnv`; neither means an anonymous bind. */
  bindDn: z.string().trim().min(1).optional(),
  /** Environment variable holding the bind DN when `bindDn` is not set. Default `LDAP_BIND_DN`. */
  bindDnEnv: z.string().trim().min(1).default('LDAP_BIND_DN'),
  /**
   * File holding the bind password (trailing newline ignored). Default: the
   * file named by the environment variable `<bindPasswordEnv>_FILE`, else the
   * variable `<bindPasswordEnv>` itself. The password is never written in
   * the configuration.
   */
  bindPasswordFile: z.string().trim().min(1).optional(),
  /** Environment variable holding the bind password. Default `LDAP_BIND_PASSWORD` (and `LDAP_BIND_PASSWORD_FILE` for a file). */
  bindPasswordEnv: z.string().trim().min(1).default('LDAP_BIND_PASSWORD'),
  /** Milliseconds to wait for a TCP (and TLS) connection. Default 10 000. */
  connectTimeoutMs: z.number().int().positive().default(10_000),
  /** Milliseconds to wait for one answer (a bind, one page, one range). Default 120 000. */
  operationTimeoutMs: z.number().int().positive().default(120_000),
  /** Seconds the server may spend on each search request (0: the server's own limit). A server that hits it fails the read. Default 0. */
  timeLimitSeconds: z.number().int().min(0).default(0),
  /** Entries per page of a paged search. Default 500. */
  pageSize: z.number().int().min(1).max(100_000).default(500),
  /** Ranged retrieval of large multi-valued attributes (group members). */
  rangedRetrieval: rangedSchema.default({ step: 1500 }),
  /** Attributes whose values stay bytes, in addition to the dialect's (`objectGUID`, `objectSid`, photos, certificates). Values that are not UTF-8 stay bytes anyway. Default none. */
  binaryAttributes: z.array(attributeName).default([]),
  /** Which users to read. Required. */
  users: usersSchema,
  /** Which groups become squads, and how membership is resolved. Default: groups are not read. */
  groups: groupsSchema.optional(),
});

/** An LDAP source's configuration as written (defaults not yet applied). */
export type LdapSourceConfigInput = z.input<typeof ldapSourceConfigSchema>;
/** An LDAP source's configuration as parsed, before presets. */
export type ParsedLdapSourceConfig = z.output<typeof ldapSourceConfigSchema>;
