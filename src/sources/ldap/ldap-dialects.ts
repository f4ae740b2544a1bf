/**
 * What each directory dialect brings as defaults: the usual filters,
 * attributes, external id and membership set-up of an OpenLDAP-style
 * directory and of Active Directory. Every value can be overridden in the
 * source's configuration.
 */

/** The dialects an LDAP source knows. */
export const ldapDialects = ['openldap', 'active-directory'] as const;
export type LdapDialect = (typeof ldapDialects)[number];

/** Defaults a dialect brings. */
export interface DialectPreset {
  /** Which entries are users. */
  userFilter: string;
  /** Attributes read from users. */
  userAttributes: string[];
  /** The immutable key of users and groups. */
  externalIdAttribute: string;
  /** When a person is disabled (`deskbee:disabled`), or `false` when the dialect has no standard way. */
  disabled: { attribute: string; bitmask: number } | false;
  /** Which entries are groups (squads by default, and the groups followed when expanding nesting). */
  groupFilter: string;
  /** Attributes yielded on group entries. */
  groupAttributes: string[];
  /** Member attributes of groups. */
  memberAttributes: Array<'member' | 'uniqueMember' | 'memberUid'>;
  /** How transitive membership is found by default. */
  transitiveMethod: 'expand' | 'in-chain';
  /** Whether large multi-valued attributes are read in ranges. */
  rangedRetrieval: boolean;
  /** Attributes whose values stay bytes. */
  binaryAttributes: string[];
}

const commonBinary = ['jpegPhoto', 'userCertificate', 'userSMIMECertificate', 'userPKCS12'];

/** The presets of each dialect. */
export const dialectPresets: Record<LdapDialect, DialectPreset> = {
  openldap: {
    userFilter: '(objectClass=inetOrgPerson)',
    userAttributes: [
      'uid',
      'cn',
      'sn',
      'givenName',
      'displayName',
      'mail',
      'employeeNumber',
      'employeeType',
      'departmentNumber',
      'ou',
      'o',
      'title',
      'telephoneNumber',
      'mobile',
      'manager',
      'preferredLanguage',
      'entryUUID',
    ],
    externalIdAttribute: 'entryUUID',
    disabled: false,
    groupFilter: '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup))',
    groupAttributes: ['cn', 'description', 'ou', 'entryUUID'],
    memberAttributes: ['member', 'uniqueMember', 'memberUid'],
    transitiveMethod: 'expand',
    rangedRetrieval: false,
    binaryAttributes: commonBinary,
  },
  'active-directory': {
    userFilter: '(&(objectCategory=person)(objectClass=user))',
    userAttributes: [
      'sAMAccountName',
      'userPrincipalName',
      'mail',
      'cn',
      'givenName',
      'sn',
      'displayName',
      'employeeID',
      'employeeNumber',
      'employeeType',
      'department',
      'company',
      'division',
      'title',
      'physicalDeliveryOfficeName',
      'telephoneNumber',
      'mobile',
      'manager',
      'preferredLanguage',
      ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`),
      'userAccountControl',
      'objectGUID',
    ],
    externalIdAttribute: 'objectGUID',
    disabled: { attribute: 'userAccountControl', bitmask: 0x2 },
    groupFilter: '(objectClass=group)',
    groupAttributes: ['cn', 'name', 'sAMAccountName', 'description', 'mail', 'objectGUID'],
    memberAttributes: ['member'],
    transitiveMethod: 'in-chain',
    rangedRetrieval: true,
    binaryAttributes: [...commonBinary, 'objectGUID', 'objectSid', 'thumbnailPhoto', 'mS-DS-ConsistencyGuid', 'msExchMailboxGuid', 'sIDHistory'],
  },
};
