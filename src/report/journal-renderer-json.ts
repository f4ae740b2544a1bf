/**
 * `journal --format json`'s one document, a page at a time:
 * `{ "version": 1, "entries": [...], "more": N }`, each entry the store's
 * JournalEntry on a line of its own, `more` the entries that match but
 * were left out by the limit.
 */
import type { JournalEntry } from '../store/snapshot-store.js';

/** The document's version; a change that breaks readers bumps it. */
export const journalDocumentVersion = 1;

/** The document in chunks; `more` is asked for once every page has been read. */
export async function* journalJsonChunks(pages: AsyncIterable<readonly JournalEntry[]>, more: () => number): AsyncGenerator<string> {
  yield `{\n  "version": ${journalDocumentVersion},\n  "entries": [`;
  let first = true;
  for await (const page of pages) {
    let chunk = '';
    for (const entry of page) {
      chunk += `${first ? '\n' : ',\n'}    ${JSON.stringify(entry)}`;
      first = false;
    }
    yield chunk;
  }
  yield `${first ? '' : '\n  '}],\n  "more": ${more()}\n}\n`;
}
