/**
 * The value filter of a document path, `emails[type eq "work"]`: RFC 7644
 * section 3.4.2.2's filter grammar (comparisons, `pr`, `and`, `or`, `not`,
 * parentheses) evaluated on one value of a multi-valued attribute. Strings
 * compare without regard to case, as SCIM's attributes do unless their
 * schema says `caseExact` (which a document alone does not tell).
 */
import type { JsonValue } from '../sources/source.js';

/** A filter compiled once, run on every value of every resource. */
export type ValueFilter = (value: JsonValue) => boolean;

/** A problem in a path's text; `at` is the 0-based position in the whole path. */
export class PathSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const comparisonOperators = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le'] as const;
type ComparisonOperator = (typeof comparisonOperators)[number];
type Literal = string | number | boolean | null;

type Token = { kind: 'word'; text: string; at: number } | { kind: 'literal'; value: Literal; at: number } | { kind: '(' | ')'; at: number };

/** An attribute name inside a path or filter: SCIM's ATTRNAME, plus `$ref`. */
export const attributeNamePattern = /^[A-Za-z$][\w$-]*$/;

function tokenize(text: string, offset: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\t') {
      i += 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch, at: offset + i });
      i += 1;
    } else if (ch === '"') {
      const end = closingQuote(text, i);
      if (end < 0) throw new PathSyntaxError('a quoted value is never closed (a closing " is missing)', offset + i);
      let value: string;
      try {
        value = JSON.parse(text.slice(i, end + 1)) as string;
      } catch {
        throw new PathSyntaxError('a quoted value has an escape that is not valid (write \\" for a quote, \\\\ for a backslash)', offset + i);
      }
      tokens.push({ kind: 'literal', value, at: offset + i });
      i = end + 1;
    } else {
      const match = /^[^\s()"]+/.exec(text.slice(i));
      const word = match?.[0] ?? ch;
      const at = offset + i;
      if (/^-?\d/.test(word)) {
        const number = Number(word);
        if (!Number.isFinite(number)) throw new PathSyntaxError(`'${word}' is not a number`, at);
        tokens.push({ kind: 'literal', value: number, at });
      } else if (word === 'true' || word === 'false' || word === 'null') {
        tokens.push({ kind: 'literal', value: word === 'null' ? null : word === 'true', at });
      } else {
        tokens.push({ kind: 'word', text: word, at });
      }
      i += word.length;
    }
  }
  return tokens;
}

/** Index of the quote that closes the string starting at `start`, or -1. */
export function closingQuote(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Values of a sub-attribute path (`type`, `name.givenName`) inside one value; names match in any case. */
function valuesAt(value: JsonValue, names: readonly string[]): JsonValue[] {
  let current: JsonValue[] = [value];
  for (const name of names) {
    const next: JsonValue[] = [];
    for (const item of current) {
      for (const object of Array.isArray(item) ? item : [item]) {
        const found = property(object, name);
        if (found === undefined) continue;
        if (Array.isArray(found)) for (const element of found) next.push(element);
        else next.push(found);
      }
    }
    current = next;
  }
  return current;
}

/** A property of an object: the exact name first, then any case (SCIM attribute names are case-insensitive). */
export function property(value: JsonValue, name: string): JsonValue | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (Object.hasOwn(value, name)) return value[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(value)) if (key.toLowerCase() === lower) return value[key];
  return undefined;
}

function compare(operator: ComparisonOperator, actual: JsonValue, expected: Literal): boolean {
  if (typeof actual === 'string' && typeof expected === 'string') {
    const a = actual.toLowerCase();
    const b = expected.toLowerCase();
    switch (operator) {
      case 'eq':
        return a === b;
      case 'ne':
        return a !== b;
      case 'co':
        return a.includes(b);
      case 'sw':
        return a.startsWith(b);
      case 'ew':
        return a.endsWith(b);
      case 'gt':
        return a > b;
      case 'ge':
        return a >= b;
      case 'lt':
        return a < b;
      case 'le':
        return a <= b;
    }
  }
  if (typeof actual === 'number' && typeof expected === 'number') {
    switch (operator) {
      case 'eq':
        return actual === expected;
      case 'ne':
        return actual !== expected;
      case 'gt':
        return actual > expected;
      case 'ge':
        return actual >= expected;
      case 'lt':
        return actual < expected;
      case 'le':
        return actual <= expected;
      default:
        return false;
    }
  }
  if (operator === 'eq') return actual === expected;
  if (operator === 'ne') return actual !== expected;
  return false;
}

