/**
 * The LDAP / Active Directory source: reads the squad groups (when
 * configured) and then every user, paged, all or nothing (DESIGN.md
 * invariant 2), and yields them as raw entries with computed attributes.
 *
 * Computed attributes (names start with `deskbee:`, which no LDAP attribute
 * can, so they never clash with the directory's own):
 *
 * On person entries (kind `person`):
 * - `deskbee:dn`: the entry's DN.
 * - `deskbee:externalId`: the external id as text (entryUUID as is,
 *   objectGUID in canonical GUID form, other bytes in hex).
 * - `deskbee:groups`: names (the groups' `nameAttribute`, default `cn`) of
 *   the squad groups the person belongs to, directly or transitively as
 *   configured, in the order the groups were read. Absent when none.
 * - `deskbee:groupDns`, `deskbee:groupIds`: the same groups' DNs and
 *   external ids (text), in the same order: unambiguous when two groups
 *   share a name.
 * - `deskbee:disabled` / `deskbee:active`: `'true'` / `'false'` by the
 *   `users.disabled` rule (AD: userAccountControl bit 0x2). Absent when no
 *   rule is configured.
 *
 * On group entries (kind `group`, yielded before the persons): the
 * configured group attributes, `deskbee:dn` and `deskbee:externalId`.
 * Member lists are not repeated there (they can be huge): membership is on
 * the persons.
 */
import type { RunContext } from '../../context/run-context.js';
import { SourceError } from '../../errors.js';
import type { AttributeValue, EntryIssue, RawEntry, ReadSummary, Source } from '../source.js';
import { type LdapSourceConfig, type LdapSourceConfigInput, parseLdapSourceConfig } from './ldap-config.js';
import { openSession } from './ldap-connection.js';
import { type BindCredentials, type Environment, resolveBindCredentials } from './ldap-credentials.js';
import { dnKey } from './ldap-dn.js';
import { allValues, AttributeDecoder, externalIdText, firstValue } from './ldap-entry.js';
import { ReadFingerprint, ReceivedBytes } from './ldap-fingerprint.js';
import { readSquadGroups, type SquadGroups } from './ldap-groups.js';
import { LdapSearcher, type SearchedEntry } from './ldap-search.js';

/** What turning the users of one read into person entries needs. */
interface PersonReading {
  decoder: AttributeDecoder;
  /** Lower-case names of the attributes read in full, taken from `entry.complete` rather than from the pieces. */
  ranged: ReadonlySet<string>;
  groups: SquadGroups | undefined;
  /** The server read, for messages. */
  server: string;
  /** The received bytes of the current entry's values, for the fingerprint. */
  received: ReceivedBytes;
}

/** What an LdapSource needs besides its configuration. */
export interface LdapSourceOptions {
  /** Where the bind DN and password variables are read. Default `process.env`. */
  env?: Environment;
}

export class LdapSource implements Source {
  readonly kind = 'ldap';
  readonly name: string;
  /** The validated configuration, defaults and dialect presets applied. */
  readonly config: LdapSourceConfig;
  private readonly env: Environment;
  private lastSummary: ReadSummary | undefined;

  /** @throws ConfigError when `config` is not a valid LDAP source configuration. */
  constructor(config: LdapSourceConfigInput, options: LdapSourceOptions = {}) {
    this.config = parseLdapSourceConfig(config);
    this.name = this.config.name;
    this.env = options.env ?? process.env;
  }

  summary(): ReadSummary {
    if (this.lastSummary === undefined) {
      throw new SourceError(`The LDAP source ${this.name} has no complete read to summarize: summary() is valid only after read() has run to its end.`, this.name);
    }
    return { ...this.lastSummary, issues: [...this.lastSummary.issues] };
  }

