/**
 * The OpenLDAP test directory, generated: thousands of inetOrgPerson users
 * (unicode names, some without mail, values that need filter escaping),
 * nested groupOfNames (with a cycle and a DN that needs escaping), a group
 * of more than 2,000 members, groupOfUniqueNames and posixGroup examples,
 * two service accounts, a referral and an empty branch. Deterministic: the
 * tests rebuild it to know what the server holds, and compute expected
 * memberships from it independently of the source.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Users in the fixture the global set-up loads (at least 5,000). */
export const slapdUserCount = 5000;

export const slapdBaseDn = 'dc=acme,dc=test';
export const slapdPeopleDn = `ou=people,${slapdBaseDn}`;
export const slapdGroupsDn = `ou=groups,${slapdBaseDn}`;

export interface FixtureUser {
  uid: string;
  dn: string;
  cn: string[];
  givenName: string;
  sn: string;
  displayName: string;
  mail?: string;
  employeeNumber: string;
  departmentNumber: string;
  title: string;
  employeeType?: string;
  entryUUID: string;
}

export interface FixtureGroup {
  cn: string;
  dn: string;
  objectClass: 'groupOfNames' | 'groupOfUniqueNames' | 'posixGroup';
  /** `member` / `uniqueMember` values as written (uniqueMember may end in `#'…'B`). */
  members: string[];
  memberUids: string[];
  entryUUID: string;
}

export interface SlapdFixture {
  users: FixtureUser[];
  groups: FixtureGroup[];
  /** Values of `cn` that need escaping in a filter, each held by exactly one user (besides its name). */
  filterValues: Array<{ value: string; uid: string }>;
  /** Users read under `ou=partners` (beside the referral). */
  partnersDn: string;
  /** A branch with no user. */
  emptyDn: string;
  /** Entries the retcode overlay answers with a time limit / a referral. */
  retcodes: { timeLimitDn: string; referralDn: string };
  readerDn: string;
  limitedDn: string;
  /**
   * Accounts whose passwords are short, common words that every message
   * holds anyway (`the`, `a`, `ldap`), under the default 500-entry limit
   * like `limitedDn`: a message that quoted, or scrubbed, the password
   * would read differently from the same message for `limitedDn`.
   */
  wordAccounts: Array<{ dn: string; password: string }>;
}

/** The passwords of the fixture's `wordAccounts`, in order. */
export const wordPasswords = ['the', 'a', 'ldap'] as const;

const firstNames = ['Ana', 'Bruno', 'Chloé', 'Dário', 'Émilie', 'Fatima', 'Günther', 'Hélène', 'Ingrid', 'João', 'Kalinda', 'Lúcia', 'Mateus', 'Nuno', 'Oksana', 'Pål', 'Quentin', 'Rosário', 'Søren', 'Tomás', 'Ursula', 'Vítor', 'Wiebke', 'Xiadani', 'Yuki', 'Zeynep'];
const lastNames = ['Silva', 'Müller', 'García', 'Nakamura', 'Kowalski', 'Søndergaard', 'Öztürk', 'Dubois', 'Rossi', "O'Brien", 'Nguyễn', 'Carvalho', 'Fernández', 'Łęcka', 'Janković', 'Ibáñez', 'Olsen', 'Papadopoulos'];
const titles = ['Engineer', 'Analyst', 'Manager', 'Designer'];

