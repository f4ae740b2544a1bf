/**
 * One sentence per change, for reports and logs: "Would create user
 * ana@corp.com (Ana Silva)" in a dry run, "Created user ana@corp.com (Ana
 * Silva)" after an apply, "Create user ana@corp.com (Ana Silva)" as an
 * instruction. Every value in a sentence is cleaned of control characters.
 */
import type { Change } from '../plan/plan-types.js';
import { handlerOf, type SentenceContext as HeadlineContext, type SentenceTense } from '../engine/change-kinds/index.js';
import { inlineFieldChanges, type ListOptions } from './change-details.js';

export type { SentenceTense } from '../engine/change-kinds/index.js';

/** What a sentence may say beyond the change itself. */
export interface SentenceContext extends ListOptions, HeadlineContext {}

/**
 * The sentence without the field detail of an update ("Would change user
 * ana@corp.com"): what a report prints above its detail lines. For every
 * other kind it is the whole sentence. Each kind's handler words it.
 */
export function changeHeadline(change: Change, tense: SentenceTense, context: SentenceContext = {}): string {
  return handlerOf(change).headline(change, tense, context);
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