function isPresent(value: JsonValue): boolean {
  if (value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

class FilterParser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly end: number,
  ) {}

  parse(): ValueFilter {
    if (this.tokens.length === 0) throw new PathSyntaxError('an empty filter []: write a condition such as [type eq "work"], or [] alone for every value', this.end);
    const filter = this.or();
    const extra = this.tokens[this.i];
    if (extra) throw new PathSyntaxError(`unexpected ${describe(extra)} after a complete condition; join conditions with and / or`, extra.at);
    return filter;
  }

  private peekWord(word: string): boolean {
    const token = this.tokens[this.i];
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  }

  private or(): ValueFilter {
    let left = this.and();
    while (this.peekWord('or')) {
      this.i += 1;
      const a = left;
      const b = this.and();
      left = (value) => a(value) || b(value);
    }
    return left;
  }

  private and(): ValueFilter {
    let left = this.unary();
    while (this.peekWord('and')) {
      this.i += 1;
      const a = left;
      const b = this.unary();
      left = (value) => a(value) && b(value);
    }
    return left;
  }

  private unary(): ValueFilter {
    if (this.peekWord('not')) {
      this.i += 1;
      const open = this.tokens[this.i];
      if (open?.kind !== '(') throw new PathSyntaxError('not must be followed by a condition in parentheses: not (type eq "home")', open?.at ?? this.end);
      const inner = this.group();
      return (value) => !inner(value);
    }
    if (this.tokens[this.i]?.kind === '(') return this.group();
    return this.comparison();
  }

  private group(): ValueFilter {
    this.i += 1;
    const inner = this.or();
    const close = this.tokens[this.i];
    if (close?.kind !== ')') throw new PathSyntaxError('a ( is never closed', close?.at ?? this.end);
    this.i += 1;
    return inner;
  }

  private comparison(): ValueFilter {
    const name = this.tokens[this.i];
    if (name?.kind !== 'word') throw new PathSyntaxError(`expected an attribute name, found ${name ? describe(name) : 'the end of the filter'}`, name?.at ?? this.end);
    const names = name.text.split('.');
    if (!names.every((n) => attributeNamePattern.test(n))) throw new PathSyntaxError(`'${name.text}' is not an attribute name`, name.at);
    const op = this.tokens[this.i + 1];
    const operator = op?.kind === 'word' ? op.text.toLowerCase() : undefined;
    if (operator === 'pr') {
      this.i += 2;
      return (value) => valuesAt(value, names).some(isPresent);
    }
    if (!operator || !(comparisonOperators as readonly string[]).includes(operator)) {
      throw new PathSyntaxError(
        `expected an operator after '${name.text}' (eq, ne, co, sw, ew, gt, ge, lt, le or pr), found ${op ? describe(op) : 'the end of the filter'}`,
        op?.at ?? this.end,
      );
    }
    const literal = this.tokens[this.i + 2];
    if (literal?.kind !== 'literal') {
      throw new PathSyntaxError(
        `expected a value after '${name.text} ${operator}': a quoted text ("work"), a number, true, false or null; found ${literal ? describe(literal) : 'the end of the filter'}`,
        literal?.at ?? this.end,
      );
    }
    this.i += 3;
    const op2 = operator as ComparisonOperator;
    const expected = literal.value;
    if (expected === null && op2 !== 'eq' && op2 !== 'ne') throw new PathSyntaxError(`null can only be compared with eq or ne`, literal.at);
    if (expected === null) {
      const present = (value: JsonValue) => valuesAt(value, names).some((v) => v !== null);
      return op2 === 'eq' ? (value) => !present(value) : present;
    }
    if (op2 === 'ne') return (value) => !valuesAt(value, names).some((v) => compare('eq', v, expected));
    return (value) => valuesAt(value, names).some((v) => compare(op2, v, expected));
  }
}

function describe(token: Token): string {
  if (token.kind === 'word') return `'${token.text}'`;
  if (token.kind === 'literal') return `the value ${JSON.stringify(token.value)}`;
  return `'${token.kind}'`;
}

/**
 * Compiles the text between `[` and `]`.
 * @param offset position of that text in the whole path, for messages.
 * @throws PathSyntaxError
 */
export function parseValueFilter(text: string, offset: number): ValueFilter {
  return new FilterParser(tokenize(text, offset), offset + text.length).parse();
}
