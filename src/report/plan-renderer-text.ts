/**
 * The terminal report of a plan, read before anything changes: header, counts
 * by kind, safety verdicts, entries left out, drift, then every change by
 * stage in apply order, terraform-style (`+` adds, `~` changes, `-` removes).
 */
import { planChanges, type Change, type ChangeKind, type Plan } from '../plan/plan-types.js';
import { createStyle, type Style } from './ansi.js';
import { changeDetails } from './change-details.js';
import { kindWords, type ChangeSign } from './change-kinds.js';
import { changeHeadline } from './change-sentences.js';
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
  type KindCount,
} from './plan-summary.js';
import { cleanText, formatCount, formatIssueLocation, plural } from '../plan/value-format.js';

/** Options of the terminal plan report. */
export interface PlanTextOptions {
  /** ANSI colour and bold. The CLI passes `process.stdout.isTTY && !NO_COLOR`. */
  color: boolean;
  /** Show every issue, drift notice and list item in full. Default false. */
  verbose?: boolean;
  /** List at most this many changes of each kind, then "… and N more". Default: all. Ignored when verbose. */
  maxChangesPerKind?: number;
  /** `dry-run` (default): nothing was changed; `before-apply`: the plan about to be applied. */
  stance?: 'dry-run' | 'before-apply';
}

/** Issues and drift notices shown before "… and N more" when not verbose. */
export const collapsedListLength = 20;

const indent = '  ';

/** A change's marker in its colour: green `+`, yellow `~`, red `-`. */
export function paintSign(sign: ChangeSign, style: Style): string {
  if (sign === '+') return style.green(sign);
  if (sign === '~') return style.yellow(sign);
  return style.red(sign);
}

function countsTable(rows: KindCount[], total: number, style: Style): string[] {
  // bounded: one row per change kind
  const labelWidth = Math.max('total'.length, ...rows.map((r) => r.label.length));
  // bounded: one row per change kind
  const countWidth = Math.max(...[total, ...rows.map((r) => r.count)].map((n) => formatCount(n).length));
  const line = (sign: string, label: string, count: number, note = '') =>
    `${indent}${sign} ${label.padEnd(labelWidth)}  ${formatCount(count).padStart(countWidth)}${note}`;
  return [
    ...rows.map((r) => {
      const note = r.people === undefined ? '' : `  (${plural(r.people, 'person', 'people')})`;
      return line(paintSign(kindWords[r.kind].sign, style), r.label, r.count, note);
    }),
    style.bold(line(' ', 'total', total)),
  ];
}

function safetySection(plan: Plan, options: PlanTextOptions, style: Style): string[] {
  const { verdicts, overridden } = plan.safety;
  if (verdicts.length === 0) return [];
  const lines = [style.bold('Safety limits')];
  // A limit nothing counts toward says little: listed with --show-all only.
  const idle = options.verbose ? [] : verdicts.filter((v) => v.ok && v.value === 0);
  for (const verdict of verdicts) {
    if (idle.includes(verdict)) continue;
    const state = verdictState(verdict, overridden);
    const label = limitLabel(verdict.limit);
    if (state === 'ok') {
      const detail = options.verbose ? ` ${cleanText(verdict.message)}` : '';
      lines.push(`${indent}${style.green('ok')}          ${label}: ${verdictFigures(verdict)}.${detail}`);
      continue;
    }
    const tag = state === 'over' ? style.alarm('OVER LIMIT') : style.yellow('OVERRIDDEN');
    lines.push(`${indent}${tag}  ${style.bold(`${label}:`)} ${cleanText(verdict.message)}`);
    const consequence = state === 'over' ? 'apply will refuse this plan' : 'overridden for this run';
    lines.push(`${indent}            ${verdictFigures(verdict)}; ${consequence}.`);
  }
  if (idle.length > 0) lines.push(`${indent}${style.green('ok')}          ${plural(idle.length, 'other limit')}: nothing in this plan counts toward ${idle.length === 1 ? 'it' : 'them'} (--show-all lists them).`);
  return lines;
}

function collapsed(lines: string[], options: PlanTextOptions): string[] {
  if (options.verbose || lines.length <= collapsedListLength) return lines;
  const hidden = lines.length - collapsedListLength;
  return [...lines.slice(0, collapsedListLength), `… and ${formatCount(hidden)} more (--show-all shows all)`];
}

