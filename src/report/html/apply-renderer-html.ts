/**
 * An apply as one self-contained HTML page: the Markdown apply report's
 * content (facts, outcomes by kind, failures with Deskbee's answers, what
 * could not be confirmed and why, what was skipped, request statistics) and
 * every change with its outcome in a list that a search box, kind filters
 * and outcome filters narrow.
 */
import type { ApplyResult, ChangeOutcome } from '../../plan/apply-result.js';
import type { Plan } from '../../plan/plan-types.js';
import {
  applyFacts,
  budgetSentence,
  errorSentence,
  fieldErrorLines,
  outcomeEntries,
  outcomeSentence,
  outcomesByKind,
  requestSentence,
  resultCounts,
  skipReason,
  type OutcomeEntry,
} from '../apply-summary.js';
import { kindWords } from '../change-kinds.js';
import { stageGroups } from '../plan-summary.js';
import { unconfirmedParagraphs } from '../unconfirmed-summary.js';
import { cleanText, formatCount } from '../../plan/value-format.js';
import { changeList, type FilterChoice, type ListGroup } from './html-change-list.js';
import { htmlPage } from './html-page.js';
import { bareItem, card, changeItem, headerCard, htmlMostRows, textTable } from './html-parts.js';
import { html, type SafeHtml } from './html-text.js';

const outcomeNames: ChangeOutcome['outcome'][] = ['applied', 'unconfirmed', 'failed', 'skipped'];

function kindCard(result: ApplyResult): SafeHtml | null {
  const rows = outcomesByKind(result);
  if (rows.length === 0) return null;
  const { applied, unconfirmed, failed, skipped } = result.counts;
  const cells = (values: number[]) => values.map((n) => html`<td class="num${n === 0 ? ' zero' : ''}">${formatCount(n)}</td>`);
  return card(
    'outcomes',
    'Outcomes by kind',
    html`<table><thead><tr><th>Change</th>${outcomeNames.map((o) => html`<th class="num">${o}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr data-kind="${r.kind}"><td>${r.label}</td>${cells([r.applied, r.unconfirmed, r.failed, r.skipped])}</tr>`)}
<tr class="total"><td>total</td>${cells([applied, unconfirmed, failed, skipped])}</tr></tbody></table>`,
  );
}

function capped<T>(items: readonly T[]): { shown: readonly T[]; note: SafeHtml | null } {
  if (items.length <= htmlMostRows) return { shown: items, note: null };
  return { shown: items.slice(0, htmlMostRows), note: html`<p class="note">… and ${formatCount(items.length - htmlMostRows)} more (the JSON result lists all).</p>` };
}

function failedCard(entries: OutcomeEntry[], plan: Plan): SafeHtml | null {
  const failed = entries.filter((e) => e.outcome.outcome === 'failed');
  if (failed.length === 0) return null;
  const { shown, note } = capped(failed);
  const items = shown.map(
    (e) =>
      html`<li>${outcomeSentence(e, 'imperative', plan, true)}<div class="error">${errorSentence(e.outcome)}</div>${fieldErrorLines(e.outcome).map((line) => html`<div class="error">${line}</div>`)}</li>`,
  );
  return card('failed', `Failed (${formatCount(failed.length)})`, html`<ul class="plain">${items}</ul>${note}`);
}

function unconfirmedCard(result: ApplyResult, entries: OutcomeEntry[], plan: Plan): SafeHtml | null {
  const unconfirmed = entries.filter((e) => e.outcome.outcome === 'unconfirmed');
  if (unconfirmed.length === 0) return null;
  const { shown, note } = capped(unconfirmed);
  return card(
    'unconfirmed',
    `Unconfirmed (${formatCount(unconfirmed.length)})`,
    html`${unconfirmedParagraphs(result).map((p) => html`<p class="paragraph">${p}</p>`)}<ul class="plain">${shown.map((e) => html`<li>${outcomeSentence(e, 'imperative', plan)}</li>`)}</ul>${note}`,
  );
}

