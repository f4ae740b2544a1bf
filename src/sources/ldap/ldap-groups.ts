/**
 * Reading the groups that become squads, and everything needed to tell
 * which squads each person belongs to: the squads' member lists (ranged on
 * AD), the groups nested in them, or AD's in-chain answer per squad.
 */
import type { Logger } from '../../context/run-context.js';
import { SourceError } from '../../errors.js';
import type { AttributeValue, EntryIssue, RawEntry } from '../source.js';
import type { LdapGroupsConfig, LdapSourceConfig } from './ldap-config.js';
import { dnKey, firstRdnValue } from './ldap-dn.js';
import { AttributeDecoder, externalIdText, firstValue } from './ldap-entry.js';
import { andFilters, escapeFilterValue, inChainFilter, parseFilter } from './ldap-filter.js';
import { type GroupNode, indexFromMemberKeys, indexFromMemberLists, indexFromMemberOf, type MembershipIndex, type PersonMembershipFacts } from './ldap-membership.js';
import type { LdapSearcher, SearchedEntry } from './ldap-search.js';

/** One squad group as read. */
export interface SquadGroup {
  dn: string;
  /** The value of the name attribute (or the first RDN's value). */
  name: string;
  /** The external id as text. */
  externalId: string;
  /** The entry yielded for it (kind `group`). */
  entry: RawEntry;
}

/** How membership is found, from the configuration. */
export type MembershipMode = 'in-chain' | 'member-lists' | 'member-of';

export function membershipMode(groups: LdapGroupsConfig): MembershipMode {
  if (groups.membership === 'transitive' && groups.transitiveMethod === 'in-chain') return 'in-chain';
  return groups.memberSource === 'memberOf' ? 'member-of' : 'member-lists';
}

/** The squads, and what each person's membership is resolved with. */
export class SquadGroups {
  constructor(
    readonly squads: SquadGroup[],
    private readonly index: MembershipIndex,
    /** Multi-valued user attributes membership needs (`memberOf`), read in full. */
    readonly userRangedAttributes: string[],
    private readonly uidAttribute: string | undefined,
  ) {}

  /** The squads `entry` (a person, its ranged attributes complete) belongs to, in read order. */
  squadsOf(entry: SearchedEntry, attributes: Record<string, AttributeValue[]>): SquadGroup[] {
    const facts: PersonMembershipFacts = {
      key: dnKey(entry.dn),
      uids: this.uidAttribute === undefined ? [] : stringValues(attributes, this.uidAttribute),
      memberOfKeys: (entry.complete.get('memberof') ?? []).map((bytes) => dnKey(bytes.toString('utf8'))),
    };
    return this.index.squadsOf(facts).map((i) => this.squads[i] as SquadGroup);
  }
}

function stringValues(attributes: Record<string, AttributeValue[]>, name: string): string[] {
  const wanted = name.toLowerCase();
  return Object.entries(attributes).flatMap(([key, values]) => (key.toLowerCase() === wanted ? values.filter((v): v is string => typeof v === 'string') : []));
}

