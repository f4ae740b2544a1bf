/**
 * Search requests sent on an ldapts client, page by page, with every byte of
 * every value kept.
 *
 * Why not ldapts's `search`/`searchPaginated`: they end the paging when a
 * page comes back empty even if the server sent a cookie for more (a silent
 * truncation), they hide the response controls, and they decide per value
 * whether it is text, so a binary value that happens to be valid UTF-8
 * loses its byte-order mark or becomes a string. Here each request is an
 * ldapts `SearchRequest` sent through the client's own message dispatch;
 * the paging loop follows the cookie until the server says the result is
 * complete, and anything else (a result code, a referral, a missing paging
 * control mid-way) throws.
 */
import { type Client, type Control, type Filter, PagedResultsControl, SearchRequest, SearchResponse, StatusCodeParser } from 'ldapts';
import { LdapProtocolProblem, LdapReferralError } from './ldap-errors.js';

/**
 * One attribute of an entry as received: its name with options
 * (`member;range=0-1499`) and its values. ldapts's own `Attribute` has this
 * shape, so received attributes are used as they are, without a copy.
 */
export interface WireAttribute {
  readonly type: string;
  /** The raw bytes of each value. */
  readonly parsedBuffers: Buffer[];
  /** ldapts's decoding of the same values (text when valid UTF-8), when it made one. */
  readonly values?: ReadonlyArray<string | Buffer>;
}

/** One entry as received. */
export interface WireEntry {
  dn: string;
  attributes: WireAttribute[];
}

/** One search request. */
export interface SearchSpec {
  baseDn: string;
  scope: 'base' | 'one' | 'sub';
  filter: Filter;
  /** Attribute names asked for (`1.1` for none). */
  attributes: string[];
  /** Seconds the server may spend (0: its own limit). */
  timeLimitSeconds: number;
}

/** The parts of an ldapts client this module needs beyond its public API. */
interface ClientInternals {
  _send(message: SearchRequest): Promise<unknown>;
  _nextMessageId(): number;
}

function internals(client: Client): ClientInternals {
  const inner = client as unknown as Partial<ClientInternals>;
  if (typeof inner._send !== 'function' || typeof inner._nextMessageId !== 'function') {
    throw new Error('this version of ldapts no longer has the message dispatch deskbee-sync relies on (Client._send); use ldapts 8.x');
  }
  return { _send: inner._send.bind(client), _nextMessageId: inner._nextMessageId.bind(client) };
}

/** Sends one search request and waits for its final answer; a result code other than success throws. */
async function sendSearch(client: Client, spec: SearchSpec, controls: Control[]): Promise<SearchResponse> {
  const wire = internals(client);
  const request = new SearchRequest({
    messageId: wire._nextMessageId(),
    baseDN: spec.baseDn,
    scope: spec.scope,
    filter: spec.filter,
    attributes: spec.attributes,
    returnAttributeValues: true,
    // Never a client size limit: ldapts treats "size limit exceeded" as success when one is set.
    sizeLimit: 0,
    timeLimit: spec.timeLimitSeconds,
    derefAliases: 'never',
    controls,
  });
  const response = await wire._send(request);
  if (!(response instanceof SearchResponse)) throw new LdapProtocolProblem('the server answered a search with something that is not a search result');
  if (response.status !== 0) throw StatusCodeParser.parse(response);
  const references = response.searchReferences.flatMap((reference) => reference.uris);
  if (references.length > 0) throw new LdapReferralError(references);
  return response;
}

function toWireEntries(response: SearchResponse): WireEntry[] {
  return response.searchEntries.map((entry) => ({
    dn: entry.name,
    attributes: entry.attributes,
  }));
}

/** Thrown by `pagedSearch` with the number of entries received before the failure, for the message. */
export class SearchFailure extends Error {
  constructor(
    readonly failure: unknown,
    readonly entriesSoFar: number,
  ) {
    super(failure instanceof Error ? failure.message : String(failure), { cause: failure });
  }
}

/**
 * Runs a paged search (RFC 2696) to its end, yielding each page's entries.
 * Complete means: every answer succeeded and the last one carried an empty
 * cookie (or the server, not supporting paging, answered the first request
 * in full). Anything else throws a `SearchFailure`.
 *
 * The request for the next page goes out as soon as a page's cookie
 * arrives, before the page is yielded, so the server prepares it while the
 * caller works through this one; what is yielded, and when a failure is
 * thrown, is as if each request waited for the caller.
 */
export async function* pagedSearch(client: Client, spec: SearchSpec, pageSize: number, signal: AbortSignal): AsyncGenerator<WireEntry[], void, undefined> {
  let received = 0;
  let pending: Promise<SearchResponse> | undefined = requestPage(client, spec, pageSize, Buffer.alloc(0), signal);
  for (let page = 0; pending !== undefined; page += 1) {
    let answer: PageAnswer;
    try {
      answer = pageAnswer(await pending);
    } catch (error) {
      throw new SearchFailure(error, received);
    }
    received += answer.entries.length;
    const next = answer.cookie;
    pending = next !== undefined && next.length > 0 ? requestPage(client, spec, pageSize, next, signal) : undefined;
    yield answer.entries;
    if (!answer.paged) {
      // A server that ignores the (non-critical) control answers the whole search at once.
      if (page === 0) return;
      throw new SearchFailure(new LdapProtocolProblem(`page ${page + 1} of the search came back without the paged results control, so the end of the result cannot be known`), received);
    }
    // Stopped while the caller worked through the page: the answer already asked for is not used.
    if (pending !== undefined && signal.aborted) throw new SearchFailure(signal.reason, received);
  }
}

/** What a page's answer holds for the paging loop. */
interface PageAnswer {
  entries: WireEntry[];
  /** Whether the answer carried the paged results control. */
  paged: boolean;
  /** The control's cookie: empty or absent on the last page. */
  cookie: Buffer | undefined;
}

/** The parts of a page's answer the loop needs; the response itself (every entry of the page again) is not kept while the page is worked through. */
function pageAnswer(response: SearchResponse): PageAnswer {
  const control = response.controls?.find((candidate): candidate is PagedResultsControl => candidate instanceof PagedResultsControl);
  return { entries: toWireEntries(response), paged: control !== undefined, cookie: control?.value?.cookie };
}

/**
 * Sends the request for one page. An aborted signal or a failure rejects
 * the promise; a rejection nobody waits for (the caller stopped early, and
 * the session's close fails the request) is not reported as unhandled.
 */
function requestPage(client: Client, spec: SearchSpec, pageSize: number, cookie: Buffer, signal: AbortSignal): Promise<SearchResponse> {
  const sent = (async () => {
    signal.throwIfAborted();
    return sendSearch(client, spec, [new PagedResultsControl({ value: { size: pageSize, cookie } })]);
  })();
  sent.catch(() => undefined);
  return sent;
}

/** Reads one entry (a base search); undefined when the search returns none. */
export async function readEntry(client: Client, dn: string, attributes: string[], timeLimitSeconds: number, filter: Filter): Promise<WireEntry | undefined> {
  const response = await sendSearch(client, { baseDn: dn, scope: 'base', filter, attributes, timeLimitSeconds }, []);
  return toWireEntries(response)[0];
}
