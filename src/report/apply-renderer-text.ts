/**
 * The terminal report of an apply, for the operator and the nightly job's
 * log: what was applied (past tense), what failed with Deskbee's answer, what
 * was skipped and why, and the request statistics.
 */
import type { ApplyResult, ChangeOutcome } from '../plan/apply-result.js';
import type { Plan } from '../plan/plan-types.js';
import { createStyle, type Style } from './ansi.js';
import { changeDetails } from './change-details.js';
import { kindWords } from './change-kinds.js';
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
import { paintSign } from './plan-renderer-text.js';
import { stageGroups } from './plan-summary.js';
import { unconfirmedParagraphs } from './unconfirmed-summary.js';
import { cleanText, formatCount } from '../plan/value-format.js';

/** Options of the terminal apply report. */
export interface ApplyTextOptions {
  /** ANSI colour and bold. The CLI passes `process.stdout.isTTY && !NO_COLOR`. */
  color: boolean;
  /** Show every list item in full. Default false. */
  verbose?: boolean;
  /** List at most this many applied changes of each kind, then "… and N more". Default: all. Ignored when verbose. */
  maxChangesPerKind?: number;
}

const indent = '  ';

function kindTable(result: ApplyResult, style: Style): string[] {
  const rows = outcomesByKind(result);
  if (rows.length === 0) return [];
  const headers = ['applied', 'unconfirmed', 'failed', 'skipped'] as const;
  // bounded: one row per change kind
  const labelWidth = Math.max('total'.length, ...rows.map((r) => r.label.length));
  const cell = (n: number, header: string) => formatCount(n).padStart(header.length);
  const line = (label: string, values: number[]) =>
    `${indent}${label.padEnd(labelWidth)}  ${values.map((v, i) => cell(v, headers[i] ?? '')).join('  ')}`;
  const { applied, unconfirmed, failed, skipped } = result.counts;
  return [
    style.bold('Outcomes by kind'),
    `${indent}${''.padEnd(labelWidth)}  ${headers.join('  ')}`,
    ...rows.map((r) => line(r.label, [r.applied, r.unconfirmed, r.failed, r.skipped])),
    style.bold(line('total', [applied, unconfirmed, failed, skipped])),
  ];
}

function failedSection(entries: OutcomeEntry[], plan: Plan, options: ApplyTextOptions, style: Style): string[] {
  const failed = entries.filter((e) => e.outcome.outcome === 'failed');
  if (failed.length === 0) return [];
  const lines = [style.alarm(`Failed (${formatCount(failed.length)})`)];
  for (const entry of failed) {
    lines.push(`${indent}${style.red('✗')} ${outcomeSentence(entry, 'imperative', plan)}`);
    if (entry.change) for (const d of changeDetails(entry.change, options)) lines.push(`${indent.repeat(3)}${d}`);
    lines.push(`${indent.repeat(2)}${style.red(errorSentence(entry.outcome))}`);
    for (const fieldError of fieldErrorLines(entry.outcome)) lines.push(`${indent.repeat(3)}${fieldError}`);
  }
  return lines;
}

function unconfirmedSection(result: ApplyResult, entries: OutcomeEntry[], plan: Plan, style: Style): string[] {
  const unconfirmed = entries.filter((e) => e.outcome.outcome === 'unconfirmed');
  if (unconfirmed.length === 0) return [];
  const shown = unconfirmed.slice(0, 20).map((e) => `${indent}? ${outcomeSentence(e, 'imperative', plan)}`);
  const more = unconfirmed.length > shown.length ? [`${indent}… and ${formatCount(unconfirmed.length - shown.length)} more`] : [];
  return [
    style.yellow(style.bold(`Unconfirmed (${formatCount(unconfirmed.length)})`)),
    ...unconfirmedParagraphs(result).map((p) => `${indent}${p}`),
    ...shown,
    ...more,
  ];
}

