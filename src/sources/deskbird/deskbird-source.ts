/**
 * The deskbird source: reads a company's groups and users from deskbird's
 * Public API, for a migration to Deskbee. Groups become group entries (so
 * that squads keep the group's id), users become person entries carrying the
 * names and ids of their groups (`deskbee:groups`, `deskbee:groupIds`). All
 * or nothing (DESIGN.md invariant 2): a page that keeps failing, a listing
 * that does not add up, a refused key or an abort ends the read with a
 * SourceError, never with a short list.
 */
import type { RunContext } from '../../context/run-context.js';
import { defaultRetryPolicy, type RetryPolicy } from '../../deskbee/retry-policy.js';
import { ConfigError, SourceError } from '../../errors.js';
import type { RawEntry, ReadSummary, Source } from '../source.js';
import { resolveDeskbirdApiKey, type DeskbirdApiKey } from './deskbird-api-key.js';
import { deskbirdSourceConfigSchema, type DeskbirdSourceConfig, type DeskbirdSourceConfigInput } from './deskbird-config.js';
import { computedAttributes, EntryFingerprint, flatten } from './deskbird-entries.js';
import { DeskbirdReadErrors } from './deskbird-errors.js';
import { DeskbirdHttp } from './deskbird-http.js';
import { groupMemberFields, type GroupInfo, MembershipIndex } from './deskbird-membership.js';
import { resolveMembership } from './deskbird-membership-reader.js';
import { offsetPages } from './deskbird-pages.js';

/** What a source may be given besides its settings; tests shorten the backoff. */
export interface DeskbirdSourceDeps {
  /** Where the API key variables are read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Retry policy. Default: 5 attempts on 5xx and timeouts, 10 on 429, backoff from 250 ms doubling to 20 s. */
  retry?: Partial<RetryPolicy>;
  /** Random numbers for the backoff's jitter. Default Math.random. */
  random?: () => number;
}

/** A group as listed, kept until the users are read. */
export interface ListedGroup {
  info: GroupInfo;
  raw: Record<string, unknown>;
}

const skipOnGroups: ReadonlySet<string> = new Set(groupMemberFields);

export class DeskbirdSource implements Source {
  readonly kind = 'deskbird';
  readonly name: string;
  /** The validated settings, defaults applied. */
  readonly config: DeskbirdSourceConfig;
  private readonly apiKey: DeskbirdApiKey;
  private readonly retry: RetryPolicy;
  private readonly random: () => number;

  /** @throws ConfigError when the settings are not valid or the API key cannot be found. */
  constructor(config: DeskbirdSourceConfigInput, deps: DeskbirdSourceDeps) {
    const parsed = deskbirdSourceConfigSchema.safeParse(config);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(source)'}: ${issue.message}`).join('; ');
      throw new ConfigError(`the deskbird source settings are not valid: ${problems}.`);
    }
    this.config = parsed.data;
    this.name = this.config.name;
    this.apiKey = resolveDeskbirdApiKey(this.config, deps.env);
    this.retry = { ...defaultRetryPolicy, ...deps.retry };
    this.random = deps.random ?? Math.random;
  }

  async *read(ctx: RunContext): AsyncGenerator<RawEntry, ReadSummary, undefined> {
    const { config } = this;
    const log = ctx.logger.child({ source: this.name, baseUrl: config.baseUrl });
    const errors = new DeskbirdReadErrors({ sourceName: this.name, apiKeyFrom: this.apiKey.from });
    const baseUrl = new URL(config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`);
    const http = new DeskbirdHttp({ baseUrl, apiKey: this.apiKey.key, timeoutMs: config.timeoutMs, retry: this.retry, random: this.random, errors, userAgent: 'deskbee-sync' });
    const started = ctx.clock.now();
    const idOf = (item: unknown) => {
      const id = item !== null && typeof item === 'object' ? (item as Record<string, unknown>).id : undefined;
      return typeof id === 'string' && id.trim() !== '' ? id.trim() : { problem: 'it has no id' };
    };
    try {
      const groups: ListedGroup[] = [];
      for await (const page of offsetPages({ http, errors, path: '/groups', pageSize: config.pageSize, keyOf: idOf }, ctx)) {
        for (const item of page) {
          const raw = item.value as Record<string, unknown>;
          const name = typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name.trim() : undefined;
          groups.push({ info: { id: item.key, ...(name !== undefined ? { name } : {}) }, raw });
        }
      }
      const membership = await resolveMembership({ setting: config.membership, groups, http, errors, pageSize: config.pageSize }, ctx);
      const fingerprint = new EntryFingerprint();
      for (const group of groups) {
        const entry: RawEntry = { kind: 'group', attributes: flatten(group.raw, skipOnGroups), origin: `groups/${group.info.id}` };
        fingerprint.add(entry);
        yield entry;
      }
      let persons = 0;
      for await (const page of offsetPages({ http, errors, path: '/users', pageSize: config.pageSize, keyOf: idOf }, ctx)) {
        for (const item of page) {
          const raw = item.value as Record<string, unknown>;
          const attributes = flatten(raw);
          const ofUser = membership.index.groupsOf(item.key, raw);
          if (ofUser.ids.length > 0) {
            attributes[computedAttributes.groups] = ofUser.names;
            attributes[computedAttributes.groupIds] = ofUser.ids;
          }
          const entry: RawEntry = { kind: 'person', attributes, origin: `users/${item.key}` };
          fingerprint.add(entry);
          persons += 1;
          // A page is handed over entry by entry: an abort must not wait for the next request.
          ctx.signal.throwIfAborted();
          yield entry;
        }
      }
      if (persons === 0) throw errors.empty(`GET ${http.url('/users').href}`);
      this.checkUserSideMembership(membership, groups.length, errors);
      const unmatched = membership.index.unmatchedMembers();
      if (unmatched > 0 || membership.index.unknownGroupRefs > 0) {
        log.warn('some group members name no user that was read, or users name groups that were not read; those memberships are left out', {
          unmatchedMembers: unmatched,
          unknownGroups: membership.index.unknownGroupRefs,
        });
      }
      log.info('read deskbird', { persons, groups: groups.length, membership: membership.mode, ...http.counters, ms: ctx.clock.now() - started });
      return { entries: persons + groups.length, issues: [], fingerprint: fingerprint.digest() };
    } catch (error) {
      if (ctx.signal.aborted) throw errors.aborted(error);
      if (error instanceof SourceError) throw error;
      throw new SourceError(`deskbird source "${this.name}": the read failed: ${error instanceof Error ? error.message : String(error)}`, this.name, { cause: error });
    }
  }

  /** Membership read from the users' side must have been seen on at least one user. */
  private checkUserSideMembership(membership: { mode: string; lookedAt: string[]; index: MembershipIndex }, groupCount: number, errors: DeskbirdReadErrors): void {
    if (membership.mode !== 'userGroups' || groupCount === 0 || membership.index.usersWithGroupField > 0) return;
    throw errors.noMembership([...membership.lookedAt, 'no user carries groupIds or groups']);
  }
}
