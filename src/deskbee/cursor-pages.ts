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
 * One page ahead at most, so memory stays bounded; a caller that stops early
 * abandons the page fetched ahead.
 */
export async function* cursorPages<T extends z.ZodType>(options: CursorPagesOptions<T>): AsyncGenerator<z.infer<T>[]> {
  const schema = pageSchema(options.item);
  const seen = new Set<string>();
  const abandon = new AbortController();
  const fetchPage = (url: URL) => {
    seen.add(url.toString());
    const page = options.transport.send({ method: 'GET', url, schema, idempotent: true, signal: abandon.signal }, options.bearer);
    // Awaited below; until then a failure must not count as unhandled.
    page.catch(() => undefined);
    return page;
  };
  let pending: ReturnType<typeof fetchPage> | undefined = fetchPage(options.firstUrl);
  try {
    while (pending) {
      const page = await pending;
      pending = undefined;
      // A bad next link is reported after this page is handed over, as the listing reached it.
      let refusal: DeskbeeApiError | undefined;
      const next = page.links?.next;
      if (next) {
        try {
          const url = nextPageUrl(next, options.baseUrl, options.firstUrl);
          if (seen.has(url.toString())) throw loopingLink(url);
          pending = fetchPage(url);
        } catch (error) {
          if (!(error instanceof DeskbeeApiError)) throw error;
          refusal = error;
        }
      }
      yield page.data as z.infer<T>[];
      if (refusal) throw refusal;
    }
  } finally {
    if (pending) {
      abandon.abort();
      await pending.catch(() => undefined);
    }
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