function skippedSection(entries: OutcomeEntry[], plan: Plan, style: Style): string[] {
  const skipped = entries.filter((e) => e.outcome.outcome === 'skipped');
  if (skipped.length === 0) return [];
  return [
    style.yellow(style.bold(`Skipped (${formatCount(skipped.length)})`)),
    ...skipped.map((e) => `${indent}${outcomeSentence(e, 'imperative', plan)} (skipped: ${skipReason(e.outcome)})`),
  ];
}

function appliedSection(entries: OutcomeEntry[], plan: Plan, options: ApplyTextOptions, style: Style): string[] {
  const appliedEntries = entries.filter((e) => e.outcome.outcome === 'applied');
  if (appliedEntries.length === 0) return [];
  // Only outcomes paired with a change of this plan are placed by stage.
  const applied = new Map(appliedEntries.filter((e) => e.change).map((e) => [e.outcome.changeId, e]));
  const limit = options.verbose ? undefined : options.maxChangesPerKind;
  const shown = new Map<ChangeOutcome['kind'], number>();
  const hidden = new Map<ChangeOutcome['kind'], number>();
  const lines = [style.bold(`Applied (${formatCount(appliedEntries.length)}), in apply order`)];
  const write = (entry: OutcomeEntry, depth: number) => {
    const kind = entry.outcome.kind;
    const count = shown.get(kind) ?? 0;
    if (limit !== undefined && count >= limit) return void hidden.set(kind, (hidden.get(kind) ?? 0) + 1);
    shown.set(kind, count + 1);
    const sign = paintSign(kindWords[kind]?.sign ?? '+', style);
    lines.push(`${indent.repeat(depth)}${sign} ${outcomeSentence(entry, 'applied', plan)}`);
    if (entry.change) for (const d of changeDetails(entry.change, options)) lines.push(`${indent.repeat(depth + 2)}${d}`);
  };
  for (const group of stageGroups(plan)) {
    const ofStage = group.changes.flatMap((c) => applied.get(c.id) ?? []);
    if (ofStage.length === 0) continue;
    lines.push(`${indent}${style.bold(group.title)}`);
    for (const entry of ofStage) {
      write(entry, 2);
      applied.delete(entry.outcome.changeId);
    }
  }
  // Outcomes whose change the plan given does not hold (a mismatched plan file).
  const unplaced = appliedEntries.filter((e) => !e.change || applied.has(e.outcome.changeId));
  if (unplaced.length > 0) {
    lines.push(`${indent}${style.bold('Not in this plan')}`);
    for (const entry of unplaced) write(entry, 2);
  }
  for (const [kind, n] of hidden) {
    lines.push(`${indent}… and ${formatCount(n)} more "${kindWords[kind]?.label ?? kind}" applied (--show-all shows all)`);
  }
  return lines;
}

/** The apply as a terminal report; ANSI codes only when `options.color`. Ends with a newline. */
export function renderApplyText(result: ApplyResult, plan: Plan, options: ApplyTextOptions): string {
  const style = createStyle(options.color);
  const entries = outcomeEntries(result, plan);
  const facts = applyFacts(result, plan);
  // bounded: a handful of header facts
  const width = Math.max('Result'.length, ...facts.map(([label]) => label.length));
  const { failed, skipped, unconfirmed } = result.counts;
  const paintResult = failed > 0 ? style.alarm : skipped + unconfirmed > 0 ? style.yellow : style.green;
  const budget = budgetSentence(result);

  const sections: string[][] = [
    [
      style.bold(`Apply: ${cleanText(plan.source.name)} → Deskbee`),
      ...facts.map(([label, text]) => `${indent}${label.padEnd(width)}  ${text}`),
      `${indent}${'Result'.padEnd(width)}  ${paintResult(resultCounts(result))}`,
      ...(budget ? [style.alarm(budget)] : []),
    ],
    kindTable(result, style),
    failedSection(entries, plan, options, style),
    unconfirmedSection(result, entries, plan, style),
    skippedSection(entries, plan, style),
    appliedSection(entries, plan, options, style),
    [style.bold('Requests'), `${indent}${requestSentence(result)}`],
  ];
  return `${sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n')}\n`;
}