/** Deterministic UUID text from a seed (version 5 layout). */
export function fixtureUuid(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function uidOf(i: number): string {
  return `u${String(i).padStart(5, '0')}`;
}

function userDn(i: number): string {
  return `uid=${uidOf(i)},${slapdPeopleDn}`;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

/** Builds the fixture (the same every time for the same `userCount`, at least 2,600). */
export function buildSlapdFixture(userCount: number): SlapdFixture {
  const special: Record<number, [string, string]> = { 1: ['Zoë', 'Ångström'], 2: ['José', 'Müller-Lüdenscheidt'], 3: ['健', '渡辺'], 4: ['Łukasz', 'Żółć'], 5: ['Ørjan', 'Ødegård'] };
  const filterValues = [
    { value: 'Filter *', uid: uidOf(6) },
    { value: 'Filter (paren)', uid: uidOf(7) },
    { value: 'Filter \\back\\slash', uid: uidOf(8) },
    { value: 'Filter *()\\ all', uid: uidOf(9) },
    { value: 'Filter Ünïcödé *()', uid: uidOf(10) },
  ];
  const users: FixtureUser[] = range(1, userCount).map((i) => {
    const [givenName, sn] = special[i] ?? [firstNames[(i * 7) % firstNames.length] as string, lastNames[(i * 13) % lastNames.length] as string];
    const displayName = i === 3 ? `${sn} ${givenName}` : `${givenName} ${sn}`;
    const extra = filterValues.find((f) => f.uid === uidOf(i));
    return {
      uid: uidOf(i),
      dn: userDn(i),
      cn: extra ? [displayName, extra.value] : [displayName],
      givenName,
      sn,
      displayName,
      mail: i % 50 === 0 ? undefined : `${uidOf(i)}@acme.test`,
      employeeNumber: `E${i}`,
      departmentNumber: `D${i % 25}`,
      title: titles[i % titles.length] as string,
      employeeType: i % 500 === 7 ? 'inactive' : undefined,
      entryUUID: fixtureUuid(`user:${i}`),
    };
  });
  const g = (cn: string) => `cn=${cn.replace(/,/g, '\\,')},${slapdGroupsDn}`;
  const group = (cn: string, objectClass: FixtureGroup['objectClass'], members: string[], memberUids: string[] = []): FixtureGroup => ({ cn, dn: g(cn), objectClass, members, memberUids, entryUUID: fixtureUuid(`group:${cn}`) });
  const groups: FixtureGroup[] = [
    group('Engineering', 'groupOfNames', [g('Backend'), g('Frontend'), g('R&D, Ops (EU)'), ...range(100, 109).map(userDn)]),
    group('Backend', 'groupOfNames', [g('Platform'), ...range(110, 139).map(userDn)]),
    group('Frontend', 'groupOfNames', [...range(140, 159).map(userDn), `uid=gone,${slapdPeopleDn}`]),
    group('Platform', 'groupOfNames', [...range(160, 169).map(userDn), userDn(100)]),
    group('R&D, Ops (EU)', 'groupOfNames', range(170, 174).map(userDn)),
    group('Cycle A', 'groupOfNames', [g('Cycle B'), userDn(200)]),
    group('Cycle B', 'groupOfNames', [g('Cycle A'), userDn(201)]),
    group('All Hands', 'groupOfNames', range(1, 2500).map(userDn)),
    group('Facilities', 'groupOfUniqueNames', range(300, 309).map((i) => (i === 305 ? `${userDn(i)}#'0101'B` : userDn(i)))),
    group('developers', 'posixGroup', [], [...range(400, 419).map(uidOf), 'ghost']),
  ];
  return {
    users,
    groups,
    filterValues,
    partnersDn: `ou=partners,${slapdBaseDn}`,
    emptyDn: `ou=empty,${slapdBaseDn}`,
    retcodes: { timeLimitDn: `cn=timelimit,ou=retcodes,${slapdBaseDn}`, referralDn: `cn=referral,ou=retcodes,${slapdBaseDn}` },
    readerDn: `cn=sync-reader,ou=services,${slapdBaseDn}`,
    limitedDn: `cn=sync-limited,ou=services,${slapdBaseDn}`,
    wordAccounts: wordPasswords.map((password, index) => ({ dn: `cn=sync-word-${index + 1},ou=services,${slapdBaseDn}`, password })),
  };
}

/**
 * Names (cn) of the groups holding each user (by uid), directly or through
 * nested groups, computed from the fixture alone (plain lower-case DN
 * strings, no DN parsing), in the fixture's group order.
 */
export function expectedMemberships(fixture: SlapdFixture, membership: 'direct' | 'transitive'): Map<string, string[]> {
  const uidByDn = new Map(fixture.users.map((u) => [u.dn.toLowerCase(), u.uid]));
  const groupByDn = new Map(fixture.groups.map((group) => [group.dn.toLowerCase(), group]));
  const directUids = new Map<FixtureGroup, Set<string>>();
  for (const group of fixture.groups) {
    const uids = new Set(group.memberUids);
    for (const member of group.members) {
      const uid = uidByDn.get(member.replace(/#'[01]*'B$/, '').toLowerCase());
      if (uid !== undefined) uids.add(uid);
    }
    directUids.set(group, uids);
  }
  const all = (group: FixtureGroup, visited: Set<FixtureGroup>): Set<string> => {
    const uids = new Set(directUids.get(group));
    if (membership === 'direct') return uids;
    for (const member of group.members) {
      const nested = groupByDn.get(member.toLowerCase());
      if (nested && !visited.has(nested)) {
        visited.add(nested);
        for (const uid of all(nested, visited)) uids.add(uid);
      }
    }
    return uids;
  };
  const result = new Map<string, string[]>(fixture.users.map((u) => [u.uid, []]));
  for (const group of fixture.groups) for (const uid of all(group, new Set([group]))) result.get(uid)?.push(group.cn);
  return result;
}

/** Names of the groups holding user `uid` (see expectedMemberships). */
export function expectedGroupsOf(fixture: SlapdFixture, uid: string, membership: 'direct' | 'transitive'): string[] {
  return expectedMemberships(fixture, membership).get(uid) ?? [];
}

/** One LDIF line, base64 when the value is not safe as is (RFC 2849). */
function line(attribute: string, value: string): string {
  const safe = /^[\x01-\x09\x0b\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f][\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(value) && !value.endsWith(' ');
  return safe ? `${attribute}: ${value}` : `${attribute}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

function firstRdn(dn: string): string {
  return dn.slice(dn.indexOf('=') + 1, dn.indexOf(','));
}

function ssha(password: string): string {
  const salt = randomBytes(8);
  return `{SSHA}${Buffer.concat([createHash('sha1').update(password).update(salt).digest(), salt]).toString('base64')}`;
}

/** The fixture as LDIF for slapadd, memberOf written as the memberof overlay would keep it (groupOfNames only). */
export function slapdFixtureLdif(fixture: SlapdFixture, passwords: { reader: string; limited: string }): string {
  const out: string[] = [];
  const entry = (dn: string, ...lines: string[]) => out.push([line('dn', dn), ...lines].join('\n'), '');
  const ou = (dn: string, name: string) => entry(dn, 'objectClass: organizationalUnit', line('ou', name));
  entry(slapdBaseDn, 'objectClass: dcObject', 'objectClass: organization', 'o: Acme', 'dc: acme');
  for (const name of ['people', 'groups', 'services', 'retcodes', 'partners', 'empty']) ou(`ou=${name},${slapdBaseDn}`, name);
  entry(fixture.readerDn, 'objectClass: applicationProcess', 'objectClass: simpleSecurityObject', 'cn: sync-reader', line('userPassword', ssha(passwords.reader)));
  entry(fixture.limitedDn, 'objectClass: applicationProcess', 'objectClass: simpleSecurityObject', 'cn: sync-limited', line('userPassword', ssha(passwords.limited)));
  for (const account of fixture.wordAccounts) {
    entry(account.dn, 'objectClass: applicationProcess', 'objectClass: simpleSecurityObject', line('cn', firstRdn(account.dn)), line('userPassword', ssha(account.password)));
  }

  const memberOf = new Map<string, string[]>();
  for (const group of fixture.groups) {
    if (group.objectClass !== 'groupOfNames') continue;
    for (const member of group.members) {
      const list = memberOf.get(member.toLowerCase()) ?? [];
      list.push(group.dn);
      memberOf.set(member.toLowerCase(), list);
    }
  }
  for (const user of fixture.users) {
    const lines = ['objectClass: inetOrgPerson', line('uid', user.uid), ...user.cn.map((cn) => line('cn', cn)), line('sn', user.sn), line('givenName', user.givenName), line('displayName', user.displayName)];
    if (user.mail) lines.push(line('mail', user.mail));
    lines.push(line('employeeNumber', user.employeeNumber), line('departmentNumber', user.departmentNumber), line('title', user.title));
    if (user.employeeType) lines.push(line('employeeType', user.employeeType));
    lines.push(line('entryUUID', user.entryUUID), ...(memberOf.get(user.dn.toLowerCase()) ?? []).map((dn) => line('memberOf', dn)));
    entry(user.dn, ...lines);
  }
  for (const group of fixture.groups) {
    const lines = [`objectClass: ${group.objectClass}`, line('cn', group.cn), line('entryUUID', group.entryUUID)];
    if (group.objectClass === 'groupOfNames') lines.push(...group.members.map((m) => line('member', m)));
    if (group.objectClass === 'groupOfUniqueNames') lines.push(...group.members.map((m) => line('uniqueMember', m)));
    if (group.objectClass === 'posixGroup') lines.push('gidNumber: 5000', ...group.memberUids.map((u) => line('memberUid', u)));
    lines.push(...(memberOf.get(group.dn.toLowerCase()) ?? []).map((dn) => line('memberOf', dn)));
    entry(group.dn, ...lines);
  }
  for (const i of [1, 2, 3]) {
    entry(`uid=partner${i},${fixture.partnersDn}`, 'objectClass: inetOrgPerson', `uid: partner${i}`, `cn: Partner ${i}`, `sn: Partner`, line('entryUUID', fixtureUuid(`partner:${i}`)));
  }
  entry(`ou=remote,${fixture.partnersDn}`, 'objectClass: referral', 'objectClass: extensibleObject', 'ou: remote', 'ref: ldap://ldap.partner.test/ou=remote,dc=partner,dc=test');
  return `${out.join('\n')}\n`;
}
