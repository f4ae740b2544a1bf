/**
 * What mapping a source's entries produces.
 */
import type { DesiredState } from '../model/directory.js';
import type { EntryIssue } from '../sources/source.js';

/** Something worth a look that left nothing out. */
export interface MappingWarning {
  /** The entry concerned; absent for a warning about the mapping as a whole. */
  origin?: string;
  line?: number;
  /** The field (`costCenter.name`) or mapping key (`fields.email`) concerned. */
  field?: string;
  message: string;
}

export interface MapResult {
  /** The users, squads, cost centers and tags the source wants. */
  state: DesiredState;
  /** One per problem; every entry with an issue is left out of `state.users` (or `state.squads` for groups). */
  issues: EntryIssue[];
  /** Problems that left nothing out (a cost center named two ways, an attribute no entry has). */
  warnings: MappingWarning[];
  /**
   * External ids of entries that were read but left out, sorted. The engine
   * must treat their Deskbee users and squads as unknown this run (neither
   * update nor deactivate them): a bad row is not a leaver.
   */
  leftOut: { users: string[]; groups: string[] };
  /** Entries mapped, by kind, and how many of each were left out (an entry with several issues counts once). */
  entries: { people: number; peopleLeftOut: number; groups: number; groupsLeftOut: number };
}