  async *read(ctx: RunContext): AsyncGenerator<RawEntry, ReadSummary, undefined> {
    this.lastSummary = undefined;
    const { config } = this;
    const log = ctx.logger.child({ source: this.name });
    const credentials: BindCredentials = resolveBindCredentials(config, this.env);
    const started = ctx.clock.now();
    const session = await openSession(config, credentials, log);
    const issues: EntryIssue[] = [];
    const fingerprint = new ReadFingerprint();
    let groupCount = 0;
    let personCount = 0;
    try {
      const searcher = new LdapSearcher(session, config, ctx.signal, log);
      let groups: SquadGroups | undefined;
      if (config.groups) {
        groups = await readSquadGroups(searcher, config, config.groups, issues, log);
        for (const squad of groups.squads) {
          fingerprint.add(squad.entry);
          groupCount += 1;
          yield squad.entry;
        }
      }
      const reading: PersonReading = {
        decoder: new AttributeDecoder([...config.users.attributes, ...(groups?.userRangedAttributes ?? [])], config.binaryAttributes),
        ranged: new Set((groups?.userRangedAttributes ?? []).map((name) => name.toLowerCase())),
        groups,
        server: session.url,
        received: new ReceivedBytes(),
      };
      const seen = new Set<string>();
      const oneBase = config.users.baseDns.length === 1;
      for await (const entry of searcher.entries({
        baseDns: config.users.baseDns,
        scope: config.users.scope,
        filterText: config.users.filter,
        attributes: config.users.attributes,
        rangedAttributes: groups?.userRangedAttributes ?? [],
      })) {
        // An entry under two configured base DNs is read twice: keep it once. One search
        // returns an entry once, by the same DN: there the DN as sent is key enough.
        const key = oneBase ? entry.dn : dnKey(entry.dn);
        if (seen.has(key)) continue;
        seen.add(key);
        reading.received.clear();
        const person = this.personEntry(entry, reading);
        fingerprint.add(person, reading.received);
        personCount += 1;
        yield person;
      }
      if (personCount === 0 && !config.users.allowEmpty) {
        throw new SourceError(
          `LDAP source "${this.name}": the user search found nobody (server ${session.url}, bind DN ${credentials.anonymous ? '(anonymous)' : `"${credentials.dn}"`}, ` +
            `base DN ${config.users.baseDns.map((dn) => `"${dn}"`).join(', ')}, filter ${config.users.filter}). ` +
            'An empty directory would deactivate every user, so an empty result is an error. Usual causes: a wrong users.baseDn or users.filter, ' +
            'or a bind account (or an anonymous bind) that may not see the users. Set users.allowEmpty: true if an empty result is really expected.',
          this.name,
        );
      }
    } catch (error) {
      if (ctx.signal.aborted) throw new SourceError(`LDAP source "${this.name}": the read was stopped before it completed (server ${session.url}); nothing of it is used.`, this.name, { cause: error });
      throw error;
    } finally {
      await session.close();
    }
    log.info('LDAP read complete', { server: session.url, persons: personCount, groups: groupCount, ms: ctx.clock.now() - started });
    this.lastSummary = { entries: personCount + groupCount, issues, fingerprint: fingerprint.digest() };
    return this.summary();
  }

  private personEntry(entry: SearchedEntry, reading: PersonReading): RawEntry {
    const { config } = this;
    const { decoder, ranged, groups, server } = reading;
    const pieces = ranged.size === 0 ? entry.attributes : entry.attributes.filter((a) => !ranged.has((a.type.split(';')[0] ?? '').toLowerCase()));
    const attributes = decoder.decode(pieces, reading.received);
    for (const name of groups?.userRangedAttributes ?? []) {
      const values = entry.complete.get(name.toLowerCase()) ?? [];
      if (values.length > 0) attributes[decoder.name(name)] = decoder.values(name, values);
    }
    const idValue = firstValue(attributes, config.users.externalIdAttribute);
    if (idValue === undefined) {
      throw new SourceError(
        `LDAP source "${this.name}": the user "${entry.dn}" has no ${config.users.externalIdAttribute} (server ${server}). ` +
          'Every person needs its immutable key, and leaving one out would look like a leaver. Usual causes: the bind account may not read that attribute, ' +
          'or users.externalIdAttribute names an attribute these entries do not have.',
        this.name,
      );
    }
    attributes['deskbee:dn'] = [entry.dn];
    attributes['deskbee:externalId'] = [externalIdText(idValue)];
    if (groups) {
      const squads = groups.squadsOf(entry, attributes);
      if (squads.length > 0) {
        attributes['deskbee:groups'] = squads.map((squad) => squad.name);
        attributes['deskbee:groupDns'] = squads.map((squad) => squad.dn);
        attributes['deskbee:groupIds'] = squads.map((squad) => squad.externalId);
      }
    }
    const disabled = this.isDisabled(attributes);
    if (disabled !== undefined) {
      attributes['deskbee:disabled'] = [String(disabled)];
      attributes['deskbee:active'] = [String(!disabled)];
    }
    return { kind: 'person', attributes, origin: entry.dn };
  }

  private isDisabled(attributes: Record<string, AttributeValue[]>): boolean | undefined {
    const rule = this.config.users.disabled;
    if (rule === false) return undefined;
    const values = allValues(attributes, rule.attribute).map((value) => (typeof value === 'string' ? value : value.toString('utf8')));
    if (rule.present) return values.length > 0;
    if (rule.equals) {
      const wanted = new Set(rule.equals.map((value) => value.toLowerCase()));
      return values.some((value) => wanted.has(value.trim().toLowerCase()));
    }
    // No value to test (an account that may not read it?): say nothing rather than guess "active".
    if (values.length === 0) return undefined;
    const mask = BigInt(rule.bitmask ?? 0);
    return values.some((value) => /^-?\d+$/.test(value.trim()) && (BigInt.asUintN(64, BigInt(value.trim())) & mask) !== 0n);
  }
}
