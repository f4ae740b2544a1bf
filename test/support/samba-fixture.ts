/**
 * The Samba AD test domain's content, generated: a few thousand users
 * (unicode names, some without mail, disabled ones, employeeID,
 * department, extensionAttribute1), a service account with a password, a
 * group of more than 1,500 members (ranged retrieval), one of exactly
 * 1,500, nested groups with a cycle and a name that needs escaping, and an
 * empty group. Deterministic: the tests rebuild it to know what the domain
 * holds.
 */
import { escapeDnValue } from '../../src/sources/ldap/ldap-dn.js';

/** Users in the domain the global set-up loads (a few thousand; ldbadd costs about 5 ms each). */
export const sambaUserCount = 2500;

export const sambaRealm = 'CORP.TEST';
export const sambaDomain = 'CORP';
export const sambaHost = 'DC1';
export const sambaBaseDn = 'DC=corp,DC=test';
export const sambaStaffDn = `OU=Staff,${sambaBaseDn}`;
export const sambaGroupsDn = `OU=Groups,${sambaBaseDn}`;
/** The name on the DC's own TLS certificate. */
export const sambaServerName = `${sambaHost}.corp.test`;

export interface SambaUser {
  sam: string;
  dn: string;
  cn: string;
  givenName: string;
  sn: string;
  mail?: string;
  employeeID?: string;
  department: string;
  extensionAttribute1: string;
  userAccountControl: number;
}

export interface SambaGroup {
  cn: string;
  dn: string;
  /** Member DNs (users or groups). */
  members: string[];
}

export interface SambaFixture {
  users: SambaUser[];
  groups: SambaGroup[];
  service: { dn: string; upn: string };
  emptyDn: string;
}

const firstNames = ['Ana', 'Bruno', 'Chloé', 'Dário', 'Émilie', 'Fatima', 'Günther', 'Hélène', 'Ingrid', 'João', 'Lúcia', 'Mateus', 'Søren', 'Tomás', 'Yuki', 'Zeynep'];
const lastNames = ['Silva', 'Müller', 'García', 'Nakamura', 'Kowalski', 'Öztürk', 'Dubois', 'Rossi', 'Nguyễn', 'Carvalho', 'Łęcka', 'Ibáñez'];
const departments = ['Engenharia', 'Finanças', 'Pesquisa & Desenvolvimento', 'Operações', 'Vendas', 'Recursos Humanos'];

