/**
 * The plan as JSON: the exact text `plan --out plan.json` writes and `apply
 * plan.json` reads back. Pretty-printed with two spaces and a trailing
 * newline, top-level keys in a fixed order so the same plan always gives the
 * same bytes.
 */
import type { Plan } from './plan-types.js';

// The order of the Plan interface: what it is, what it read, what it found, what it would do.
const planKeyOrder: readonly (keyof Plan)[] = [
  'version',
  'createdAt',
  'mode',
  'source',
  'deskbee',
  'issues',
  'drift',
  'safety',
  'batches',
  'counts',
  'fingerprint',
];

/**
 * `plan` as pretty JSON. Keys the Plan type does not know are kept, after the
 * known ones, so nothing a newer planner wrote is lost. Nested objects keep
 * the planner's key order; the values are not touched.
 */
export function planJson(plan: Plan): string {
  const record = plan as unknown as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of planKeyOrder) if (key in record) ordered[key] = record[key];
  for (const key of Object.keys(record)) if (!(key in ordered)) ordered[key] = record[key];
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

