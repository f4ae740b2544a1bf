/** Pieces every handler's sentences share. */
import { cleanText } from '../../plan/value-format.js';
import type { ChangeHandler, SentenceContext, SentenceTense } from './change-handler.js';
import type { ChangeKind } from '../../plan/plan-types.js';

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Would create", "Created" or "Create", for a kind's words. */
export function verbPhrase(words: ChangeHandler<ChangeKind>['words'], tense: SentenceTense): string {
  if (tense === 'plan') return `Would ${words.verb}`;
  return capitalize(tense === 'applied' ? words.past : words.verb);
}

/** The configured source's name, or "the source". */
export function sourceName(context: SentenceContext): string {
  return context.source ? cleanText(context.source) : 'the source';
}
