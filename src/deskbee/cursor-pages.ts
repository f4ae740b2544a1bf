import type { z } from 'zod';
import { DeskbeeApiError } from '../errors.js';
import type { BearerSource, HttpTransport } from './http-transport.js';
import { pageSchema } from './schemas.js';

export interface CursorPagesOptions<T extends z.ZodType> {
  transport: HttpTransport;
  bearer: BearerSource;
  /** The API's base URL: `links.next` must stay on its origin and under its path. */
  baseUrl: URL;
  /** First page's URL, with `limit` and any `search` / `include`. */
  firstUrl: URL;
  item: T;
}

/**
 * Deskbee's cursor pagination as an async iterator over pages: follows
 * `links.next` until it is absent or null. A `links.next` on another origin
 * (or outside the API's path) is refused, so the bearer token is never sent
 * elsewhere. Query parameters of the first request that the next link leaves
 * out (`limit`, `search`, `include`) are carried over, since Deskbee's next
 * links hold only the cursor.
 *
 * A cursor listing cannot be read in parallel, so it is pipelined: page n+1
 * is requested as soon as page n arrives, while the caller handles page n.
 * When the caller is already waiting for page n, its next link is looked
 * for in the body's text and page n+1 requested before page n is parsed and
 * checked. That link is only a guess: once page n is parsed, a guess that
 * differs from its `links.next` is abandoned and the right page requested.
 * One page beyond the caller's at most, so memory stays bounded; a caller
 * that stops early abandons the page fetched ahead.
 */
export async function* cursorPages<T extends z.ZodType>(options: CursorPagesOptions<T>): AsyncGenerator<z.infer<T>[]> {
  const schema = pageSchema(options.item);
  type Page = z.infer<typeof schema>;
  const seen = new Set<string>();
  let pending: PageAhead<Page> | undefined;
  let ahead: PageAhead<Page> | undefined;
  // The caller has asked for `pending` and waits for it.
  let waiting = false;
  const fetchPage = (url: URL): PageAhead<Page> => {
    const abandon = new AbortController();
    let fetched: PageAhead<Page> | undefined;
    // Only the page the caller waits for looks ahead: one page beyond the caller's at most, however slow the caller.
    const peek = (text: string) => {
      if (!fetched || pending !== fetched || !waiting || ahead) return;
      const guess = guessNext(text, options);
      if (guess && !seen.has(guess.toString())) ahead = fetchPage(guess);
    };
    const page = options.transport.send({ method: 'GET', url, schema, idempotent: true, signal: abandon.signal, peek }, options.bearer);
    // Awaited below; until then a failure must not count as unhandled.
    page.catch(() => undefined);
    fetched = { url: url.toString(), page, abandon };
    return fetched;
  };
  pending = fetchPage(options.firstUrl);
  try {
    while (pending) {
      seen.add(pending.url);
      waiting = true;
      const page: Page = await pending.page;
      waiting = false;
      const guessed = ahead;
      pending = ahead = undefined;
      // A bad next link is reported after this page is handed over, as the listing reached it.
      let refusal: DeskbeeApiError | undefined;
      const next: string | null | undefined = page.links?.next;
      try {
        const url: URL | undefined = next ? nextPageUrl(next, options.baseUrl, options.firstUrl) : undefined;
        if (url && seen.has(url.toString())) throw loopingLink(url);
        if (guessed && guessed.url !== url?.toString()) await settle(guessed);
        if (url) pending = guessed?.url === url.toString() ? guessed : fetchPage(url);
      } catch (error) {
        if (guessed && guessed !== pending) await settle(guessed);
        if (!(error instanceof DeskbeeApiError)) throw error;
        refusal = error;
      }
      yield page.data as z.infer<T>[];
      if (refusal) throw refusal;
    }
  } finally {
    for (const left of [pending, ahead]) if (left) await settle(left);
  }
}

/** A page requested, and the way to abandon it. */
interface PageAhead<P> {
  url: string;
  page: Promise<P>;
  abandon: AbortController;
}

async function settle(ahead: PageAhead<unknown>): Promise<void> {
  ahead.abandon.abort();
  await ahead.page.catch(() => undefined);
}

/**
 * The next link of a page's body, found without parsing it: the text after
 * the last `"next":` key, when it is a string. A key can only appear
 * unescaped as a key, and Laravel writes `links` after `data`; a wrong guess
 * costs one abandoned request. Undefined when there is none or it is unusable.
 */
function guessNext(text: string, options: CursorPagesOptions<z.ZodType>): URL | undefined {
  const at = text.lastIndexOf('"next":');
  if (at < 0) return undefined;
  const literal = /^\s*("(?:[^"\\]|\\.)*")/.exec(text.slice(at + 7, at + 7 + 4096));
  if (!literal?.[1]) return undefined;
  try {
    const next: unknown = JSON.parse(literal[1]);
    return typeof next === 'string' && next !== '' ? nextPageUrl(next, options.baseUrl, options.firstUrl) : undefined;
  } catch {
    return undefined;
  }
}

function loopingLink(url: URL): DeskbeeApiError {
  return new DeskbeeApiError({
    status: 0,
    id: 'invalid_response',
    message: 'links.next points back at a page already read; the listing would never end',
    request: `GET ${url.pathname}`,
  });
}

function nextPageUrl(next: string, baseUrl: URL, firstUrl: URL): URL {
  let url: URL;
  try {
    url = new URL(next, baseUrl);
  } catch {
    throw foreignLink(firstUrl, 'it is not a URL');
  }
  const basePath = baseUrl.pathname.replace(/\/$/, '');
  if (url.origin !== baseUrl.origin) throw foreignLink(firstUrl, `it points at ${url.origin}, not ${baseUrl.origin}`);
  if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
    throw foreignLink(firstUrl, `it points outside ${basePath || '/'}`);
  }
  for (const [name, value] of firstUrl.searchParams) {
    if (name !== 'cursor' && !url.searchParams.has(name)) url.searchParams.set(name, value);
  }
  return url;
}

function foreignLink(firstUrl: URL, why: string): DeskbeeApiError {
  return new DeskbeeApiError({
    status: 0,
    id: 'foreign_link',
    message: `refused to follow links.next: ${why}. The listing was stopped so that the bearer token is not sent to another server; check DESKBEE_BASE_URL`,
    request: `GET ${firstUrl.pathname}`,
  });
}
