/**
 * Reading a SCIM 2.0 service provider (RFC 7644): /Groups then /Users, page
 * by page (`startIndex`, `count`) until `totalResults`, all or nothing. A
 * page that fails, that starts elsewhere than asked, or that disagrees with
 * the others about `totalResults` fails the read: a read that skipped or
 * repeated people cannot be told from one that did not.
 */
import { createHash, type Hash } from 'node:crypto';
import type { Logger } from '../../context/run-context.js';
import { SourceError } from '../../errors.js';
import type { EntryIssue, JsonValue, RawEntry, ReadSummary } from '../source.js';
import type { ScimCredentials } from './scim-credentials.js';
import { toEntry } from './scim-entries.js';
import { scimGet, ScimTransportError, type ScimAnswer } from './scim-http.js';
import { GroupMemberships } from './scim-memberships.js';
import { get, isObject } from './scim-resource.js';
import { ScimServiceErrors } from './scim-service-errors.js';
import { pageUrl, resourceUrl } from './scim-url.js';

/** What a read from a service provider needs. */
export interface ScimServiceSettings {
  name: string;
  baseUrl: URL;
  credentials: ScimCredentials;
  filter?: string;
  groups: boolean;
  pageSize: number;
  timeoutMs: number;
  /** PEM CA certificates from tls.caFile. */
  ca?: Buffer;
}

/** Largest page accepted: 64 MiB. */
const maxPageBytes = 64 * 1024 * 1024;

interface Page {
  url: URL;
  resources: JsonValue[];
}

type Endpoint = 'Users' | 'Groups';

/** Reads every page of `endpoint`, checking each against the ones before. */
async function* pages(settings: ScimServiceSettings, endpoint: Endpoint, errors: ScimServiceErrors, signal: AbortSignal): AsyncGenerator<Page, void, undefined> {
  const filter = endpoint === 'Users' ? settings.filter : undefined;
  let startIndex = 1;
  let total: number | undefined;
  let read = 0;
  for (;;) {
    const url = pageUrl(settings.baseUrl, endpoint, startIndex, settings.pageSize, filter);
    let answer: ScimAnswer;
    try {
      answer = await scimGet(url, { authorization: settings.credentials.authorization, ca: settings.ca, timeoutMs: settings.timeoutMs, signal, maxBytes: maxPageBytes });
    } catch (error) {
      if (error instanceof ScimTransportError && error.code !== 'aborted') throw errors.transport(url, error);
      throw error;
    }
    if (answer.status !== 200) throw errors.status(url, answer, endpoint);
    let body: JsonValue;
    try {
      body = JSON.parse(answer.body) as JsonValue;
    } catch (error) {
      throw errors.badPage(url, `is not JSON (${(error as Error).message}; Content-Type ${answer.headers.contentType ?? 'not given'})`);
    }
    if (!isObject(body)) throw errors.badPage(url, 'is not a SCIM ListResponse (a JSON object)');
    const totalResults = get(body, 'totalResults');
    if (typeof totalResults !== 'number' || !Number.isInteger(totalResults) || totalResults < 0) {
      throw errors.badPage(url, `has no usable totalResults (${JSON.stringify(totalResults) ?? 'missing'}), so whether every ${endpoint === 'Users' ? 'user' : 'group'} was read cannot be known`);
    }
    const resources = get(body, 'Resources') ?? [];
    if (!Array.isArray(resources)) throw errors.badPage(url, 'has Resources that is not a list');
    const answeredStart = get(body, 'startIndex');
    if (answeredStart !== startIndex && !(answeredStart === undefined && startIndex === 1 && resources.length === totalResults)) {
      throw errors.badPage(
        url,
        `starts at startIndex ${JSON.stringify(answeredStart) ?? '(not given)'} where ${startIndex} was asked: the server does not page as asked (with scimmy-routers, express 5 drops the query string; older proxies may too), and reading on would skip or repeat people`,
      );
    }
    if (total !== undefined && totalResults !== total) {
      throw errors.badPage(url, `says totalResults ${totalResults} where the pages before said ${total}: ${endpoint} changed during the read`);
    }
    total = totalResults;
    read += resources.length;
    if (read > total) throw errors.badPage(url, `brings the ${endpoint} read to ${read}, more than the ${total} totalResults says`);
    yield { url, resources };
    if (read === total) return;
    if (resources.length === 0) throw errors.badPage(url, `holds no resource although totalResults is ${total} and only ${read} were read: the list ends early`);
    startIndex += resources.length;
  }
}

/** Reads the service provider; the generator returns the summary once every entry is yielded. */
export async function* readScimService(settings: ScimServiceSettings, signal: AbortSignal, logger: Logger): AsyncGenerator<RawEntry, ReadSummary, undefined> {
  const errors = new ScimServiceErrors(settings.name, settings.credentials);
  const memberships = new GroupMemberships();
  const hash = createHash('sha256');
  const issues: EntryIssue[] = [];
  const counts = { users: 0, groups: 0 };
  let current = settings.baseUrl;
  try {
    const endpoints: Endpoint[] = settings.groups ? ['Groups', 'Users'] : ['Users'];
    for (const endpoint of endpoints) {
      for await (const page of pages(settings, endpoint, errors, signal)) {
        current = page.url;
        for (const [index, resource] of page.resources.entries()) {
          fingerprint(hash, endpoint, resource);
          const pointer = `${page.url.href}#/Resources/${index}`;
          const type = endpoint === 'Users' ? 'User' : 'Group';
          const converted = toEntry(resource, (id) => ({ origin: id === undefined ? pointer : resourceUrl(settings.baseUrl, endpoint, id), issueOrigin: pointer }), memberships, type);
          if ('issue' in converted) {
            issues.push(converted.issue);
            continue;
          }
          const { entry } = converted;
          if (entry.kind === 'group' && isObject(entry.document)) memberships.add(entry.document, String(get(entry.document, 'id')));
          counts[entry.kind === 'person' ? 'users' : 'groups'] += 1;
          yield entry;
        }
      }
    }
  } catch (error) {
    if (error instanceof SourceError) throw error;
    if (signal.aborted || (error instanceof ScimTransportError && error.code === 'aborted')) throw errors.aborted(current, signal.reason);
    throw errors.badPage(current, `could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (counts.users === 0) throw errors.empty(new URL('Users', settings.baseUrl), issues);
  logger.info('read SCIM service provider', { url: settings.baseUrl.href, users: counts.users, groups: counts.groups, issues: issues.length });
  if (issues.length > 0) logger.warn('resources left out', { count: issues.length, first: issues[0] });
  return { entries: counts.users + counts.groups, issues, fingerprint: hash.digest('hex') };
}

/** Each resource as received, under its endpoint: stable across reads of the same data, whatever the page size. */
function fingerprint(hash: Hash, endpoint: Endpoint, resource: JsonValue): void {
  hash.update(endpoint);
  hash.update('\n');
  hash.update(JSON.stringify(resource));
  hash.update('\n');
}
