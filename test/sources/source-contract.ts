/**
 * The contract every source kind keeps (DESIGN.md, "Seams that new work
 * plugs into"), written once and run by each kind's `*-contract.test.ts`
 * with a small harness that says how to put the contract's people where
 * that kind reads them and how to break a read:
 *
 * 1. a complete read yields every person (count and keys) and returns a
 *    summary whose `entries` is what it yielded;
 * 2. all or nothing: a truncated input, a server failing mid-read and an
 *    abort after the first entries each end the read with a SourceError,
 *    never with a shorter list;
 * 3. an entry that cannot be used is an issue (the read's or the mapping's)
 *    whose location leads a person to that entry and to no other;
 * 4. the fingerprint is the same for two reads of the same data and differs
 *    when one value of one person changes.
 */
import { describe, expect, it } from 'vitest';
import { defaultRunContext, type RunContext } from '../../src/context/run-context.js';
import { SourceError } from '../../src/errors.js';
import { mapEntries, mappingSchema, type MappingInput } from '../../src/mapping/index.js';
import type { EntryIssue, RawEntry, ReadSummary, Source } from '../../src/sources/source.js';

/** One person of the contract's data, as every kind writes it. */
export interface ContractPerson {
  /** The person's key in the source: `p-0001`, … */
  id: string;
  /** Unique, lower case: `p-0001@contract.test`. It also marks the person in whatever a location leads to. */
  email: string;
  givenName: string;
  familyName: string;
}

/** What a harness writes. */
export interface ContractData {
  people: ContractPerson[];
  /** Index of the one person written, in the kind's own way, so that it cannot be used. Default: none. */
  unusable?: number;
}

/** One way a read of the loaded data goes wrong. */
export interface BrokenRead {
  fault: 'truncated' | 'server error';
  /** What happens, for the test's title: `the file cut in the middle`. */
  what: string;
  /** A source reading the loaded data that will meet the fault (set up here when it is set up before the read). */
  source(): Source | Promise<Source>;
  /** Called once the first entry has arrived, for a fault that strikes during the read. */
  strike?(): void | Promise<void>;
  /** Undoes the fault, whatever the read did. */
  restore?(): void | Promise<void>;
  /**
   * Set when the kind is known to break the contract here: how, in one
   * sentence. The case is then expected to fail (`it.fails`), so that the
   * day the source is fixed the test says so and the note can go.
   */
  knownGap?: string;
}

/** How one kind meets the contract. Its test file starts and stops whatever the harness uses. */
export interface SourceHarness {
  /** The kind, as `source.kind` says it. */
  kind: string;
  /** How the tests name it: `SCIM over HTTP (SCIMMY)`. */
  title: string;
  /** True when the read goes to a server: then it must also be broken by a server error. */
  server: boolean;
  /** The attribute of a person entry holding the person's `id`. */
  key: string;
  /** How the contract's mapping reads a person's name and email from this kind's entries. */
  mapping: { name: MappingInput['fields']['name']; email: MappingInput['fields']['email'] };
  /** Replaces whatever the harness wrote before by `data`. */
  load(data: ContractData): Promise<void>;
  /** A source reading what was loaded last. */
  source(): Source;
  /** Ways a read of the loaded data breaks. */
  breaks: BrokenRead[];
  /** What is at the place an issue names (a line of a file, the entry at a DN, the resource at a URL), as text. */
  follow(issue: EntryIssue): Promise<string>;
}

/** People in the contract's data: more than one page everywhere, and more than slapd's default 500-entry size limit. */
export const contractSize = 600;

const givenNames = ['Ana', 'Zoë', 'Łukasz', 'Søren', 'José', 'Yuki', 'Hélène', 'Mateus'];

/** The contract's people, the same every time. */
export function contractPeople(count = contractSize): ContractPerson[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `p-${String(i + 1).padStart(4, '0')}`;
    return { id, email: `${id}@contract.test`, givenName: givenNames[i % givenNames.length] as string, familyName: `Contract ${i + 1}` };
  });
}

/** What a read gave: its entries, and the summary it returned or the error it ended with. */
export interface ReadOutcome {
  entries: RawEntry[];
  summary?: ReadSummary;
  error?: unknown;
}

/** Reads `source` to its end or its error; `afterFirst` runs once the first entry has arrived. */
export async function readOutcome(source: Source, ctx: RunContext = defaultRunContext(), afterFirst?: () => void | Promise<void>): Promise<ReadOutcome> {
  const entries: RawEntry[] = [];
  try {
    const read = source.read(ctx);
    for (;;) {
      const next = await read.next();
      if (next.done) return { entries, summary: next.value };
      entries.push(next.value);
      if (entries.length === 1) await afterFirst?.();
    }
  } catch (error) {
    return { entries, error };
  }
}

