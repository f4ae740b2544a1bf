/**
 * The Markdown report a notification mail carries: the run's summary, then
 * the plan and the apply as the Markdown renderers show them (each bounded,
 * so the attachment stays small however large the plan).
 */
import { kindWords } from '../report/change-kinds.js';
import { renderApplyMarkdown, renderPlanMarkdown } from '../report/index.js';
import { escapeMarkdown, tableHead, tableRow } from '../report/markdown-format.js';
import { formatCount, formatDuration } from '../plan/value-format.js';
import type { RunSummary } from '../sync/run-summary.js';
import { summaryKinds, type RunNotice } from './run-notice.js';

/** The whole report. Ends with a newline. */
export function renderRunMarkdown(notice: RunNotice): string {
  const { summary } = notice;
  const sections = [summarySection(notice), changesSection(summary)];
  if (summary.error) sections.push(['## Error', '', `> ${escapeMarkdown(summary.error.replace(/\s*\n\s*/g, ' '))}`]);
  const parts = [sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n')];
  if (summary.plan) parts.push(renderPlanMarkdown(summary.plan).trimEnd());
  if (summary.plan && summary.result) parts.push(renderApplyMarkdown(summary.result, summary.plan).trimEnd());
  return `${parts.join('\n\n---\n\n')}\n`;
}

/** `deskbee-sync-apply-run-17.md`. */
export function reportFileName(summary: RunSummary): string {
  return `deskbee-sync-${summary.mode}-${summary.runId === null ? summary.finishedAt.replace(/[:.]/g, '-') : `run-${summary.runId}`}.md`;
}

function summarySection({ summary, host, text, reasons }: RunNotice): string[] {
  const requests = summary.requests;
  const rows: [string, string][] = [
    ['run', summary.runId === null ? '(not recorded)' : String(summary.runId)],
    ['outcome', `${summary.outcome} (exit ${summary.exitCode})`],
    ['host', host],
    ['sources', summary.sources.join(', ')],
    ['started', summary.startedAt],
    ['finished', summary.finishedAt],
    ['duration', formatDuration(summary.startedAt, summary.finishedAt) ?? `${summary.durationMs}ms`],
    ['left out', formatCount(summary.leftOut)],
    ['drift notices', formatCount(summary.drift)],
    ...(requests ? ([['requests', `${formatCount(requests.requests)} (${formatCount(requests.retries)} retried, ${formatCount(requests.throttled)} answered 429)`]] as [string, string][]) : []),
    ['notified because', reasons.join(', ')],
  ];
  return [`# deskbee-sync ${escapeMarkdown(summary.mode)}: ${escapeMarkdown(summary.outcome)}`, '', escapeMarkdown(text), '', ...tableHead(['', '']), ...rows.map((row) => tableRow(row))];
}

function changesSection(summary: RunSummary): string[] {
  const kinds = summaryKinds(summary);
  if (kinds.length === 0) return [];
  const rows = kinds.map((kind) => {
    const t = summary.changes[kind]!;
    return tableRow([kindWords[kind].label, ...[t.planned, t.applied, t.unconfirmed, t.failed, t.skipped].map(formatCount)]);
  });
  return ['## Changes', '', ...tableHead(['change', 'planned', 'applied', 'unconfirmed', 'failed', 'skipped'], [false, true, true, true, true, true]), ...rows];
}
