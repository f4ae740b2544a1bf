/**
 * zod's issues about a mapping, retold in plain English for the people who
 * write mapping files: which key, what was found, what is allowed.
 */
import { z } from 'zod';
import { objectTransforms, transformNames } from './mapping-schema.js';
import type { KeyPath } from './yaml-positions.js';

/** One problem in a mapping, before it gets a file position. */
export interface MappingProblem {
  path: KeyPath;
  message: string;
  /** Point at the key itself rather than its value (unknown keys). */
  atKey?: boolean;
}

type Issue = z.core.$ZodIssue;

function valueAt(root: unknown, path: KeyPath): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** What a value is, in words: `the text 'lowr'`, `a list`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') return `the text '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value === 'number' ? 'the number' : ''} ${String(value)}`.trim();
  if (Array.isArray(value)) return 'a list';
  const keys = Object.keys(value);
  return keys.length === 0 ? 'an empty {}' : `{ ${keys.join(', ')} }`;
}

const nouns: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'keys and values (key: value)',
  record: 'keys and values (key: value)',
};

/** Edit distance counting a swap of two neighbours as one edit (`nmae` → `name`). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

function didYouMean(word: string, known: readonly string[]): string {
  const lower = word.toLowerCase();
  const best = known
    .map((k) => ({ k, d: distance(lower, k.toLowerCase()) }))
    .filter(({ d }) => d <= Math.max(1, Math.floor(word.length / 3)))
    .sort((a, b) => a.d - b.d)[0];
  return best ? ` (did you mean '${best.k}'?)` : '';
}

function unwrap(s: z.ZodType): z.ZodType[] {
  if (s instanceof z.ZodOptional || s instanceof z.ZodDefault) return [s, ...unwrap(s.unwrap() as z.ZodType)];
  if (s instanceof z.ZodUnion) return [s, ...(s.options as z.ZodType[]).flatMap(unwrap)];
  return [s];
}

/** The schemas that may apply at a path (through optionals, defaults, lists, records, unions). */
function schemasAt(schema: z.ZodType, path: KeyPath): z.ZodType[] {
  let current: z.ZodType[] = [schema];
  for (const segment of path) {
    current = current.flatMap(unwrap).flatMap((s): z.ZodType[] => {
      if (s instanceof z.ZodObject && typeof segment === 'string') {
        const child = (s.shape as Record<string, z.ZodType>)[segment];
        return child ? [child] : [];
      }
      if (s instanceof z.ZodArray && typeof segment === 'number') return [s.element as z.ZodType];
      if (s instanceof z.ZodRecord) return [s.valueType as z.ZodType];
      return [];
    });
  }
  return current.flatMap(unwrap);
}

/** The object keys the schema allows at a path. */
function knownKeysAt(schema: z.ZodType, path: KeyPath): string[] {
  return [...new Set(schemasAt(schema, path).flatMap((s) => (s instanceof z.ZodObject ? Object.keys(s.shape) : [])))];
}

/** What the schema says a key takes, for messages about values it cannot place. */
function descriptionAt(schema: z.ZodType, path: KeyPath): string | undefined {
  // The innermost description says what the value is; outer ones say what the key is for.
  const text = schemasAt(schema, path).findLast((s) => s.description)?.description;
  // Descriptions are sentences for editors; in a message they follow "expected".
  return text && text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');
}

/**
 * Whether a union branch failed only on the input's kind (an object given to
 * a list of words): such a branch says nothing about what went wrong.
 */
function rejectedTheKind(branch: readonly Issue[], value: unknown): boolean {
  return branch.some(
    (i) =>
      i.path.length === 0 &&
      (i.code === 'invalid_type' || (i.code === 'invalid_value' && !i.values.some((v) => typeof v === typeof value))),
  );
}

function weight(branch: readonly Issue[]): number {
  return branch.reduce((n, i) => n + (i.code === 'unrecognized_keys' ? i.keys.length : 1), 0);
}

const isTransformItem = (path: KeyPath) => typeof path.at(-1) === 'number' && path.at(-2) === 'transforms';

function unknownTransform(name: string): string {
  return `unknown transform '${name}'${didYouMean(name, transformNames)}; known: ${transformNames.join(', ')}`;
}

/** Retells zod's issues about `input` (the parsed YAML) as problems with key paths. */
export function explainIssues(schema: z.ZodType, input: unknown, issues: readonly Issue[], prefix: KeyPath = []): MappingProblem[] {
  // Some checks only restate another issue at or under the same key (an empty transform whose only key was unknown).
  const explainedBelow = (issue: Issue) =>
    issues.some((other) => other !== issue && other.path.length >= issue.path.length && issue.path.every((seg, i) => other.path[i] === seg));
  return issues
    .filter((issue) => !(issue.code === 'custom' && issue.params?.['unlessDeeper'] === true && explainedBelow(issue)))
    .flatMap((issue) => explainIssue(schema, input, issue, prefix));
}

function explainIssue(schema: z.ZodType, input: unknown, issue: Issue, prefix: KeyPath): MappingProblem[] {
  const path: KeyPath = [...prefix, ...(issue.path as (string | number)[])];
  const value = valueAt(input, path);
  const last = path.at(-1);
  const key = typeof last === 'number' ? `item ${last} of ${String(path.at(-2))}` : (last ?? 'the file');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => {
        if (isTransformItem(path) && !objectTransforms.includes(k as (typeof objectTransforms)[number])) {
          return { path: [...path, k], atKey: true, message: unknownTransform(k) };
        }
        const known = knownKeysAt(schema, path);
        return {
          path: [...path, k],
          atKey: true,
          message: `unknown key '${k}'${didYouMean(k, known)}${known.length ? `; allowed here: ${known.join(', ')}` : ''}`,
        };
      });
    case 'invalid_type': {
      if (value === undefined) return [{ path, message: `missing required key '${key}'` }];
      let message = `${key} must be ${nouns[issue.expected] ?? issue.expected}, not ${describeValue(value)}`;
      const keys = knownKeysAt(schema, path);
      if (typeof value === 'string' && keys.includes('from') && keys.includes('template')) {
        message += `; to read the attribute ${value}, write { from: ${value} }`;
      }
      return [{ path, message }];
    }
    case 'invalid_union': {
      // Keep the branches that accepted the input's type: their complaints are the real ones.
      // Of those, the one that complains least is the one the writer meant.
      const plausible = issue.errors.filter((branch) => !rejectedTheKind(branch, value)).sort((a, b) => weight(a) - weight(b));
      const [best, second] = plausible;
      // A word where keys and values would also do (a name matcher): say all the forms.
      const primitiveAmongForms = typeof value !== 'object' && !isTransformItem(path) && knownKeysAt(schema, path).length > 0;
      if (best && !primitiveAmongForms && (!second || weight(best) < weight(second))) {
        if (isTransformItem(path) && typeof value === 'string') return [{ path, message: unknownTransform(value) }];
        return explainIssues(schema, input, best, path);
      }
      if (isTransformItem(path)) {
        return [{ path, message: typeof value === 'string' ? unknownTransform(value) : `a transform must be a name or one of ${objectTransforms.join(', ')}, not ${describeValue(value)}` }];
      }
      const expected = descriptionAt(schema, path);
      const known = knownKeysAt(schema, path);
      const stranger = value && typeof value === 'object' ? Object.keys(value).find((k) => !known.includes(k)) : undefined;
      const hint = stranger === undefined ? '' : didYouMean(stranger, known);
      return [{ path, message: `${describeValue(value)} is not allowed here${hint}${expected ? `; expected ${expected}` : ''}` }];
    }
    case 'invalid_value': {
      if (isTransformItem(path) && typeof value === 'string') return [{ path, message: unknownTransform(value) }];
      const allowed = issue.values.map(String);
      if (allowed.length === 1) return [{ path, message: `${key} must be ${allowed[0]}, not ${describeValue(value)}` }];
      return [
        {
          path,
          message: `${describeValue(value)} is not allowed here${typeof value === 'string' ? didYouMean(value, allowed) : ''}; use one of: ${allowed.join(', ')}`,
        },
      ];
    }
    case 'too_small':
      if (issue.origin === 'string') return [{ path, message: `${key} must not be empty` }];
      if (issue.origin === 'array') return [{ path, message: `${key} needs at least ${String(issue.minimum)} item(s)` }];
      return [{ path, message: `${key} is too small (at least ${String(issue.minimum)})` }];
    case 'invalid_key':
      return [{ path, atKey: true, message: `the key '${key}' is not allowed here: ${issue.issues[0]?.code === 'too_small' ? 'it must not be empty' : issue.message}` }];
    default:
      return [{ path, message: issue.message }];
  }
}
