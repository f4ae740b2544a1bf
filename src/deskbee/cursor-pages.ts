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
 */
export async function* cursorPages<T extends z.ZodType>(options: CursorPagesOptions<T>): AsyncGenerator<z.infer<T>[]> {
  const schema = pageSchema(options.item);
  const seen = new Set<string>();
  let url: URL | undefined = options.firstUrl;
  while (url) {
    const key = url.toString();
    if (seen.has(key)) {
      throw new DeskbeeApiError({
        status: 0,
        id: 'invalid_response',
        message: 'links.next points back at a page already read; the listing would never end',
        request: `GET ${url.pathname}`,
      });
    }
    seen.add(key);
    const pageUrl: URL = url;
    const page = await options.transport.send({ method: 'GET', url: pageUrl, schema, idempotent: true }, options.bearer);
    yield page.data as z.infer<T>[];
    const next = page.links?.next;
    url = next ? nextPageUrl(next, options.baseUrl, options.firstUrl) : undefined;
  }
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