/** The membership data of a group entry: its member DNs as keys, its memberUid values. */
function groupNode(entry: SearchedEntry, memberAttributes: string[]): GroupNode {
  const memberKeys: string[] = [];
  const memberUids: string[] = [];
  for (const attribute of memberAttributes) {
    const values = (entry.complete.get(attribute.toLowerCase()) ?? []).map((bytes) => bytes.toString('utf8'));
    // Loops, not push(...values): a group can have more members than a call takes arguments.
    if (attribute === 'memberUid') for (const uid of values) memberUids.push(uid);
    // uniqueMember may carry an optional unique identifier: `uid=ana,ou=people,…#'0101'B`.
    else for (const dn of values) memberKeys.push(dnKey(attribute === 'uniqueMember' ? dn.replace(/#'[01]*'B$/, '') : dn));
  }
  return { key: dnKey(entry.dn), memberKeys, memberUids };
}

/**
 * Reads the squad groups and what their membership needs.
 * @throws SourceError on any failure, when a group has no external id, or
 * when no squad group is found and `groups.allowEmpty` is off.
 */
export async function readSquadGroups(searcher: LdapSearcher, config: LdapSourceConfig, groups: LdapGroupsConfig, issues: EntryIssue[], logger: Logger): Promise<SquadGroups> {
  const mode = membershipMode(groups);
  const transitive = groups.membership === 'transitive';
  const memberAttributes = groups.memberAttributes;
  const decoder = new AttributeDecoder(groups.attributes, config.binaryAttributes);
  const squadNeedsMembers = mode === 'member-lists' || (mode === 'member-of' && transitive);

  const squads: SquadGroup[] = [];
  const squadNodes: GroupNode[] = [];
  const seen = new Set<string>();
  for await (const entry of searcher.entries({
    baseDns: groups.baseDns,
    scope: groups.scope,
    filterText: groups.filter,
    attributes: groups.attributes,
    rangedAttributes: squadNeedsMembers ? memberAttributes : [],
  })) {
    const key = dnKey(entry.dn);
    if (seen.has(key)) continue;
    seen.add(key);
    const attributes = decoder.decode(entry.attributes.filter((a) => !memberAttributes.some((m) => a.type.toLowerCase().split(';')[0] === m.toLowerCase())));
    const idValue = firstValue(attributes, groups.externalIdAttribute);
    if (idValue === undefined) {
      throw new SourceError(
        `LDAP source "${config.name}": the group "${entry.dn}" has no ${groups.externalIdAttribute} (server ${searcher.server}). ` +
          'Every squad group needs its immutable key. Usual causes: the bind account may not read that attribute, or groups.externalIdAttribute names an attribute these groups do not have.',
        config.name,
      );
    }
    const nameValue = firstValue(attributes, groups.nameAttribute);
    const name = typeof nameValue === 'string' ? nameValue : firstRdnValue(entry.dn);
    if (name === undefined || name.trim() === '') {
      issues.push({ origin: entry.dn, field: groups.nameAttribute, message: `the group has no ${groups.nameAttribute} to name its squad; it is left out` });
      continue;
    }
    const externalId = externalIdText(idValue);
    attributes['deskbee:dn'] = [entry.dn];
    attributes['deskbee:externalId'] = [externalId];
    squads.push({ dn: entry.dn, name, externalId, entry: { kind: 'group', attributes, origin: entry.dn } });
    squadNodes.push(squadNeedsMembers ? groupNode(entry, memberAttributes) : { key, memberKeys: [], memberUids: [] });
  }
  if (squads.length === 0 && !groups.allowEmpty) {
    throw new SourceError(
      `LDAP source "${config.name}": no group matched the squad filter ${groups.filter} under ${groups.baseDns.map((dn) => `"${dn}"`).join(', ')} (server ${searcher.server}). ` +
        'An empty result is treated as an error, since it would remove every squad membership. Usual causes: a wrong groups.baseDn or groups.filter, or a bind account that may not see the groups. Set groups.allowEmpty: true if no squad group is really expected.',
      config.name,
    );
  }

  let index: MembershipIndex;
  if (mode === 'in-chain') {
    index = indexFromMemberKeys(await inChainMembers(searcher, config, squads));
  } else {
    const nested: GroupNode[] = [];
    if (transitive) {
      const sameSearch = groups.nestedFilter === groups.filter && sameDns(groups.nestedBaseDns, groups.baseDns) && groups.scope === 'sub';
      if (!sameSearch) {
        for await (const entry of searcher.entries({ baseDns: groups.nestedBaseDns, scope: 'sub', filterText: groups.nestedFilter, attributes: ['1.1'], rangedAttributes: memberAttributes })) {
          nested.push(groupNode(entry, memberAttributes));
        }
      }
    }
    index = mode === 'member-lists' ? indexFromMemberLists(squadNodes, nested, transitive) : indexFromMemberOf(squadNodes, nested, transitive);
    logger.debug('LDAP groups read', { squads: squads.length, nestedGroups: nested.length, membership: groups.membership, mode });
  }
  const uidAttribute = mode === 'member-lists' && memberAttributes.includes('memberUid') ? groups.memberUidAttribute : undefined;
  return new SquadGroups(squads, index, mode === 'member-of' ? ['memberOf'] : [], uidAttribute);
}

function sameDns(a: string[], b: string[]): boolean {
  const keys = (dns: string[]) => dns.map(dnKey).sort().join('\n');
  return keys(a) === keys(b);
}

/** One in-chain search per squad: the users under the users' base DNs that are members at any depth. */
async function inChainMembers(searcher: LdapSearcher, config: LdapSourceConfig, squads: SquadGroup[]): Promise<string[][]> {
  const userFilter = parseFilter(config.users.filter);
  const members: string[][] = [];
  for (const squad of squads) {
    const keys: string[] = [];
    for await (const entry of searcher.entries({
      baseDns: config.users.baseDns,
      scope: config.users.scope,
      filterText: `(&${config.users.filter}(memberOf:1.2.840.113556.1.4.1941:=${escapeFilterValue(squad.dn)}))`,
      filter: andFilters(userFilter, inChainFilter('memberOf', squad.dn)),
      attributes: ['1.1'],
    })) {
      keys.push(dnKey(entry.dn));
    }
    members.push(keys);
  }
  return members;
}
