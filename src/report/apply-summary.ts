/**
 * The facts both apply reports (text and Markdown) show, worked out once:
 * outcomes by kind, each outcome paired with its change from the plan, and
 * the wording of Deskbee's errors and of the request statistics. Strings
 * returned here are cleaned of control characters.
 */
import type { ApplyResult, ChangeOutcome } from '../plan/apply-result.js';
import { planChanges, type Change, type ChangeKind, type Plan } from '../plan/plan-types.js';
import { changeKinds } from '../engine/change-kinds/index.js';
import { kindWords } from './change-kinds.js';
import { changeHeadline, describeChange, type SentenceTense } from './change-sentences.js';
import { cleanText, formatCount, formatDuration, plural } from '../plan/value-format.js';

/** One outcome and the change it is about (absent when the plan given does not hold it). */
export interface OutcomeEntry {
  outcome: ChangeOutcome;
  change?: Change;
}

/**
 * Outcomes in the result's order, each with its change from `plan`. Change
 * ids are unique only within one plan, so a result for another plan (its
 * fingerprint differs) is paired with nothing and shown by its recorded
 * descriptions.
 */
export function outcomeEntries(result: ApplyResult, plan: Plan): OutcomeEntry[] {
  const samePlan = result.planFingerprint === plan.fingerprint;
  const byId = new Map(samePlan ? planChanges(plan).map((c) => [c.id, c]) : []);
  return result.outcomes.map((outcome) => {
    const change = byId.get(outcome.changeId);
    return change && change.kind === outcome.kind ? { outcome, change } : { outcome };
  });
}

/** One row of the outcomes-by-kind table. */
export interface KindOutcomes {
  kind: ChangeKind;
  label: string;
  applied: number;
  unconfirmed: number;
  failed: number;
  skipped: number;
}

/** Outcomes counted by kind, only kinds present, in `changeKinds` order. */
export function outcomesByKind(result: ApplyResult): KindOutcomes[] {
  return changeKinds.flatMap((kind) => {
    const ofKind = result.outcomes.filter((o) => o.kind === kind);
    if (ofKind.length === 0) return [];
    const count = (state: ChangeOutcome['outcome']) => ofKind.filter((o) => o.outcome === state).length;
    return [{ kind, label: kindWords[kind].label, applied: count('applied'), unconfirmed: count('unconfirmed'), failed: count('failed'), skipped: count('skipped') }];
  });
}

/** A change's sentence; the outcome's own description when the plan does not hold the change. */
export function outcomeSentence(entry: OutcomeEntry, tense: SentenceTense, plan: Plan, full = false): string {
  if (!entry.change) return cleanText(entry.outcome.description);
  const context = { source: plan.source.name };
  return full ? describeChange(entry.change, tense, context) : changeHeadline(entry.change, tense, context);
}

/** `Deskbee answered 422 (error id 7f3e): The given data was invalid.` */
export function errorSentence(outcome: ChangeOutcome): string {
  const error = outcome.error;
  if (!error) return 'Failed, with no error recorded.';
  const id = error.id ? ` (error id ${cleanText(error.id)})` : '';
  const message = cleanText(error.message).trim() || 'no message';
  const who = error.status === 0 ? 'No answer from Deskbee (timeout or connection failure)' : `Deskbee answered ${error.status}`;
  return `${who}${id}: ${message}${/[.!?]$/.test(message) ? '' : '.'}`;
}

/** `email: The email has already been taken.`, one line per message. */
export function fieldErrorLines(outcome: ChangeOutcome): string[] {
  const errors = outcome.error?.errors ?? {};
  return Object.entries(errors).flatMap(([field, messages]) =>
    (Array.isArray(messages) ? messages : [String(messages)]).map((m) => `${cleanText(field)}: ${cleanText(m)}`),
  );
}

/** Why a change was skipped. */
export function skipReason(outcome: ChangeOutcome): string {
  return outcome.reason ? cleanText(outcome.reason) : 'no reason recorded';
}

/** Facts of the apply header, label → text. */
export function applyFacts(result: ApplyResult, plan: Plan): [label: string, text: string][] {
  const duration = formatDuration(result.startedAt, result.finishedAt);
  const facts: [string, string][] = [
    ['Source', `${cleanText(plan.source.name)} (${cleanText(plan.source.kind)})`],
    ['Deskbee', cleanText(plan.deskbee.baseUrl)],
    ['Plan', `fingerprint ${cleanText(result.planFingerprint).slice(0, 16)}, planned ${cleanText(plan.createdAt)}`],
    ['Ran', `${cleanText(result.startedAt)} to ${cleanText(result.finishedAt)}${duration ? ` (${duration})` : ''}`],
  ];
  if (result.planFingerprint !== plan.fingerprint) {
    facts.push(['Warning', `this result is for plan ${cleanText(result.planFingerprint).slice(0, 16)}, not the plan given (${cleanText(plan.fingerprint).slice(0, 16)}); showing the descriptions it recorded`]);
  }
  return facts;
}

/** `40 applied, 3 unconfirmed, 2 failed, 5 skipped`. */
export function resultCounts(result: ApplyResult): string {
  const { applied, unconfirmed, failed, skipped } = result.counts;
  return `${formatCount(applied)} applied, ${formatCount(unconfirmed)} unconfirmed, ${formatCount(failed)} failed, ${formatCount(skipped)} skipped`;
}

/** "Stopped by the error budget: …", or undefined when the apply was not stopped. */
export function budgetSentence(result: ApplyResult): string | undefined {
  if (!result.stoppedByErrorBudget) return undefined;
  return `Stopped by the error budget after ${plural(result.counts.failed, 'failure')}; the remaining changes were skipped and nothing more was sent to Deskbee.`;
}

/** Request statistics in one sentence. */
export function requestSentence(result: ApplyResult): string {
  const r = result.requests;
  return [
    `${plural(r.requests, 'request')} sent (${plural(r.tokenRequests, 'token request')})`,
    plural(r.retries, 'retry', 'retries'),
    `${formatCount(r.throttled)} throttled (429)`,
    plural(r.serverErrors, 'server error') + ' (5xx)',
    plural(r.networkErrors, 'network error'),
    `${plural(r.createsRecovered, 'create')} recovered by lookup`,
  ].join(', ');
}