/** A read that must succeed: its entries and summary. */
async function readWhole(source: Source): Promise<{ entries: RawEntry[]; summary: ReadSummary }> {
  const { entries, summary, error } = await readOutcome(source);
  if (error !== undefined || summary === undefined) throw error;
  return { entries, summary };
}

function keysOf(harness: SourceHarness, entries: RawEntry[]): string[] {
  return entries.filter((e) => e.kind === 'person').map((e) => String(e.attributes[harness.key]?.[0] ?? '(no key)'));
}

const sorted = (values: string[]) => [...values].sort();

/** The contract's mapping for `harness`'s kind: key, name and email, nothing else. */
function contractMapping(harness: SourceHarness, source: string) {
  return mappingSchema.parse({
    version: 1,
    source,
    externalId: { from: harness.key, transforms: ['first', 'trim'] },
    fields: { name: harness.mapping.name, email: harness.mapping.email },
    managed: { fields: ['name', 'email'] },
  });
}

/** Expects a read that ended with a SourceError of `source`, never normally. */
function expectSourceError(outcome: ReadOutcome, source: Source): SourceError {
  expect(outcome.summary, `the read ended normally after ${outcome.entries.length} entries`).toBeUndefined();
  expect(outcome.error).toBeInstanceOf(SourceError);
  const error = outcome.error as SourceError;
  expect(error.source).toBe(source.name);
  return error;
}

/** Registers the contract's tests for one kind. */
export function sourceContract(harness: SourceHarness): void {
  const people = contractPeople();
  const ids = people.map((p) => p.id);

  describe(`source contract: ${harness.title}`, () => {
    it('reads every person, and returns a summary counting what it yielded', async () => {
      await harness.load({ people });
      const source = harness.source();
      expect(source.kind).toBe(harness.kind);
      const { entries, summary } = await readWhole(source);
      expect(sorted(keysOf(harness, entries))).toEqual(ids);
      expect(summary.entries).toBe(entries.length);
      expect(summary.issues).toEqual([]);
      const mapped = await mapEntries(contractMapping(harness, source.name), entries);
      expect(mapped.issues).toEqual([]);
      expect(mapped.state.users).toHaveLength(people.length);
    });

    it('is broken by every fault the contract asks for', () => {
      expect(harness.breaks.some((b) => b.fault === 'truncated')).toBe(true);
      if (harness.server) expect(harness.breaks.some((b) => b.fault === 'server error')).toBe(true);
    });

    for (const broken of harness.breaks) {
      const title = `ends with a SourceError, never a shorter list, on ${broken.fault}: ${broken.what}`;
      (broken.knownGap === undefined ? it : it.fails)(broken.knownGap === undefined ? title : `${title} (known gap: ${broken.knownGap})`, async () => {
        await harness.load({ people });
        try {
          const source = await broken.source();
          const outcome = await readOutcome(source, defaultRunContext(), broken.strike);
          expectSourceError(outcome, source);
          // A server error is met mid-read, after entries have been handed over.
          if (broken.fault === 'server error') expect(outcome.entries.length).toBeGreaterThan(0);
        } finally {
          await broken.restore?.();
        }
      });
    }

    it('ends with a SourceError when the run is aborted after the first entries', async () => {
      await harness.load({ people });
      const controller = new AbortController();
      const source = harness.source();
      const outcome = await readOutcome(source, defaultRunContext({ signal: controller.signal }), () => controller.abort(new Error('stopped by the contract test')));
      expectSourceError(outcome, source);
      expect(outcome.entries.length).toBeGreaterThan(0);
    });

    it('leaves out an entry that cannot be used as an issue whose location leads to that entry', async () => {
      const bad = 6;
      await harness.load({ people, unusable: bad });
      const source = harness.source();
      const { entries, summary } = await readWhole(source);
      expect(summary.entries).toBe(entries.length);
      const mapped = await mapEntries(contractMapping(harness, source.name), entries);
      expect(sorted(mapped.state.users.map((u) => u.externalId))).toEqual(ids.filter((_, i) => i !== bad));
      const issues = [...summary.issues, ...mapped.issues];
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) {
        const there = await harness.follow(issue);
        expect(there, `${issue.origin} leads to the entry left out`).toContain(people[bad]?.email);
        for (const neighbour of [people[bad - 1], people[bad + 1]]) expect(there, `${issue.origin} leads to that entry only`).not.toContain(neighbour?.email);
      }
    });

    it('gives the same fingerprint to two reads of the same data, and another once a value changes', async () => {
      await harness.load({ people });
      const first = (await readWhole(harness.source())).summary.fingerprint;
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect((await readWhole(harness.source())).summary.fingerprint).toBe(first);
      const changed = people.map((p, i) => (i === 42 ? { ...p, familyName: `${p.familyName} Renamed` } : p));
      await harness.load({ people: changed });
      expect((await readWhole(harness.source())).summary.fingerprint).not.toBe(first);
    });
  });
}
