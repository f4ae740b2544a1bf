/**
 * The plan as GitHub-flavoured Markdown, to paste into a ticket for review:
 * the same content as the terminal report, with tables for counts, issues
 * and drift, and `<details>` blocks around long lists.
 */
import { planChanges, type Change, type Plan } from '../plan/plan-types.js';
import { changeDetails, memberEmails } from './change-details.js';
import { kindWords } from './change-kinds.js';
import { changeHeadline, type SentenceTense } from './change-sentences.js';
import { detailsBlock, escapeMarkdown, markdownRow, tableHead, tableRow } from './markdown-format.js';
import {
  accountingSentences,
  driftUser,
  driftValues,
  headerFacts,
  heldBackLines,
  kindCounts,
  limitLabel,
  noChangesSentence,
  stageGroups,
  verdictFigures,
  verdictState,
} from './plan-summary.js';
import { defaultListLimit, formatCount, formatIssueLocation, plural } from '../plan/value-format.js';

/** Rows of a table, or changes of a stage, shown before the rest goes into a `<details>` block. */
export const markdownOpenRows = 20;
/** A stage with more changes than this is listed inside a `<details>` block. */
export const markdownOpenChanges = 50;
/** Changes of one stage a Markdown report lists at most; the plan file holds them all. */
export const markdownMostChanges = 1000;

/** Rows beyond the first `markdownOpenRows` go into a collapsed second table. */
function collapsibleTable(head: string[], rows: string[], noun: string): string[] {
  if (rows.length <= markdownOpenRows) return [...head, ...rows];
  const rest = rows.slice(markdownOpenRows);
  return [...head, ...rows.slice(0, markdownOpenRows), '', ...detailsBlock(`${formatCount(rest.length)} more ${noun}`, [...head, ...rest])];
}

/**
 * A change as a list item: marker and sentence, field details as a nested
 * list, a long member list in a `<details>` block. Used by the apply report too.
 */
export function changeItem(change: Change, tense: SentenceTense, source: string): string[] {
  const sign = kindWords[change.kind].sign;
  const lines = [`- \`${sign}\` ${escapeMarkdown(changeHeadline(change, tense, { source }))}`];
  const members = memberEmails(change);
  if (members.length > defaultListLimit) {
    // bounded: a details block is a few lines, the members joined into one
    lines.push(...detailsBlock(plural(members.length, 'member'), [members.map(escapeMarkdown).join(', ')], '  '));
  } else {
    for (const detail of changeDetails(change, { verbose: true })) lines.push(`  - ${escapeMarkdown(detail)}`);
  }
  return lines;
}

function headerSection(plan: Plan): string[] {
  const lines = [
    `## Deskbee sync plan: ${escapeMarkdown(plan.source.name)} → Deskbee`,
    '',
    'Dry run: nothing has been changed.',
    '',
    ...headerFacts(plan).map(([label, text]) => `- **${label}:** ${escapeMarkdown(text)}`),
  ];
  const over = plan.safety.verdicts.filter((v) => verdictState(v, plan.safety.overridden) === 'over');
  if (over.length > 0) {
    const limits = over.map((v) => limitLabel(v.limit)).join(', ');
    lines.push('', `> **Over ${plural(over.length, 'safety limit')}: ${escapeMarkdown(limits)}.** Apply will refuse this plan.`);
  }
  return lines;
}

function countsSection(changes: Change[]): string[] {
  const rows = kindCounts(changes).map((r) => {
    const count = r.people === undefined ? formatCount(r.count) : `${formatCount(r.count)} (${plural(r.people, 'person', 'people')})`;
    return markdownRow([`\`${kindWords[r.kind].sign}\``, escapeMarkdown(r.label), escapeMarkdown(count)]);
  });
  return [
    `### Changes to make (${formatCount(changes.length)})`,
    '',
    ...tableHead(['', 'Change', 'Count'], [false, false, true]),
    ...rows,
    markdownRow(['', '**total**', `**${formatCount(changes.length)}**`]),
  ];
}