function skippedCard(entries: OutcomeEntry[], plan: Plan): SafeHtml | null {
  const skipped = entries.filter((e) => e.outcome.outcome === 'skipped');
  if (skipped.length === 0) return null;
  const rows = skipped.map((e) => [outcomeSentence(e, 'imperative', plan), skipReason(e.outcome)]);
  return card('skipped', `Skipped (${formatCount(skipped.length)})`, textTable(['Change', 'Why skipped'], rows, 'skipped changes (the JSON result lists all)'));
}

function entryItem(entry: OutcomeEntry, plan: Plan): SafeHtml {
  const { outcome } = entry;
  const sentence = outcomeSentence(entry, outcome.outcome === 'applied' ? 'applied' : 'imperative', plan);
  if (!entry.change) return bareItem(outcome.changeId, outcome.kind, sentence, outcome.outcome);
  const errors = outcome.outcome === 'failed' ? [errorSentence(outcome), ...fieldErrorLines(outcome)] : [];
  const unseen = (outcome.unconfirmed ?? []).map((w) => cleanText(w.field)).join(', ');
  const note =
    outcome.outcome === 'skipped' ? `skipped: ${skipReason(outcome)}` : outcome.outcome === 'unconfirmed' ? `not seen in Deskbee's answers: ${unseen}` : undefined;
  return changeItem(entry.change, sentence, { outcome: outcome.outcome, errors, ...(note ? { note } : {}) });
}

function changesSection(result: ApplyResult, entries: OutcomeEntry[], plan: Plan): SafeHtml {
  // Outcomes paired with a change of this plan are placed by stage; the rest (a mismatched plan file) after.
  const byId = new Map(entries.filter((e) => e.change).map((e) => [e.outcome.changeId, e]));
  const groups: ListGroup<OutcomeEntry>[] = [];
  for (const group of stageGroups(plan)) {
    const ofStage = group.changes.flatMap((c) => byId.get(c.id) ?? []);
    for (const e of ofStage) byId.delete(e.outcome.changeId);
    if (ofStage.length > 0) groups.push({ title: group.title, entries: ofStage });
  }
  const others = entries.filter((e) => !e.change || byId.has(e.outcome.changeId));
  if (others.length > 0) groups.push({ title: 'Not in this plan', entries: others });
  const outcomes: FilterChoice[] = outcomeNames.filter((o) => result.counts[o] > 0).map((o) => ({ value: o, label: o, count: result.counts[o] }));
  return changeList({
    heading: 'Every change, in apply order',
    groups,
    render: (entry) => entryItem(entry, plan),
    kinds: outcomesByKind(result).map((r) => ({
      value: r.kind,
      label: r.label,
      count: r.applied + r.unconfirmed + r.failed + r.skipped,
      sign: kindWords[r.kind].sign,
    })),
    outcomes,
    whereAll: 'the JSON result (--format json) lists every change',
  });
}

/** The apply as a self-contained HTML page. Ends with a newline. */
export function renderApplyHtml(result: ApplyResult, plan: Plan): string {
  const entries = outcomeEntries(result, plan);
  const { failed, skipped, unconfirmed } = result.counts;
  const budget = budgetSentence(result);
  const tone = failed > 0 ? 'alarm' : skipped + unconfirmed > 0 ? 'warn' : 'good';
  const body = html`${headerCard('Deskbee sync apply', `${cleanText(plan.source.name)} → Deskbee`, 'Applied to Deskbee.', applyFacts(result, plan), html`<dt>Result</dt><dd>${resultCounts(result)}</dd>`)}
<div class="banner ${tone}" id="result">${resultCounts(result)}</div>
${budget ? html`<div class="banner alarm" role="alert">${budget}</div>` : null}
${kindCard(result)}
${failedCard(entries, plan)}
${unconfirmedCard(result, entries, plan)}
${skippedCard(entries, plan)}
${entries.length === 0 ? null : changesSection(result, entries, plan)}
${card('requests', 'Requests', html`<p class="paragraph">${requestSentence(result)}</p>`)}
<footer>Made by deskbee-sync from the apply of plan ${cleanText(result.planFingerprint).slice(0, 16)}. This page is self-contained: it loads nothing, and its search and filters run in the page.</footer>`;
  return htmlPage(`Deskbee sync apply: ${cleanText(plan.source.name)}`, body);
}
