/**
 * The seam between the places people are managed and the mapping: every
 * source (csv, ldap, scim, deskbird) implements `Source`.
 */
import type { RunContext } from '../context/run-context.js';

/** One attribute value as a source delivers it. Binary values (objectGUID) stay bytes. */
export type AttributeValue = string | Buffer;

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
   * ending the iteration early. Once the iteration has ended normally,
   * `summary()` describes the read.
   */
  read(ctx: RunContext): AsyncIterable<RawEntry>;
  /** Valid after `read` has completed; throws before. */
  summary(): ReadSummary;
}
