/**
 * What a notification says about a run: why it was sent, a one-paragraph
 * summary (the `text` chat webhooks show, the mail's first paragraph), a
 * subject line, and the JSON body of a webhook. Pure functions of the run
 * summary.
 */
import { type ChangeKind } from '../plan/plan-types.js';
import { changeKinds } from '../engine/change-kinds/index.js';
import { formatCount, formatDuration, plural } from '../plan/value-format.js';
import type { KindTally, RunSummary } from '../sync/run-summary.js';
import type { NotifyEvent } from './ops-config.js';

/** One notification's content. */
export interface RunNotice {
  summary: RunSummary;
  /** The selected events this run matched, in the order of `notifyEvents`. */
  reasons: NotifyEvent[];
  /** The machine the run ran on. */
  host: string;
  subject: string;
  /** One paragraph. */
  text: string;
}

/** The events a run matches; a notification is sent when one of them is selected. */
export function runEvents(summary: RunSummary): NotifyEvent[] {
  const events: NotifyEvent[] = [];
  if (summary.outcome === 'failed') events.push('failed');
  if (summary.outcome === 'refused') events.push('refused');
  if (totals(summary).unconfirmed > 0) events.push('unconfirmed');
  if (summary.leftOut > 0) events.push('left-out');
  if (summary.outcome === 'interrupted') events.push('interrupted');
  if (summary.outcome === 'partial') events.push('partial');
  return events;
}

/** The notice for a run, or undefined when it matches none of `selected`. */
export function runNotice(summary: RunSummary, selected: readonly NotifyEvent[], host: string): RunNotice | undefined {
  const reasons = runEvents(summary).filter((event) => selected.includes(event));
  if (reasons.length === 0) return undefined;
  return { summary, reasons, host, subject: noticeSubject(summary, host), text: noticeText(summary, reasons, host) };
}

const outcomeWords: Record<RunSummary['outcome'], string> = {
  succeeded: 'succeeded',
  'no-changes': 'found nothing to change',
  partial: 'ended partly done',
  declined: 'was declined',
  refused: 'was refused for safety',
  failed: 'failed',
  interrupted: 'was interrupted',
};

/** `deskbee-sync apply failed on host01 (exit 5)`. */
export function noticeSubject(summary: RunSummary, host: string): string {
  return `deskbee-sync ${summary.mode} ${outcomeWords[summary.outcome]} on ${host} (exit ${summary.exitCode})`;
}

/** The one-paragraph summary. */
export function noticeText(summary: RunSummary, reasons: readonly NotifyEvent[], host: string): string {
  const duration = formatDuration(summary.startedAt, summary.finishedAt) ?? `${summary.durationMs}ms`;
  const where = [summary.runId === null ? undefined : `run ${summary.runId}`, summary.sources.length > 0 ? `source ${summary.sources.join(', ')}` : undefined]
    .filter((part) => part !== undefined)
    .join(', ');
  const sentences = [
    `deskbee-sync ${summary.mode} on ${host} ${outcomeWords[summary.outcome]} (exit ${summary.exitCode}) after ${duration}${where ? ` (${where})` : ''}.`,
  ];
  if (summary.error) sentences.push(sentence(oneLine(summary.error)));
  const changes = changeSentence(summary);
  if (changes) sentences.push(changes);
  if (summary.leftOut > 0) sentences.push(`${plural(summary.leftOut, 'source entry', 'source entries')} ${summary.leftOut === 1 ? 'was' : 'were'} left out of the plan.`);
  if (summary.drift > 0) sentences.push(`${plural(summary.drift, 'drift notice')}.`);
  sentences.push(`Notified because: ${reasons.join(', ')}.`);
  return sentences.join(' ');
}

/** `300 changes planned; 290 applied, 5 unconfirmed, 5 failed.` */
function changeSentence(summary: RunSummary): string | undefined {
  const sum = totals(summary);
  if (sum.planned === 0) return undefined;
  const planned = `${plural(sum.planned, 'change')} planned`;
  if (summary.result === null) return `${planned}.`;
  const done = (['applied', 'unconfirmed', 'failed', 'skipped'] as const).filter((o) => sum[o] > 0 || o === 'applied').map((o) => `${formatCount(sum[o])} ${o}`);
  return `${planned}; ${done.join(', ')}.`;
}

/** The tallies of every kind added up. */
export function totals(summary: RunSummary): KindTally {
  const sum: KindTally = { planned: 0, applied: 0, unconfirmed: 0, failed: 0, skipped: 0 };
  for (const tally of Object.values(summary.changes) as KindTally[]) {
    for (const key of Object.keys(sum) as (keyof KindTally)[]) sum[key] += tally[key];
  }
  return sum;
}

/** The JSON body of a webhook: a chat-compatible `text`, why, and the summary without the plan and the per-change results. */
export function webhookPayload(notice: RunNotice): Record<string, unknown> {
  const { plan: _plan, result, ...summary } = notice.summary;
  return {
    text: notice.text,
    event: 'deskbee-sync.run',
    reasons: notice.reasons,
    host: notice.host,
    summary: { ...summary, applied: result ? result.counts : null },
  };
}

/** Change kinds in a summary, in the order reports list them. */
export function summaryKinds(summary: RunSummary): ChangeKind[] {
  return changeKinds.filter((kind) => summary.changes[kind] !== undefined);
}

/** `text` ending with a full stop (error messages may not). */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
