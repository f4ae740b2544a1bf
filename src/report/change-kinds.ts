/**
 * What the reports call each change kind and stage: the verb of its sentence,
 * its marker (`+` adds, `~` changes, `-` removes) and its label in the counts
 * table.
 */
import { changeHandlers, type ChangeSign } from '../engine/change-kinds/index.js';
import type { ChangeKind, Stage } from '../plan/plan-types.js';

export type { ChangeSign } from '../engine/change-kinds/index.js';

/** How the reports speak of one change kind (its handler's words). */
export interface KindWords {
  /** Infinitive verb: `create`. */
  verb: string;
  /** Past participle: `created`. */
  past: string;
  sign: ChangeSign;
  /** Row label in the counts table: `create user`. */
  label: string;
}

/** Each kind's words, from its handler. */
export const kindWords: Readonly<Record<ChangeKind, KindWords>> = Object.freeze(
  Object.fromEntries(Object.entries(changeHandlers).map(([kind, handler]) => [kind, handler.words])) as Record<ChangeKind, KindWords>,
);

/** Section titles of the change list, one per stage, in apply order. */
export const stageTitles: Record<Stage, string> = {
  costCenters: 'Cost centers',
  squads: 'Squads',
  tags: 'Tags',
  users: 'Users',
  memberships: 'Squad memberships',
  removals: 'Removals',
  deletions: 'Deletions',
};
