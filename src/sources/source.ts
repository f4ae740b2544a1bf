/**
 * The seam between the places people are managed and the mapping: every
 * source (csv, ldap, scim, deskbird) implements `Source`.
 */
import { noProgress, type RunContext } from '../context/run-context.js';

/** One attribute value as a source delivers it. Binary values (objectGUID) stay bytes. */
export type AttributeValue = string | Buffer;

/** A value as JSON holds it: what a source that reads JSON documents keeps of one. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One raw entry: a row of a CSV, an LDAP entry, a SCIM resource. */
export interface RawEntry {
  /** What the entry describes. */
  kind: 'person' | 'group';
  /**
   * Attribute name → values. Names are as the source spells them (a CSV's
   * header after trimming, an LDAP attribute name). Single values are
   * one-element arrays; an absent attribute is absent, not an empty array.
   */
  attributes: Record<string, AttributeValue[]>;
  /** Where it came from, for messages: `hr.csv line 12`, a DN, a SCIM id. */
  origin: string;
  /** 1-based line in the source file, when there is one. */
  line?: number;
  /**
   * The whole record as the source read it, for sources whose records are
   * JSON documents (a SCIM resource): the mapping's `path:` expressions read
   * it. Absent for sources of flat records (CSV rows, LDAP entries), where
   * `attributes` is everything.
   */
  document?: JsonValue;
}

/** A problem with one entry that leaves it out but lets the read go on. */
export interface EntryIssue {
  origin: string;
  line?: number;
  /** The field or column concerned, when one is. */
  field?: string;
  message: string;
}

/** What a finished read knows about itself. */
export interface ReadSummary {
  /** Entries yielded. */
  entries: number;
  /** Entries left out, each with why. */
  issues: EntryIssue[];
  /** A stable digest of what was read (sha256 hex), recorded in plans. */
  fingerprint: string;
}

export interface Source {
  /** Configured name of this source, e.g. `hr-csv`. */
  readonly name: string;
  /** `csv`, `ldap`, `scim`, `deskbird`. */
  readonly kind: string;
  /**
   * Reads every entry. All or nothing (invariant 2): any error, truncation,
   * size or time limit, or an empty result throws a `SourceError` instead of
   * ending the iteration early. When the iteration ends normally, its return
   * value describes the read.
   */
  read(ctx: RunContext): AsyncGenerator<RawEntry, ReadSummary, undefined>;
}

/** A read's entries for `for await`, and its summary once they have all been read. */
export interface SummarizedRead {
  entries: AsyncIterable<RawEntry>;
  /** Throws while the entries have not all been read. */
  summary(): ReadSummary;
}

/** Wraps a read so that its entries can be consumed with `for await` and its summary kept. */
export function summarized(source: Pick<Source, 'name' | 'read'>, ctx: RunContext): SummarizedRead {
  let summary: ReadSummary | undefined;
  const read = source.read(ctx);
  const progress = ctx.progress ?? noProgress;
  const stage = `read ${source.name}`;
  const entries: AsyncIterable<RawEntry> = {
    async *[Symbol.asyncIterator]() {
      let count = 0;
      for (;;) {
        const next = await read.next();
        if (next.done) {
          summary = next.value;
          progress.finish(stage);
          return;
        }
        progress.update(stage, ++count);
        yield next.value;
      }
    },
  };
  return {
    entries,
    summary: () => {
      if (!summary) throw new Error(`the read of source ${source.name} has not ended; its summary is not known yet`);
      return summary;
    },
  };
}