function safetySection(plan: Plan): string[] {
  const { verdicts, overridden } = plan.safety;
  if (verdicts.length === 0) return [];
  const items = verdicts.map((verdict) => {
    const state = verdictState(verdict, overridden);
    const label = escapeMarkdown(limitLabel(verdict.limit));
    const figures = escapeMarkdown(verdictFigures(verdict));
    if (state === 'ok') return `- ok: ${label}: ${figures}.`;
    const head = state === 'over' ? `**OVER LIMIT: ${label}**` : `**Overridden: ${label}**`;
    const consequence = state === 'over' ? 'apply will refuse this plan' : 'overridden for this run';
    return `- ${head}: ${escapeMarkdown(verdict.message)} (${figures}; ${consequence}.)`;
  });
  return ['### Safety limits', '', ...items];
}

function issuesSection(plan: Plan): string[] {
  if (plan.issues.length === 0) return [];
  const rows = plan.issues.map((issue) => {
    const where = formatIssueLocation({ ...issue, field: undefined });
    return tableRow([where, issue.field ?? '', issue.message]);
  });
  return [
    `### Entries left out (${formatCount(plan.issues.length)})`,
    '',
    'Not planned; Deskbee keeps what it has for them.',
    '',
    ...collapsibleTable(tableHead(['Entry', 'Field', 'Problem']), rows, 'entries'),
  ];
}

function heldBackSection(plan: Plan): string[] {
  const lines = heldBackLines(plan);
  if (lines.length === 0) return [];
  return [`### Held back (${formatCount(lines.length)})`, '', 'What the plan would have done and does not.', '', ...lines.map((line) => `- ${escapeMarkdown(line)}`)];
}

function driftSection(plan: Plan): string[] {
  if (plan.drift.length === 0) return [];
  const rows = plan.drift.map((notice) => {
    const v = driftValues(notice);
    return tableRow([driftUser(notice), v.field, v.lastApplied, v.actual, v.desired, v.resolution]);
  });
  const head = tableHead(['User', 'Field', 'Last applied', 'Deskbee now', 'Source wants', 'Resolution']);
  return [
    `### Drift (${formatCount(plan.drift.length)})`,
    '',
    'Changed by hand in Deskbee since the last apply.',
    '',
    ...collapsibleTable(head, rows, 'drift notices'),
  ];
}

function changesSection(plan: Plan): string[] {
  const lines = ['### Changes, in apply order'];
  for (const group of stageGroups(plan)) {
    const listed = group.changes.slice(0, markdownMostChanges);
    const items = listed.flatMap((change) => changeItem(change, 'plan', plan.source.name));
    if (listed.length < group.changes.length) items.push(`- … and ${formatCount(group.changes.length - listed.length)} more: the plan file (\`plan --out\`) lists every change`);
    lines.push('', `#### ${group.title} (${formatCount(group.changes.length)})`, '');
    const shown = group.changes.length > markdownOpenChanges ? detailsBlock(`${plural(group.changes.length, 'change')}`, items) : items;
    for (const line of shown) lines.push(line);
  }
  return lines;
}

function accountingSection(plan: Plan): string[] {
  const sentences = accountingSentences(plan);
  return sentences.length === 0 ? [] : ['### Every entry accounted for', '', ...sentences.map((line) => `- ${escapeMarkdown(line)}`)];
}

/** The plan as GitHub-flavoured Markdown. Ends with a newline. */
export function renderPlanMarkdown(plan: Plan): string {
  const changes = planChanges(plan);
  const sections = [
    headerSection(plan),
    changes.length === 0 ? [`**${escapeMarkdown(noChangesSentence(plan))}**`] : countsSection(changes),
    accountingSection(plan),
    safetySection(plan),
    issuesSection(plan),
    heldBackSection(plan),
    driftSection(plan),
    changes.length === 0 ? [] : changesSection(plan),
  ];
  return `${sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n')}\n`;
}
