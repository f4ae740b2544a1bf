/**
 * Printing plans and apply results on stdout, in the format asked for.
 * JSON is written a chunk at a time, waiting for the reader (a pipe, a
 * file), so a large plan is never one string in memory.
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ConfigError } from '../errors.js';
import type { ApplyDocument } from '../plan/apply-document.js';
import type { ApplyResult } from '../plan/apply-result.js';
import { planJsonChunks } from '../plan/plan-json.js';
import type { Plan } from '../plan/plan-types.js';
import { applyDocumentChunks } from '../report/apply-document-json.js';
import { renderApply, renderPlan, type ReportFormat } from '../report/index.js';
import type { CliIo } from './cli-io.js';

/** Changes of each kind a terminal report lists before "… and N more" (`--show-all` lists every one). */
export const defaultChangesPerKind = 50;

/** Whether to colour the terminal report: a TTY, and NO_COLOR not set. */
export function useColor(io: CliIo): boolean {
  return Boolean((io.stdout as NodeJS.WriteStream).isTTY) && !io.env.NO_COLOR;
}

/** Writes `chunks` to stdout, waiting whenever the reader is behind. */
export async function writeChunks(io: CliIo, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!io.stdout.write(chunk)) await new Promise<void>((resolve) => io.stdout.once('drain', resolve));
  }
}

export async function printPlan(
  io: CliIo,
  plan: Plan,
  format: ReportFormat,
  options: { verbose?: boolean; maxChangesPerKind?: number; stance?: 'dry-run' | 'before-apply' } = {},
): Promise<void> {
  if (format === 'json') return writeChunks(io, planJsonChunks(plan));
  io.stdout.write(renderPlan(plan, format, { color: useColor(io), maxChangesPerKind: defaultChangesPerKind, ...options }));
}

export function printApply(io: CliIo, result: ApplyResult, plan: Plan, format: ReportFormat, options: { maxChangesPerKind?: number } = {}): void {
  io.stdout.write(renderApply(result, plan, format, { color: useColor(io), maxChangesPerKind: defaultChangesPerKind, ...options }));
}

export function printApplyDocument(io: CliIo, document: ApplyDocument): Promise<void> {
  return writeChunks(io, applyDocumentChunks(document));
}

/** The format of `--out-report FILE`: HTML for a name ending in `.html` or `.htm`, else the format asked for. */
export function reportFileFormat(path: string, format: ReportFormat): ReportFormat {
  return /^\.html?$/i.test(extname(path)) ? 'html' : format;
}

/** What a report file holds: a plan, or the end of an apply (its result when it wrote, else its plan). */
export type ReportContent = { plan: Plan; result?: ApplyResult; document?: ApplyDocument };

/**
 * Writes the report to `path` in `format`, without colour and with every
 * change (`--show-all`'s lists); JSON is written a chunk at a time. An apply's
 * JSON report is its result document, as on stdout.
 */
export async function writeReportFile(path: string, format: ReportFormat, content: ReportContent): Promise<void> {
  const { plan, result, document } = content;
  let chunks: Iterable<string>;
  if (format === 'json') chunks = document ? applyDocumentChunks(document) : planJsonChunks(plan);
  else if (result) chunks = [renderApply(result, plan, format, { color: false, verbose: true })];
  else chunks = [renderPlan(plan, format, { color: false, verbose: true })];
  try {
    await writeFile(path, chunks, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot write the report file (${(error as NodeJS.ErrnoException).code ?? 'unwritable'}).`, path);
  }
}
