/**
 * Document paths: SCIM attribute paths (RFC 7644 section 3.10) that a
 * mapping's `path:` reads from an entry's whole resource, e.g.
 * `name.givenName`, `emails[type eq "work"].value`, `groups[].display`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`.
 */
import type { JsonValue } from '../sources/source.js';
import { attributeNamePattern, closingQuote, parseValueFilter, PathSyntaxError, property, type ValueFilter } from './document-path-filter.js';

export { PathSyntaxError } from './document-path-filter.js';

/** What a path found in one document: text values (possibly none), or why it cannot give any. */
export type PathResult = { values: string[] } | { problem: string };

/** A parsed path, ready to run on many documents. */
export interface DocumentPath {
  /** The path as written. */
  readonly text: string;
  /** The values at the path, in document order; numbers and booleans as text, nulls left out. */
  evaluate(document: JsonValue | undefined): PathResult;
  /** Whether the path reaches any value in `document` (a complex value that `evaluate` refuses counts). */
  matches(document: JsonValue | undefined): boolean;
}

interface Segment {
  name: string;
  /** Keeps the values that match; absent for `name` and `name[]` (every value). */
  filter?: ValueFilter;
}

/** Schemas whose attributes sit at the top of a resource rather than under their URN. */
const coreSchemaPrefix = 'urn:ietf:params:scim:schemas:core:';

/** Splits `urn:…:User:employeeNumber` into the schema URN and the attribute path after it. */
function splitUrn(text: string): { urn?: string; rest: number } {
  if (!/^urn:/i.test(text)) return { rest: 0 };
  const bracket = text.indexOf('[');
  const head = bracket < 0 ? text : text.slice(0, bracket);
  const colon = head.lastIndexOf(':');
  if (colon === head.length - 1) throw new PathSyntaxError('the path names a schema URN but no attribute after it (e.g. …:2.0:User:employeeNumber)', colon);
  return { urn: text.slice(0, colon), rest: colon + 1 };
}

/** Index of the `]` that closes the `[` at `open`, skipping quoted text. */
function closingBracket(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const end = closingQuote(text, i);
      if (end < 0) throw new PathSyntaxError('a quoted value is never closed (a closing " is missing)', i);
      i = end;
    } else if (ch === '[') {
      throw new PathSyntaxError('a filter cannot hold another [ ]: filter on the sub-attributes of one value, e.g. emails[type eq "work"]', i);
    } else if (ch === ']') {
      return i;
    }
  }
  throw new PathSyntaxError('a [ is never closed', open);
}

function parseSegments(text: string, from: number): Segment[] {
  const segments: Segment[] = [];
  let i = from;
  for (;;) {
    const name = /^[A-Za-z$][\w$-]*/.exec(text.slice(i))?.[0];
    if (name === undefined) {
      const found = i < text.length ? `'${text[i]}'` : 'the end of the path';
      throw new PathSyntaxError(`expected an attribute name, found ${found}`, i);
    }
    i += name.length;
    const segment: Segment = { name };
    if (text[i] === '[') {
      const close = closingBracket(text, i);
      const inside = text.slice(i + 1, close);
      if (inside.trim() !== '') segment.filter = parseValueFilter(inside, i + 1);
      i = close + 1;
    }
    segments.push(segment);
    if (i === text.length) return segments;
    if (text[i] !== '.') throw new PathSyntaxError(`expected '.', '[' or the end of the path after '${name}', found '${text[i]}'`, i);
    i += 1;
  }
}

/** Where evaluation starts: the resource, or the object of an extension schema. */
function start(document: JsonValue | undefined, urn: string | undefined): JsonValue[] {
  if (document === undefined) return [];
  if (urn === undefined) return [document];
  const extension = property(document, urn);
  if (extension !== undefined) return [extension];
  return urn.toLowerCase().startsWith(coreSchemaPrefix) ? [document] : [];
}

function walk(nodes: JsonValue[], segments: readonly Segment[]): JsonValue[] {
  let current = nodes;
  for (const segment of segments) {
    let next: JsonValue[] = [];
    for (const node of current) {
      const value = property(node, segment.name);
      if (value === undefined || value === null) continue;
      // Loops, not push(...value): a multi-valued attribute can hold more values than a call takes arguments.
      if (Array.isArray(value)) for (const element of value) next.push(element);
      else next.push(value);
    }
    if (segment.filter) next = next.filter(segment.filter);
    current = next;
  }
  return current;
}

function keysOf(value: { [key: string]: JsonValue }): string {
  const keys = Object.keys(value);
  return keys.length === 0 ? '{}' : `{ ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''} }`;
}

/**
 * Parses a path.
 * @throws PathSyntaxError naming what is wrong and where (`at`, 0-based).
 */
export function parseDocumentPath(text: string): DocumentPath {
  if (text.trim() === '') throw new PathSyntaxError('the path is empty', 0);
  const { urn, rest } = splitUrn(text);
  const segments = parseSegments(text, rest);
  for (const segment of segments) {
    if (!attributeNamePattern.test(segment.name)) throw new PathSyntaxError(`'${segment.name}' is not an attribute name`, 0);
  }
  const evaluate = (document: JsonValue | undefined): PathResult => {
    const values: string[] = [];
    for (const leaf of walk(start(document, urn), segments)) {
      if (typeof leaf === 'string') values.push(leaf);
      else if (typeof leaf === 'number' || typeof leaf === 'boolean') values.push(String(leaf));
      else if (leaf !== null && !Array.isArray(leaf)) {
        // A multi-valued complex attribute read whole means its `value` (RFC 7644 section 3.4.2.2).
        const inner = property(leaf, 'value');
        if (typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'boolean') values.push(String(inner));
        else {
          const first = Object.keys(leaf)[0] ?? 'value';
          return { problem: `the path '${text}' ends at a complex value ${keysOf(leaf)}; name one of its sub-attributes, e.g. '${text}.${first}'` };
        }
      }
    }
    return { values };
  };
  return {
    text,
    evaluate,
    matches: (document) => {
      const result = evaluate(document);
      return 'problem' in result || result.values.length > 0;
    },
  };
}

/** Why `text` is not a path, in one sentence naming the position; undefined when it is one. */
export function documentPathProblem(text: string): string | undefined {
  try {
    parseDocumentPath(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof PathSyntaxError)) throw error;
    return `the path '${text}' is not valid at character ${error.at + 1}: ${error.message}`;
  }
}
