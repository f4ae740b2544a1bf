/**
 * The apply report as GitHub-flavoured Markdown, to close the review ticket
 * with: counts, outcomes by kind, failed changes with Deskbee's answer,
 * skipped changes with why, applied changes in past tense, request
 * statistics.
 */
import type { ApplyResult } from '../plan/apply-result.js';
import type { Plan } from '../plan/plan-types.js';
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
} from './apply-summary.js';
import { detailsBlock, escapeMarkdown, markdownRow, tableHead, tableRow } from './markdown-format.js';
import { changeItem, markdownOpenChanges } from './plan-renderer-markdown.js';
import { stageGroups } from './plan-summary.js';
import { unconfirmedParagraphs } from './unconfirmed-summary.js';
import { formatCount, plural } from '../plan/value-format.js';

function headerSection(result: ApplyResult, plan: Plan): string[] {
  const lines = [
    `## Deskbee sync apply: ${escapeMarkdown(plan.source.name)} → Deskbee`,
    '',
    ...applyFacts(result, plan).map(([label, text]) => `- **${label}:** ${escapeMarkdown(text)}`),
    `- **Result:** ${result.counts.failed > 0 ? `**${resultCounts(result)}**` : resultCounts(result)}`,
  ];
  const budget = budgetSentence(result);
  if (budget) lines.push('', `> **${escapeMarkdown(budget)}**`);
  return lines;
}

function kindSection(result: ApplyResult): string[] {
  const rows = outcomesByKind(result);
  if (rows.length === 0) return [];
  const { applied, unconfirmed, failed, skipped } = result.counts;
  return [
    '### Outcomes by kind',
    '',
    ...tableHead(['Change', 'Applied', 'Unconfirmed', 'Failed', 'Skipped'], [false, true, true, true, true]),
    ...rows.map((r) => tableRow([r.label, formatCount(r.applied), formatCount(r.unconfirmed), formatCount(r.failed), formatCount(r.skipped)])),
    markdownRow(['**total**', ...[applied, unconfirmed, failed, skipped].map((n) => `**${formatCount(n)}**`)]),
  ];
}

function failedSection(entries: OutcomeEntry[], plan: Plan): string[] {
  const failed = entries.filter((e) => e.outcome.outcome === 'failed');
  if (failed.length === 0) return [];
  const items = failed.flatMap((entry) => [
    `- ${escapeMarkdown(outcomeSentence(entry, 'imperative', plan, true))}`,
    `  - ${escapeMarkdown(errorSentence(entry.outcome))}`,
    ...fieldErrorLines(entry.outcome).map((line) => `    - ${escapeMarkdown(line)}`),
  ]);
  return [`### Failed (${formatCount(failed.length)})`, '', ...items];
}

function unconfirmedSection(result: ApplyResult, entries: OutcomeEntry[], plan: Plan): string[] {
  const unconfirmed = entries.filter((e) => e.outcome.outcome === 'unconfirmed');
  if (unconfirmed.length === 0) return [];
  const rows = unconfirmed.map((e) => `- ${escapeMarkdown(outcomeSentence(e, 'imperative', plan))}`);
  return [
    `### Unconfirmed (${formatCount(unconfirmed.length)})`,
    '',
    ...unconfirmedParagraphs(result).flatMap((p) => [`> ${escapeMarkdown(p)}`, '']),
    ...(rows.length > markdownOpenChanges ? detailsBlock(plural(rows.length, 'unconfirmed change'), rows) : rows),
  ];
}

function skippedSection(entries: OutcomeEntry[], plan: Plan): string[] {
  const skipped = entries.filter((e) => e.outcome.outcome === 'skipped');
  if (skipped.length === 0) return [];
  const rows = skipped.map((e) => tableRow([outcomeSentence(e, 'imperative', plan), skipReason(e.outcome)]));
  const table = [...tableHead(['Change', 'Why skipped']), ...rows];
  return [
    `### Skipped (${formatCount(skipped.length)})`,
    '',
    ...(skipped.length > markdownOpenChanges ? detailsBlock(plural(skipped.length, 'skipped change'), table) : table),
  ];
}

function appliedSection(entries: OutcomeEntry[], plan: Plan): string[] {
  const appliedEntries = entries.filter((e) => e.outcome.outcome === 'applied');
  if (appliedEntries.length === 0) return [];
  // Only outcomes paired with a change of this plan are placed by stage.
  const applied = new Set(appliedEntries.filter((e) => e.change).map((e) => e.outcome.changeId));
  const lines = [`### Applied (${formatCount(appliedEntries.length)}), in apply order`];
  for (const group of stageGroups(plan)) {
    const changes = group.changes.filter((c) => applied.has(c.id));
    if (changes.length === 0) continue;
    changes.forEach((c) => applied.delete(c.id));
    const items = changes.flatMap((c) => changeItem(c, 'applied', plan.source.name));
    lines.push('', `#### ${group.title} (${formatCount(changes.length)})`, '');
    for (const line of changes.length > markdownOpenChanges ? detailsBlock(plural(changes.length, 'change'), items) : items) lines.push(line);
  }
  // Outcomes whose change the plan given does not hold (a mismatched plan file).
  const others = appliedEntries.filter((e) => !e.change || applied.has(e.outcome.changeId));
  if (others.length > 0) {
    lines.push('', '#### Not in this plan', '');
    for (const e of others) lines.push(`- ${escapeMarkdown(outcomeSentence(e, 'applied', plan))}`);
  }
  return lines;
}

/** The apply as GitHub-flavoured Markdown. Ends with a newline. */
export function renderApplyMarkdown(result: ApplyResult, plan: Plan): string {
  const entries = outcomeEntries(result, plan);
  const sections = [
    headerSection(result, plan),
    kindSection(result),
    failedSection(entries, plan),
    unconfirmedSection(result, entries, plan),
    skippedSection(entries, plan),
    appliedSection(entries, plan),
    ['### Requests', '', escapeMarkdown(requestSentence(result))],
  ];
  return `${sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n')}\n`;
}
