/**
 * Renderers of a plan or an apply: pure functions from plain data to text.
 * `renderPlan` picks the format the CLI was asked for.
 */
import type { ApplyResult } from '../plan/apply-result.js';
import type { Plan } from '../plan/plan-types.js';
import { renderApplyMarkdown } from './apply-renderer-markdown.js';
import { renderApplyText, type ApplyTextOptions } from './apply-renderer-text.js';
import { renderApplyHtml } from './html/apply-renderer-html.js';
import { renderPlanHtml } from './html/plan-renderer-html.js';
import { renderApplyJson, renderPlanJson } from './plan-renderer-json.js';
import { renderPlanMarkdown } from './plan-renderer-markdown.js';
import { renderPlanText, type PlanTextOptions } from './plan-renderer-text.js';

export { renderApplyMarkdown } from './apply-renderer-markdown.js';
export { renderApplyText, type ApplyTextOptions } from './apply-renderer-text.js';
export { changeDetails, type ListOptions } from './change-details.js';
export { renderApplyHtml } from './html/apply-renderer-html.js';
export { renderPlanHtml } from './html/plan-renderer-html.js';
export { changeHeadline, describeChange, type SentenceContext, type SentenceTense } from './change-sentences.js';
export { renderApplyJson, renderPlanJson } from './plan-renderer-json.js';
export { renderPlanMarkdown } from './plan-renderer-markdown.js';
export { renderPlanText, type PlanTextOptions } from './plan-renderer-text.js';
export { cleanText } from '../plan/value-format.js';

/** The formats a plan or an apply can be rendered in. */
export type ReportFormat = 'text' | 'markdown' | 'json' | 'html';

/** Every report format, for option choices. */
export const reportFormats: readonly ReportFormat[] = ['text', 'markdown', 'json', 'html'];

/** Options of `renderPlan`; only the text format reads them. `color` defaults to false. */
export type RenderOptions = Partial<PlanTextOptions>;

/** A plan in the format asked for: terminal text, Markdown for a ticket, the JSON plan file, or a self-contained HTML page. */
export function renderPlan(plan: Plan, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'text':
      return renderPlanText(plan, { ...options, color: options.color ?? false });
    case 'markdown':
      return renderPlanMarkdown(plan);
    case 'json':
      return renderPlanJson(plan);
    case 'html':
      return renderPlanHtml(plan);
  }
}

/** An apply result in the format asked for; JSON is the result itself. */
export function renderApply(result: ApplyResult, plan: Plan, format: ReportFormat, options: Partial<ApplyTextOptions> = {}): string {
  switch (format) {
    case 'text':
      return renderApplyText(result, plan, { ...options, color: options.color ?? false });
    case 'markdown':
      return renderApplyMarkdown(result, plan);
    case 'json':
      return renderApplyJson(result);
    case 'html':
      return renderApplyHtml(result, plan);
  }
}
