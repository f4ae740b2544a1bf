/** What the merge stage takes and gives: plain data. */
import type { MapResult } from '../mapping/map-result.js';
import type { DesiredState, UserField } from '../model/directory.js';
import type { EntryIssue, ReadSummary } from '../sources/source.js';

/** One source's read, mapped. */
export interface MappedSource {
  /** The configured name. */
  name: string;
  kind: string;
  mapped: MapResult;
  summary: ReadSummary;
  mappingFingerprint: string;
}

/** How several sources make one person (the configuration's `merge`), resolved against the configured sources. */
export interface MergeRules {
  /** The field that names the same person in every source. */
  join: 'email' | 'enrollment' | 'identifier';
  /** The sources in configuration order: the default precedence of every field. */
  order: string[];
  /** Per field, the sources to take it from, first with a value wins. Default `order`. */
  fields: Partial<Record<UserField, string[]>>;
  /** Sources that own people (someone is a leaver only when gone from all of them). */
  owners: string[];
  /** A person only in sources that do not own people. */
  secondaryOnly: 'ignore' | 'report' | 'create';
}

/** Where every person of one source went. */
export interface SourceAccount {
  name: string;
  /** Person entries read (mapped, left out by the mapping, or unreadable). */
  people: number;
  /** Left out by the source, the mapping or the merge (each with an issue). */
  leftOut: number;
  /** Only in this source and others that do not own people, and not taken (`secondaryOnly: ignore` or `report`). */
  notTaken: number;
}

export interface MergeResult {
  state: DesiredState;
  /** Link keys (linkKey) of entries read but left out: their Deskbee users are neither updated nor deactivated. */
  leftOut: { users: string[]; groups: string[] };
  issues: EntryIssue[];
  /** Per source, in configuration order. */
  accounts: SourceAccount[];
}