function sam(i: number): string {
  return `u${String(i).padStart(5, '0')}`;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

/** Builds the domain content (the same every time for the same `userCount`, at least 1,600). */
export function buildSambaFixture(userCount: number): SambaFixture {
  const special: Record<number, [string, string]> = { 1: ['Zoë', 'Ångström'], 2: ['José', 'Müller-Lüdenscheidt'], 3: ['健', '渡辺'] };
  const users: SambaUser[] = range(1, userCount).map((i) => {
    const [givenName, sn] = special[i] ?? [firstNames[(i * 7) % firstNames.length] as string, lastNames[(i * 5) % lastNames.length] as string];
    const cn = special[i] ? `${givenName} ${sn}` : `${givenName} ${sn} ${i}`;
    return {
      sam: sam(i),
      dn: `CN=${escapeDnValue(cn)},${sambaStaffDn}`,
      cn,
      givenName,
      sn,
      mail: i % 50 === 0 ? undefined : `${sam(i)}@corp.test`,
      employeeID: i % 40 === 0 ? undefined : `E${String(i).padStart(6, '0')}`,
      department: departments[i % departments.length] as string,
      extensionAttribute1: `CC-${100 + (i % 9)}`,
      userAccountControl: i % 250 === 3 ? 514 : 512,
    };
  });
  const userDn = (i: number) => (users[i - 1] as SambaUser).dn;
  const g = (cn: string) => `CN=${escapeDnValue(cn)},${sambaGroupsDn}`;
  const group = (cn: string, members: string[]): SambaGroup => ({ cn, dn: g(cn), members });
  const groups: SambaGroup[] = [
    group('Team Big', range(1, 1600).map(userDn)),
    group('Team Exact', range(1, 1500).map(userDn)),
    group('Platform', [...range(160, 169).map(userDn), userDn(100)]),
    group('R&D, Ops (EU) *', range(170, 174).map(userDn)),
    group('Frontend', range(140, 159).map(userDn)),
    group('Backend', [g('Platform'), ...range(110, 139).map(userDn)]),
    group('Team Engineering', [g('Backend'), g('Frontend'), g('R&D, Ops (EU) *'), ...range(100, 109).map(userDn)]),
    group('Cycle A', [g('Cycle B'), userDn(200)]),
    group('Cycle B', [g('Cycle A'), userDn(201)]),
    group('Team Empty', []),
  ];
  return {
    users,
    groups,
    service: { dn: `CN=svc-sync,OU=Service Accounts,${sambaBaseDn}`, upn: 'svc-sync@corp.test' },
    emptyDn: `OU=Empty,${sambaBaseDn}`,
  };
}

/**
 * Names of the groups holding each user (by DN, lower case), directly or
 * through nested groups, computed from the fixture alone, in the fixture's
 * group order.
 */
export function expectedSambaMemberships(fixture: SambaFixture, membership: 'direct' | 'transitive'): Map<string, string[]> {
  const userDns = new Set(fixture.users.map((u) => u.dn.toLowerCase()));
  const byDn = new Map(fixture.groups.map((group) => [group.dn.toLowerCase(), group]));
  const all = (group: SambaGroup, visited: Set<SambaGroup>): Set<string> => {
    const users = new Set(group.members.map((m) => m.toLowerCase()).filter((m) => userDns.has(m)));
    if (membership === 'direct') return users;
    for (const member of group.members) {
      const nested = byDn.get(member.toLowerCase());
      if (nested && !visited.has(nested)) {
        visited.add(nested);
        for (const dn of all(nested, visited)) users.add(dn);
      }
    }
    return users;
  };
  const result = new Map<string, string[]>(fixture.users.map((u) => [u.dn.toLowerCase(), []]));
  for (const group of fixture.groups) for (const dn of all(group, new Set([group]))) result.get(dn)?.push(group.cn);
  return result;
}

function line(attribute: string, value: string): string {
  const safe = /^[\x01-\x09\x0b\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f][\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(value) && !value.endsWith(' ');
  return safe ? `${attribute}: ${value}` : `${attribute}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

function entry(dn: string, lines: string[]): string {
  return `${[line('dn', dn), ...lines].join('\n')}\n`;
}

/** `unicodePwd` as AD wants it: the quoted password in UTF-16LE. */
function unicodePwd(password: string): string {
  return `unicodePwd:: ${Buffer.from(`"${password}"`, 'utf16le').toString('base64')}`;
}

/** Schema additions: extensionAttribute1 (from the Exchange schema), allowed on users. Two LDIF steps: add, then modify. */
export function sambaSchemaLdif(): { add: string; modify: string } {
  const schemaDn = `CN=Schema,CN=Configuration,${sambaBaseDn}`;
  return {
    add: entry(`CN=ms-Exch-Extension-Attribute-1,${schemaDn}`, [
      'objectClass: attributeSchema',
      'cn: ms-Exch-Extension-Attribute-1',
      'lDAPDisplayName: extensionAttribute1',
      'attributeID: 1.2.840.113556.1.2.423',
      'attributeSyntax: 2.5.5.12',
      'oMSyntax: 64',
      'isSingleValued: TRUE',
      'rangeLower: 1',
      'rangeUpper: 1024',
      'searchFlags: 0',
    ]),
    modify: `dn: CN=User,${schemaDn}\nchangetype: modify\nadd: mayContain\nmayContain: extensionAttribute1\n\ndn:\nchangetype: modify\nadd: schemaUpdateNow\nschemaUpdateNow: 1\n`,
  };
}

/** The domain content as LDIF for ldbadd (groups in dependency order), and the modification that closes the cycle. */
export function sambaFixtureLdif(fixture: SambaFixture, servicePassword: string): { add: string; modify: string } {
  const out: string[] = [];
  for (const ou of ['Staff', 'Groups', 'Service Accounts', 'Empty']) out.push(entry(`OU=${ou},${sambaBaseDn}`, ['objectClass: organizationalUnit']));
  out.push(
    entry(fixture.service.dn, ['objectClass: user', 'sAMAccountName: svc-sync', `userPrincipalName: ${fixture.service.upn}`, 'userAccountControl: 66048', unicodePwd(servicePassword)]),
  );
  for (const user of fixture.users) {
    const lines = ['objectClass: user', line('sAMAccountName', user.sam), line('userPrincipalName', `${user.sam}@corp.test`), line('givenName', user.givenName), line('sn', user.sn), line('displayName', user.cn)];
    if (user.mail) lines.push(line('mail', user.mail));
    if (user.employeeID) lines.push(line('employeeID', user.employeeID));
    lines.push(line('department', user.department), line('extensionAttribute1', user.extensionAttribute1), `userAccountControl: ${user.userAccountControl}`);
    out.push(entry(user.dn, lines));
  }
  const cycleA = fixture.groups.find((group) => group.cn === 'Cycle A') as SambaGroup;
  for (const group of fixture.groups) {
    // Cycle A is added without Cycle B (which does not exist yet); the modification adds it.
    const members = group === cycleA ? group.members.filter((m) => !m.startsWith('CN=Cycle B')) : group.members;
    const sAMAccountName = `grp-${group.cn.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.replace(/-+$/, '');
    out.push(entry(group.dn, ['objectClass: group', line('sAMAccountName', sAMAccountName), ...members.map((m) => line('member', m))]));
  }
  const cycleB = fixture.groups.find((group) => group.cn === 'Cycle B') as SambaGroup;
  return { add: out.join('\n'), modify: `${line('dn', cycleA.dn)}\nchangetype: modify\nadd: member\n${line('member', cycleB.dn)}\n` };
}