function issuesSection(plan: Plan, options: PlanTextOptions, style: Style): string[] {
  if (plan.issues.length === 0) return [];
  const lines = plan.issues.map((issue) => `${formatIssueLocation(issue)}: ${cleanText(issue.message)}`);
  return [
    `${style.bold(`Entries left out (${formatCount(plan.issues.length)})`)}: not planned; Deskbee keeps what it has for them`,
    ...collapsed(lines, options).map((l) => indent + l),
  ];
}

function heldBackSection(plan: Plan, options: PlanTextOptions, style: Style): string[] {
  const lines = heldBackLines(plan);
  if (lines.length === 0) return [];
  return [`${style.bold(`Held back (${formatCount(lines.length)})`)}: what the plan would have done and does not`, ...collapsed(lines, options).map((l) => indent + l)];
}

function driftSection(plan: Plan, options: PlanTextOptions, style: Style): string[] {
  if (plan.drift.length === 0) return [];
  const lines = plan.drift.map((notice) => {
    const v = driftValues(notice);
    return `${driftUser(notice)}, ${v.field}: last applied ${v.lastApplied} → Deskbee now ${v.actual} → source wants ${v.desired}; ${v.resolution}`;
  });
  return [
    `${style.bold(`Drift (${formatCount(plan.drift.length)})`)}: changed by hand in Deskbee since the last apply`,
    ...collapsed(lines, options).map((l) => indent + l),
  ];
}

/** A change as report lines: sign and headline, then its detail lines indented. */
function changeLines(change: Change, lines: string[], style: Style, headline: string, options: PlanTextOptions): void {
  lines.push(`${indent}${indent}${paintSign(kindWords[change.kind].sign, style)} ${headline}`);
  for (const detail of changeDetails(change, options)) lines.push(`${indent.repeat(4)}${detail}`);
}

function changesSection(plan: Plan, options: PlanTextOptions, style: Style): string[] {
  const limit = options.verbose ? undefined : options.maxChangesPerKind;
  const shown = new Map<ChangeKind, number>();
  const lines = [style.bold('Changes, in apply order')];
  for (const group of stageGroups(plan)) {
    lines.push(`${indent}${style.bold(group.title)}`);
    const hidden = new Map<ChangeKind, number>();
    for (const change of group.changes) {
      const count = shown.get(change.kind) ?? 0;
      if (limit !== undefined && count >= limit) {
        hidden.set(change.kind, (hidden.get(change.kind) ?? 0) + 1);
        continue;
      }
      shown.set(change.kind, count + 1);
      changeLines(change, lines, style, changeHeadline(change, 'plan', { source: plan.source.name }), options);
    }
    for (const [kind, n] of hidden) {
      lines.push(`${indent}${indent}… and ${formatCount(n)} more "${kindWords[kind].label}" (--show-all shows all)`);
    }
  }
  return lines;
}

/** The plan as a terminal report; ANSI codes only when `options.color`. Ends with a newline. */
export function renderPlanText(plan: Plan, options: PlanTextOptions): string {
  const style = createStyle(options.color);
  const changes = planChanges(plan);
  const facts = headerFacts(plan);
  // bounded: a handful of header facts
  const factWidth = Math.max(...facts.map(([label]) => label.length));
  const over = plan.safety.verdicts.filter((v) => verdictState(v, plan.safety.overridden) === 'over');

  const sections: string[][] = [];
  sections.push([
    `${style.bold(`Plan: ${cleanText(plan.source.name)} → Deskbee`)} ${options.stance === 'before-apply' ? '(to apply now: nothing has been changed yet)' : '(dry run: nothing has been changed)'}`,
    ...facts.map(([label, text]) => `${indent}${label.padEnd(factWidth)}  ${text}`),
    ...(over.length > 0
      ? [style.alarm(`Over ${plural(over.length, 'safety limit')}: ${over.map((v) => limitLabel(v.limit)).join(', ')}. Apply will refuse this plan.`)]
      : []),
  ]);
  if (changes.length === 0) {
    sections.push([style.green(noChangesSentence(plan))]);
  } else {
    sections.push([style.bold(`Changes to make (${formatCount(changes.length)})`), ...countsTable(kindCounts(changes), changes.length, style)]);
  }
  const accounting = accountingSentences(plan);
  if (accounting.length > 0) sections.push([style.bold('Every entry accounted for'), ...accounting.map((line) => indent + line)]);
  sections.push(safetySection(plan, options, style));
  sections.push(issuesSection(plan, options, style));
  sections.push(heldBackSection(plan, options, style));
  sections.push(driftSection(plan, options, style));
  if (changes.length > 0) sections.push(changesSection(plan, options, style));
  return `${sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n')}\n`;
}
