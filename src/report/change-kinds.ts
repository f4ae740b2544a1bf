/**
 * What the reports call each change kind and stage: the verb of its sentence,
 * its marker (`+` adds, `~` changes, `-` removes) and its label in the counts
 * table.
 */
import type { ChangeKind, Stage } from '../plan/plan-types.js';

/** `+` creates, adds, reactivates, links; `~` changes, renames; `-` removes, deactivates. */
export type ChangeSign = '+' | '~' | '-';

/** How the reports speak of one change kind. */
export interface KindWords {
  /** Infinitive verb: `create`. */
  verb: string;
  /** Past participle: `created`. */
  past: string;
  sign: ChangeSign;
  /** Row label in the counts table: `create user`. */
  label: string;
}

export const kindWords: Record<ChangeKind, KindWords> = {
  createCostCenter: { verb: 'create', past: 'created', sign: '+', label: 'create cost center' },
  updateCostCenter: { verb: 'change', past: 'changed', sign: '~', label: 'change cost center' },
  createSquad: { verb: 'create', past: 'created', sign: '+', label: 'create squad' },
  renameSquad: { verb: 'rename', past: 'renamed', sign: '~', label: 'rename squad' },
  linkSquad: { verb: 'link', past: 'linked', sign: '+', label: 'link squad' },
  createTag: { verb: 'create', past: 'created', sign: '+', label: 'create tag' },
  createUser: { verb: 'create', past: 'created', sign: '+', label: 'create user' },
  linkUser: { verb: 'link', past: 'linked', sign: '+', label: 'link user' },
  updateUser: { verb: 'change', past: 'changed', sign: '~', label: 'change user' },
  reactivateUser: { verb: 'reactivate', past: 'reactivated', sign: '+', label: 'reactivate user' },
  addMembers: { verb: 'add', past: 'added', sign: '+', label: 'add squad members' },
  removeMembers: { verb: 'remove', past: 'removed', sign: '-', label: 'remove squad members' },
  deactivateUser: { verb: 'deactivate', past: 'deactivated', sign: '-', label: 'deactivate user' },
};

/** Section titles of the change list, one per stage, in apply order. */
export const stageTitles: Record<Stage, string> = {
  costCenters: 'Cost centers',
  squads: 'Squads',
  tags: 'Tags',
  users: 'Users',
  memberships: 'Squad memberships',
  removals: 'Removals',
};
