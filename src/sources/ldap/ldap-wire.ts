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

/** One attribute of an entry as received: its name with options (`member;range=0-1499`) and raw values. */
export interface WireAttribute {
  type: string;
  values: Buffer[];
  /** ldapts's own decoding of the same values (text when valid UTF-8), when it made one. */
  decoded?: Array<string | Buffer>;
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
    attributes: entry.attributes.map((attribute) => ({ type: attribute.type, values: attribute.parsedBuffers, decoded: attribute.values })),
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
 */
export async function* pagedSearch(client: Client, spec: SearchSpec, pageSize: number, signal: AbortSignal): AsyncGenerator<WireEntry[], void, undefined> {
  let cookie: Buffer = Buffer.alloc(0);
  let received = 0;
  for (let page = 0; ; page += 1) {
    let response: SearchResponse;
    try {
      signal.throwIfAborted();
      const control = new PagedResultsControl({ value: { size: pageSize, cookie } });
      response = await sendSearch(client, spec, [control]);
    } catch (error) {
      throw new SearchFailure(error, received);
    }
    const entries = toWireEntries(response);
    received += entries.length;
    yield entries;
    const answer = response.controls?.find((control): control is PagedResultsControl => control instanceof PagedResultsControl);
    if (answer === undefined) {
      // A server that ignores the (non-critical) control answers the whole search at once.
      if (page === 0) return;
      throw new SearchFailure(new LdapProtocolProblem(`page ${page + 1} of the search came back without the paged results control, so the end of the result cannot be known`), received);
    }
    const next = answer.value?.cookie;
    if (next === undefined || next.length === 0) return;
    cookie = next;
  }
}

/** Reads one entry (a base search); undefined when the search returns none. */
export async function readEntry(client: Client, dn: string, attributes: string[], timeLimitSeconds: number, filter: Filter): Promise<WireEntry | undefined> {
  const response = await sendSearch(client, { baseDn: dn, scope: 'base', filter, attributes, timeLimitSeconds }, []);
  return toWireEntries(response)[0];
}
