/**
 * Searches as the source runs them: over several base DNs, paged, with
 * ranged attributes completed entry by entry, every failure turned into a
 * SourceError that names the server, bind DN, base DN and filter.
 */
import type { Filter } from 'ldapts';
import type { Logger } from '../../context/run-context.js';
import type { LdapSourceConfig } from './ldap-config.js';
import type { LdapSession } from './ldap-connection.js';
import { ldapSourceError } from './ldap-errors.js';
import { parseFilter } from './ldap-filter.js';
import { rangeRequest, readRemainingRanges, takeRange } from './ldap-ranged.js';
import { pagedSearch, SearchFailure, type WireEntry } from './ldap-wire.js';

/** One search over one or more base DNs. */
export interface SearchPlan {
  baseDns: string[];
  scope: 'sub' | 'one' | 'base';
  /** The filter as text, for messages (and parsed when `filter` is not given). */
  filterText: string;
  /** The filter to send, when built as an object (binary or DN values). */
  filter?: Filter;
  /** Plain attributes asked for. */
  attributes: string[];
  /** Multi-valued attributes read in full, in ranges when the source reads ranges. */
  rangedAttributes?: string[];
}

/** An entry with its ranged attributes complete: `attributes` holds every piece received, `complete` the full values by attribute name (lower case). */
export interface SearchedEntry extends WireEntry {
  complete: ReadonlyMap<string, Buffer[]>;
}

/** Runs searches for one read on one session. */
export class LdapSearcher {
  /** What `complete` holds for a search without ranged attributes: one map for all its entries. */
  private readonly noRanges: ReadonlyMap<string, Buffer[]> = new Map();

  constructor(
    private readonly session: LdapSession,
    private readonly config: LdapSourceConfig,
    private readonly signal: AbortSignal,
    private readonly logger: Logger,
  ) {}

  /** The server this searcher talks to. */
  get server(): string {
    return this.session.url;
  }

  /**
   * Every entry of `plan`, base DN after base DN.
   * @throws SourceError on any failure: the read is then incomplete and must not be used.
   */
  async *entries(plan: SearchPlan): AsyncGenerator<SearchedEntry, void, undefined> {
    const ranged = plan.rangedAttributes ?? [];
    const useRanges = this.config.rangedRetrieval.enabled;
    const step = this.config.rangedRetrieval.step;
    const attributes = [...plan.attributes, ...ranged.map((name) => (useRanges ? rangeRequest(name, 0, step) : name))];
    const filter = plan.filter ?? parseFilter(plan.filterText);
    for (const baseDn of plan.baseDns) {
      const context = { ...this.session.context, operation: 'search' as const, baseDn, filter: plan.filterText };
      const pages = pagedSearch(this.session.client, { baseDn, scope: plan.scope, filter, attributes, timeLimitSeconds: this.config.timeLimitSeconds }, this.config.pageSize, this.signal);
      let pageCount = 0;
      let entryCount = 0;
      try {
        for await (const page of pages) {
          pageCount += 1;
          const slots: Array<WireEntry | undefined> = page;
          for (let index = 0; index < slots.length; index += 1) {
            const entry = slots[index] as WireEntry;
            // Let an entry worked through be collected while the rest of its page is.
            slots[index] = undefined;
            entryCount += 1;
            yield ranged.length === 0 ? { dn: entry.dn, attributes: entry.attributes, complete: this.noRanges } : await this.completeRanges(entry, ranged);
          }
        }
        this.logger.debug('LDAP search complete', { baseDn, filter: plan.filterText, pages: pageCount, entries: entryCount });
      } catch (error) {
        if (error instanceof SearchFailure) throw ldapSourceError(error.failure, { ...context, entriesSoFar: error.entriesSoFar });
        throw ldapSourceError(error, context);
      }
    }
  }

  private async completeRanges(entry: WireEntry, ranged: string[]): Promise<SearchedEntry> {
    const complete = new Map<string, Buffer[]>();
    for (const attribute of ranged) {
      const first = takeRange(entry.attributes, attribute, 0);
      if (!first) {
        complete.set(attribute.toLowerCase(), []);
        continue;
      }
      const values = [...first.values];
      if (first.nextLow !== undefined) {
        try {
          const rest = await readRemainingRanges(this.session.client, entry.dn, attribute, first.nextLow, this.config.rangedRetrieval.step, this.config.timeLimitSeconds);
          for (const value of rest) values.push(value);
          this.logger.debug('LDAP ranged read complete', { dn: entry.dn, attribute, values: values.length });
        } catch (error) {
          throw ldapSourceError(error, { ...this.session.context, operation: 'ranged read', baseDn: entry.dn, attribute });
        }
      }
      complete.set(attribute.toLowerCase(), values);
    }
    return { ...entry, complete };
  }
}
