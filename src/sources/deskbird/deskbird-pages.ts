/**
 * deskbird's limit/offset listings read to the end, and checked: every page
 * says the same `total`, each page starts where asked, no item comes twice,
 * and the items read add up to `total`. A listing ends at a page shorter
 * than its `limit` (the server's, which may be lower than asked), so a
 * `total` that is too low cannot end a read early unnoticed.
 */
import { z } from 'zod';
import type { RunContext } from '../../context/run-context.js';
import type { DeskbirdReadErrors } from './deskbird-errors.js';
import type { DeskbirdHttp } from './deskbird-http.js';

/** A count as JSON gives it; some APIs send numbers as text. */
const count = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().min(0));

const envelopeSchema = z.looseObject({ total: count, limit: count, offset: count, data: z.array(z.unknown()) });

/** One item of a listing and its key (for the duplicate check). */
export interface ListedItem {
  key: string;
  value: unknown;
}

export interface OffsetListing {
  http: DeskbirdHttp;
  errors: DeskbirdReadErrors;
  /** Path below the base URL, e.g. `/users`. */
  path: string;
  pageSize: number;
  /** The item's key, or a message saying why it has none (which ends the read). */
  keyOf(item: unknown): string | { problem: string };
}

/** Every page of the listing, in order; throws SourceError when the listing does not add up. */
export async function* offsetPages(listing: OffsetListing, ctx: RunContext): AsyncGenerator<ListedItem[], void, undefined> {
  const { http, errors, path, pageSize } = listing;
  const seen = new Set<string>();
  let total: number | undefined;
  let offset = 0;
  for (;;) {
    const url = http.url(path, { limit: pageSize, offset });
    const request = `GET ${url.href}`;
    const parsed = envelopeSchema.safeParse(await http.getJson(url, ctx));
    if (!parsed.success) {
      const where = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
        .join('; ');
      throw errors.invalid(request, `it is not a page {total, limit, offset, data} (${where})`);
    }
    const page = parsed.data;
    if (page.offset !== offset) throw errors.incomplete(request, `asked for offset ${offset}, the page says offset ${page.offset}`);
    if (total === undefined) total = page.total;
    else if (page.total !== total) {
      throw errors.incomplete(request, `the first page said total ${total}, the page at offset ${offset} says ${page.total}`);
    }
    const items: ListedItem[] = [];
    for (const [i, value] of page.data.entries()) {
      const key = listing.keyOf(value);
      if (typeof key !== 'string') throw errors.invalid(request, `item ${i} of the page: ${key.problem}`);
      if (seen.has(key)) throw errors.incomplete(request, `${key} was already read on an earlier page`);
      seen.add(key);
      items.push({ key, value });
    }
    if (seen.size > total) throw errors.incomplete(request, `${seen.size} items read by offset ${offset + items.length}, more than the total of ${total}`);
    if (items.length > 0) yield items;
    offset += items.length;
    if (items.length === 0 || items.length < page.limit) break;
  }
  if (seen.size !== total) {
    throw errors.incomplete(`GET ${http.url(path, { limit: pageSize, offset }).href}`, `the listing ended after ${seen.size} items, but its total is ${total ?? 0}`);
  }
}
