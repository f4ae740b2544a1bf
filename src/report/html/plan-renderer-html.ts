/**
 * The plan as one self-contained HTML page, for review in a browser: the
 * Markdown report's content (header facts, counts, where every entry went,
 * safety verdicts, entries left out, drift, every change) with the counts
 * as a table and a change list that a search box and kind filters narrow.
 */
import { planChanges, type Change, type Plan } from '../../plan/plan-types.js';
import { kindWords } from '../change-kinds.js';
import { changeHeadline } from '../change-sentences.js';
import {
  accountingSentences,
  driftUser,
  driftValues,
  headerFacts,
  kindCounts,
  limitLabel,
  noChangesSentence,
  stageGroups,
  verdictFigures,
  verdictState,
} from '../plan-summary.js';
import { cleanText, formatCount, formatIssueLocation, plural } from '../../plan/value-format.js';
import { changeList } from './html-change-list.js';
import { htmlPage } from './html-page.js';
import { card, changeItem, headerCard, signBadge, textTable } from './html-parts.js';
import { html, type SafeHtml } from './html-text.js';

function overBanner(plan: Plan): SafeHtml | null {
  const over = plan.safety.verdicts.filter((v) => verdictState(v, plan.safety.overridden) === 'over');
  if (over.length === 0) return null;
  const limits = over.map((v) => limitLabel(v.limit)).join(', ');
  return html`<div class="banner alarm" role="alert">Over ${plural(over.length, 'safety limit')}: ${limits}. Apply will refuse this plan.</div>`;
}

function countsCard(changes: Change[]): SafeHtml {
  const rows = kindCounts(changes).map(
    (r) =>
      html`<tr data-kind="${r.kind}"><td class="sign-cell">${signBadge(kindWords[r.kind].sign)}</td><td>${r.label}</td><td class="num" data-count="${r.count}">${formatCount(r.count)}</td><td class="num muted">${r.people === undefined ? '' : plural(r.people, 'person', 'people')}</td></tr>`,
  );
  return card(
    'counts',
    `Changes to make (${formatCount(changes.length)})`,
    html`<table><thead><tr><th></th><th>Change</th><th class="num">Count</th><th class="num">People</th></tr></thead>
<tbody>${rows}<tr class="total"><td></td><td>total</td><td class="num" data-total="${changes.length}">${formatCount(changes.length)}</td><td></td></tr></tbody></table>`,
  );
}

function accountingCard(plan: Plan): SafeHtml | null {
  const sentences = accountingSentences(plan);
  if (sentences.length === 0) return null;
  return card('accounting', 'Every entry accounted for', html`<ul class="plain">${sentences.map((s) => html`<li>${s}</li>`)}</ul>`);
}

function safetyCard(plan: Plan): SafeHtml | null {
  const { verdicts, overridden } = plan.safety;
  if (verdicts.length === 0) return null;
  const rows = verdicts.map((verdict) => {
    const state = verdictState(verdict, overridden);
    const label = state === 'ok' ? 'ok' : state === 'over' ? 'OVER LIMIT' : 'OVERRIDDEN';
    const consequence = state === 'ok' ? '' : state === 'over' ? ' Apply will refuse this plan.' : ' Overridden for this run.';
    return html`<tr data-limit="${verdict.limit}" data-state="${state}"><td><span class="badge state-${state}">${label}</span></td><td>${limitLabel(verdict.limit)}</td><td>${verdictFigures(verdict)}</td><td>${cleanText(verdict.message)}${consequence}</td></tr>`;
  });
  return card('safety', 'Safety limits', html`<table><thead><tr><th>State</th><th>Limit</th><th>Figures</th><th>What the plan would do</th></tr></thead><tbody>${rows}</tbody></table>`);
}

function issuesCard(plan: Plan): SafeHtml | null {
  if (plan.issues.length === 0) return null;
  const rows = plan.issues.map((issue) => [formatIssueLocation({ ...issue, field: undefined }), issue.field ?? '', issue.message]);
  return card(
    'issues',
    `Entries left out (${formatCount(plan.issues.length)})`,
    html`<p class="note">Not planned; Deskbee keeps what it has for them.</p>${textTable(['Entry', 'Field', 'Problem'], rows, 'entries left out (the plan file lists all)')}`,
  );
}

function heldBackCard(plan: Plan): SafeHtml | null {
  const held = plan.heldBack ?? [];
  if (held.length === 0) return null;
  const rows = held.map((h) => [h.subject, h.change, h.reason]);
  return card(
    'held-back',
    `Held back (${formatCount(held.length)})`,
    html`<p class="note">What the plan would have done and does not.</p>${textTable(['Whom', 'Change', 'Why'], rows, 'held-back changes (the plan file lists all)')}`,
  );
}

function driftCard(plan: Plan): SafeHtml | null {
  if (plan.drift.length === 0) return null;
  const rows = plan.drift.map((notice) => {
    const v = driftValues(notice);
    return [driftUser(notice), v.field, v.lastApplied, v.actual, v.desired, v.resolution];
  });
  return card(
    'drift',
    `Drift (${formatCount(plan.drift.length)})`,
    html`<p class="note">Changed by hand in Deskbee since the last apply.</p>${textTable(['User', 'Field', 'Last applied', 'Deskbee now', 'Source wants', 'Resolution'], rows, 'drift notices (the plan file lists all)')}`,
  );
}

function changesSection(plan: Plan, changes: Change[]): SafeHtml {
  return changeList({
    heading: 'Changes, in apply order',
    groups: stageGroups(plan).map((g) => ({ title: g.title, entries: g.changes })),
    render: (change) => changeItem(change, changeHeadline(change, 'plan', { source: plan.source.name })),
    kinds: kindCounts(changes).map((r) => ({ value: r.kind, label: r.label, count: r.count, sign: kindWords[r.kind].sign })),
    whereAll: 'the plan file (plan --out) lists every change',
  });
}

/** The plan as a self-contained HTML page. Ends with a newline. */
export function renderPlanHtml(plan: Plan): string {
  const changes = planChanges(plan);
  const summary =
    changes.length === 0
      ? html`<div class="banner good">${noChangesSentence(plan)}</div>${accountingCard(plan)}`
      : html`<div class="columns">${countsCard(changes)}${accountingCard(plan)}</div>`;
  const body = html`${headerCard('Deskbee sync plan', `${cleanText(plan.source.name)} → Deskbee`, 'Dry run: nothing has been changed.', headerFacts(plan))}
${overBanner(plan)}
${summary}
${safetyCard(plan)}
${issuesCard(plan)}
${heldBackCard(plan)}
${driftCard(plan)}
${changes.length === 0 ? null : changesSection(plan, changes)}
<footer>Made by deskbee-sync from plan ${cleanText(plan.fingerprint).slice(0, 16)}. This page is self-contained: it loads nothing, and its search and filters run in the page.</footer>`;
  return htmlPage(`Deskbee sync plan: ${cleanText(plan.source.name)}`, body);
}
