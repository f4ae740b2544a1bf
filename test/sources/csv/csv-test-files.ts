/**
 * Helpers for the CSV source tests: real files in a temporary folder, and
 * Windows-1252 bytes written by hand (not through the decoder under test).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { defaultRunContext, type RunContext } from '../../../src/context/run-context.js';
import type { RawEntry, ReadSummary, Source } from '../../../src/sources/source.js';

/** A temporary folder for the current test file, removed after it. */
export function useTempDir(): { file(name: string, content: string | Uint8Array): Promise<string> } {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deskbee-csv-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    async file(name, content) {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
  };
}

/** Every entry of a complete read. */
export async function readAll(source: Source, ctx: RunContext = defaultRunContext()): Promise<RawEntry[]> {
  return (await readWithSummary(source, ctx)).entries;
}

/** Every entry of a complete read, and the summary the read ended with. */
export async function readWithSummary(source: Source, ctx: RunContext = defaultRunContext()): Promise<{ entries: RawEntry[]; summary: ReadSummary }> {
  const entries: RawEntry[] = [];
  const read = source.read(ctx);
  for (;;) {
    const next = await read.next();
    if (next.done) return { entries, summary: next.value };
    entries.push(next.value);
  }
}

/** The error a read ends with, and how many entries came before it; fails when the read succeeds. */
export async function readFailure(source: Source): Promise<{ error: Error; yielded: number }> {
  let yielded = 0;
  try {
    for await (const _ of source.read(defaultRunContext())) yielded++;
  } catch (error) {
    if (error instanceof Error) return { error, yielded };
    throw error;
  }
  throw new Error(`the read of ${source.name} succeeded with ${yielded} entries, but a failure was expected`);
}

/** The Windows-1252 bytes at 0x80–0x9F that tests use; everything else here is ISO-8859-1. */
const cp1252High: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '–': 0x96, '—': 0x97, '“': 0x93, '”': 0x94, 'Š': 0x8a, 'Œ': 0x8c, 'Ž': 0x8e, 'œ': 0x9c };

/** `text` encoded as Windows-1252, byte by byte. */
export function cp1252(text: string): Buffer {
  return Buffer.from(
    [...text].map((char) => {
      const high = cp1252High[char];
      if (high !== undefined) return high;
      const code = char.codePointAt(0) ?? 0;
      if (code > 0xff || (code >= 0x80 && code <= 0x9f)) throw new Error(`cp1252() has no byte for ${char}`);
      return code;
    }),
  );
}

/** Just the attribute values of entries, one record per entry, for compact assertions. */
export function rows(entries: RawEntry[]): Record<string, string>[] {
  return entries.map((entry) =>
    Object.fromEntries(Object.entries(entry.attributes).map(([name, values]) => [name, values.map(String).join('|')])),
  );
}
