/**
 * The plan as JSON: the exact text `plan --out plan.json` writes and `apply
 * plan.json` reads back. Top-level keys come in a fixed order and are
 * pretty-printed with two spaces; every element of the long lists (entries
 * left out, drift notices, each batch's changes) is one compact line, so
 * that the text is produced (and hashed) a chunk at a time and never has to
 * exist as one string. The same plan always gives the same bytes.
 *
 * The plan's fingerprint is the sha256 of every byte before the
 * `"fingerprint"` line (the body); its seal is an HMAC of the same bytes
 * with the store's key (plan-seal.ts).
 */
import { createHash, type Hash, type Hmac } from 'node:crypto';
import type { Batch, Plan } from './plan-types.js';

// The order of the Plan interface: what it is, what it read, what it found, what it would do.
const planKeyOrder: readonly string[] = [
  'version',
  'createdAt',
  'mode',
  'source',
  'deskbee',
  'store',
  'accounting',
  'issues',
  'drift',
  'safety',
  'policy',
  'heldBack',
  'batches',
  'counts',
];
const trailerKeys = new Set(['fingerprint', 'seal']);
/** Lists written one element a line. */
const longLists = new Set(['issues', 'drift', 'heldBack']);

/** The plan's keys in file order: known ones first, then any a newer planner wrote, then the trailer. */
function bodyKeys(plan: Plan): string[] {
  const record = plan as unknown as Record<string, unknown>;
  const known = planKeyOrder.filter((key) => record[key] !== undefined);
  const extra = Object.keys(record).filter((key) => !planKeyOrder.includes(key) && !trailerKeys.has(key) && record[key] !== undefined);
  return [...known, ...extra];
}

/** `value` pretty-printed, its lines after the first indented by `indent`. */
function pretty(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

function* list(items: readonly unknown[], indent: string): Generator<string> {
  if (items.length === 0) return yield '[]';
  yield '[\n';
  for (let i = 0; i < items.length; i += 1) yield `${indent}  ${JSON.stringify(items[i])}${i < items.length - 1 ? ',' : ''}\n`;
  yield `${indent}]`;
}

function* batches(all: readonly Batch[]): Generator<string> {
  if (all.length === 0) return yield '[]';
  yield '[\n';
  for (let i = 0; i < all.length; i += 1) {
    const batch = all[i]!;
    yield `    {"stage": ${JSON.stringify(batch.stage)}, "changes": `;
    yield* list(batch.changes, '    ');
    yield `}${i < all.length - 1 ? ',' : ''}\n`;
  }
  yield '  ]';
}

/** The body: every byte before the fingerprint line. */
export function* planBodyChunks(plan: Plan): Generator<string> {
  const record = plan as unknown as Record<string, unknown>;
  yield '{\n';
  for (const key of bodyKeys(plan)) {
    yield `  ${JSON.stringify(key)}: `;
    const value = record[key];
    if (key === 'batches') yield* batches(value as Batch[]);
    else if (longLists.has(key) && Array.isArray(value)) yield* list(value, '  ');
    else yield pretty(value, '  ');
    yield ',\n';
  }
}

/** The whole text, a chunk at a time: the body, then the fingerprint and, when sealed, the seal. */
export function* planJsonChunks(plan: Plan): Generator<string> {
  yield* planBodyChunks(plan);
  const seal = (plan as { seal?: string }).seal;
  yield `  "fingerprint": ${JSON.stringify(plan.fingerprint)}${seal === undefined ? '' : ','}\n`;
  if (seal !== undefined) yield `  "seal": ${JSON.stringify(seal)}\n`;
  yield '}\n';
}

/** The whole text as one string (small plans, tests). */
export function planJson(plan: Plan): string {
  let text = '';
  for (const chunk of planJsonChunks(plan)) text += chunk;
  return text;
}

/** Feeds the body's bytes to `digest` (a sha256, or the seal's HMAC) and returns it. */
export function digestBody<D extends Hash | Hmac>(plan: Plan, digest: D): D {
  for (const chunk of planBodyChunks(plan)) digest.update(chunk, 'utf8');
  return digest;
}

/** The plan's fingerprint: sha256 (hex) of its body. */
export function planFingerprint(plan: Omit<Plan, 'fingerprint'> & { fingerprint?: string }): string {
  return digestBody(plan as Plan, createHash('sha256')).digest('hex');
}
