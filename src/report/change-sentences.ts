/**
 * One sentence per change, for reports and logs: "Would create user
 * ana@corp.com (Ana Silva)" in a dry run, "Created user ana@corp.com (Ana
 * Silva)" after an apply, "Create user ana@corp.com (Ana Silva)" as an
 * instruction. Every value in a sentence is cleaned of control characters.
 */
import type { Change } from '../plan/plan-types.js';
import { inlineFieldChanges, type ListOptions } from './change-details.js';
import { kindWords } from './change-kinds.js';
import { cleanText, formatCount, quoteWhenNeeded } from '../plan/value-format.js';

/**
 * `plan`: what a dry run would do ("Would create …"); `applied`: what an apply
 * did ("Created …"); `imperative`: the instruction itself ("Create …"), as in
 * a change's `description` and in the report of a change that failed.
 */
export type SentenceTense = 'plan' | 'applied' | 'imperative';

/** What a sentence may say beyond the change itself. */
export interface SentenceContext extends ListOptions {
  /** The configured source name (`hr-csv`), as in "gone from hr-csv". Default: "the source". */
  source?: string;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function verbPhrase(change: Change, tense: SentenceTense): string {
  const words = kindWords[change.kind];
  if (tense === 'plan') return `Would ${words.verb}`;
  return capitalize(tense === 'applied' ? words.past : words.verb);
}

function sourceName(context: SentenceContext): string {
  return context.source ? cleanText(context.source) : 'the source';
}

/**
 * The sentence without the field detail of an update ("Would change user
 * ana@corp.com"): what a report prints above its detail lines. For every
 * other kind it is the whole sentence.
 */
export function changeHeadline(change: Change, tense: SentenceTense, context: SentenceContext = {}): string {
  const verb = verbPhrase(change, tense);
  const q = quoteWhenNeeded;
  switch (change.kind) {
    case 'createCostCenter':
      return `${verb} cost center ${q(change.code)} (${cleanText(change.after.name)})`;
    case 'updateCostCenter':
      return `${verb} cost center ${q(change.code)}`;
    case 'createSquad':
      return `${verb} squad ${q(change.name)}`;
    case 'renameSquad':
      return `${verb} squad ${q(change.before)} → ${q(change.after)}`;
    case 'linkSquad':
      return `${verb} squad ${q(change.name)} to ${sourceName(context)} group ${q(change.externalId)}`;
    case 'createTag':
      return `${verb} tag ${q(change.name)} (${change.access})`;
    case 'createUser':
      return `${verb} user ${q(change.user.email)} (${cleanText(change.user.name)})`;
    case 'linkUser': {
      const key = change.user.externalId ? `id ${q(change.user.externalId)}` : 'entry';
      const rekeyed = change.previousExternalId ? `, replacing id ${q(change.previousExternalId)}` : '';
      return `${verb} Deskbee user ${q(change.user.email)} to ${sourceName(context)} ${key}${rekeyed} (matched by ${cleanText(change.matchedBy)})`;
    }
    case 'updateUser':
      return `${verb} user ${q(change.user.email)}`;
    case 'deactivateUser': {
      const why = change.reason === 'left' ? `gone from ${sourceName(context)}` : 'disabled in the source';
      return `${verb} user ${q(change.user.email)}: ${why}`;
    }
    case 'reactivateUser': {
      const why = change.reason === 'returned' ? `back in ${sourceName(context)}` : 'enabled again in the source';
      return `${verb} user ${q(change.user.email)}: ${why}`;
    }
    case 'addMembers':
    case 'removeMembers': {
      const preposition = change.kind === 'addMembers' ? 'to' : 'from';
      const [only] = change.users;
      const who = change.users.length === 1 && only ? q(only.email) : `${formatCount(change.users.length)} users`;
      return `${verb} ${who} ${preposition} squad ${q(change.squad)}`;
    }
  }
}

/**
 * One sentence describing a change, for reports and logs. Updates name the
 * fields they write: "Would change cost center CC-10: name Finance → Finance
 * & Tax". Membership changes count people ("Would add 3 users to squad
 * Finance"); `changeDetails` lists them.
 */
export function describeChange(change: Change, tense: SentenceTense, context: SentenceContext = {}): string {
  const headline = changeHeadline(change, tense, context);
  const fields = inlineFieldChanges(change, context);
  return fields === '' ? headline : `${headline}: ${fields}`;
}
