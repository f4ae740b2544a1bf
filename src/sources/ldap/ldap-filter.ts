/**
 * LDAP search filters (RFC 4515): escaping values, and parsing filter text
 * into ldapts filter objects.
 *
 * Why a parser of our own: ldapts's string parser turns `\xx` escapes of
 * bytes ≥ 0x80 into separate characters and then writes them as UTF-8, so
 * `(objectGUID=\67\40\e4…)` or `(cn=Zo\c3\ab)` silently match nothing. Here
 * escapes become bytes; a value whose bytes are valid UTF-8 is sent as that
 * text, any other as the exact bytes (an `EqualityFilter` with a Buffer),
 * so a binary value is compared byte for byte.
 */
import {
  AndFilter,
  ApproximateFilter,
  EqualityFilter,
  ExtensibleFilter,
  type Filter,
  GreaterThanEqualsFilter,
  LessThanEqualsFilter,
  NotFilter,
  OrFilter,
  PresenceFilter,
  SubstringFilter,
} from 'ldapts';

/** A filter that could not be parsed; the message says where and why. */
export class FilterSyntaxError extends Error {}

/**
 * Escapes a value for use inside filter text (RFC 4515 section 3): `*`,
 * `(`, `)`, `\` and NUL become `\2a`, `\28`, `\29`, `\5c`, `\00`; other text,
 * non-ASCII included, stays as it is (it is sent as UTF-8). Bytes (a Buffer)
 * are escaped in full, `\xx` each, for comparing binary values.
 */
export function escapeFilterValue(value: string | Uint8Array): string {
  if (typeof value !== 'string') return Array.from(value, (byte) => `\\${byte.toString(16).padStart(2, '0')}`).join('');
  return value.replace(/[*()\\\0]/g, (ch) => `\\${(ch.codePointAt(0) as number).toString(16).padStart(2, '0')}`);
}

/**
 * Builds filter text from a template, escaping every interpolated value:
 * ``ldapFilter`(&(objectClass=user)(cn=${name}))` `` never lets a name
 * such as `*)(uid=*` change the filter's meaning.
 */
export function ldapFilter(strings: TemplateStringsArray, ...values: Array<string | Uint8Array | number>): string {
  return strings.reduce((out, text, index) => {
    const value = values[index - 1];
    return out + escapeFilterValue(typeof value === 'number' ? String(value) : (value as string | Uint8Array)) + text;
  });
}

/** An equality filter object comparing `attribute` with exactly these bytes or this text. */
export function equalityFilter(attribute: string, value: string | Buffer): Filter {
  return new EqualityFilter({ attribute, value });
}

/** `(&a b …)`, flattening nested ANDs; a single filter is returned as is. */
export function andFilters(...filters: Filter[]): Filter {
  const parts = filters.flatMap((filter) => (filter instanceof AndFilter ? filter.filters : [filter]));
  return parts.length === 1 ? (parts[0] as Filter) : new AndFilter({ filters: parts });
}

/** `(attribute:1.2.840.113556.1.4.1941:=dn)`: Active Directory's transitive ("in chain") match of a DN-valued attribute. */
export function inChainFilter(attribute: string, dn: string): Filter {
  return new ExtensibleFilter({ matchType: attribute, rule: '1.2.840.113556.1.4.1941', value: dn });
}

const attributeDescription = /^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)*)(;[A-Za-z0-9-]+)*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Parses RFC 4515 filter text (outer parentheses optional) into a filter
 * object ldapts can send.
 * @throws FilterSyntaxError naming the position and the problem.
 */
export function parseFilter(text: string): Filter {
  const trimmed = text.trim();
  const source = trimmed.startsWith('(') ? trimmed : `(${trimmed})`;
  const parser = new FilterParser(source, text);
  const filter = parser.filter();
  parser.end();
  return filter;
}

class FilterParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly original: string,
  ) {}

  fail(why: string): never {
    throw new FilterSyntaxError(`the LDAP filter "${this.original}" is not valid: ${why} (at character ${this.pos + 1}).`);
  }

  end(): void {
    if (this.pos !== this.text.length) this.fail('text after the closing parenthesis');
  }

  filter(): Filter {
    this.expect('(');
    let result: Filter;
    const ch = this.text[this.pos];
    if (ch === '&' || ch === '|') {
      this.pos += 1;
      const filters: Filter[] = [];
      while (this.text[this.pos] === '(') filters.push(this.filter());
      if (filters.length === 0) this.fail(`"${ch}" needs at least one filter`);
      result = ch === '&' ? new AndFilter({ filters }) : new OrFilter({ filters });
    } else if (ch === '!') {
      this.pos += 1;
      result = new NotFilter({ filter: this.filter() });
    } else {
      result = this.item();
    }
    this.expect(')');
    return result;
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) this.fail(this.pos >= this.text.length ? `missing "${ch}"` : `expected "${ch}", found "${this.text[this.pos]}"`);
    this.pos += 1;
  }

  private item(): Filter {
    const start = this.pos;
    const opMatch = /(~=|>=|<=|:=|=)/.exec(this.text.slice(start));
    if (!opMatch) this.fail('a comparison without "="');
    const left = this.text.slice(start, start + opMatch.index);
    const op = opMatch[1] as string;
    this.pos = start + opMatch.index + op.length;
    if (op === ':=') return this.extensible(left);
    if (!attributeDescription.test(left)) this.fail(`"${left}" is not an attribute name`);
    const pieces = this.valuePieces(op === '=');
    if (op === '=') {
      if (pieces.length === 2 && pieces[0]?.length === 0 && pieces[1]?.length === 0) return new PresenceFilter({ attribute: left });
      if (pieces.length > 1) {
        const [initial, ...rest] = pieces.map((piece) => this.text_(piece, 'a substring'));
        const final = rest.pop() ?? '';
        return new SubstringFilter({ attribute: left, initial: initial ?? '', any: rest.filter((part) => part !== ''), final });
      }
      return new EqualityFilter({ attribute: left, value: this.textOrBytes(pieces[0] ?? []) });
    }
    const value = this.text_(pieces[0] ?? [], `a "${op}" comparison`);
    if (op === '~=') return new ApproximateFilter({ attribute: left, value });
    if (op === '>=') return new GreaterThanEqualsFilter({ attribute: left, value });
    return new LessThanEqualsFilter({ attribute: left, value });
  }

  private extensible(left: string): Filter {
    const parts = left.split(':');
    const attribute = parts[0] ?? '';
    let dnAttributes = false;
    let rule = '';
    for (const part of parts.slice(1)) {
      if (part.toLowerCase() === 'dn' && !dnAttributes && rule === '') dnAttributes = true;
      else if (rule === '' && /^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)*)$/.test(part)) rule = part;
      else this.fail(`"${left}:=" is not an extensible match`);
    }
    if (attribute !== '' && !attributeDescription.test(attribute)) this.fail(`"${attribute}" is not an attribute name`);
    if (attribute === '' && rule === '') this.fail('an extensible match needs an attribute or a matching rule');
    const value = this.text_(this.valuePieces(false)[0] ?? [], 'an extensible match');
    return new ExtensibleFilter({ matchType: attribute, rule, value, dnAttributes });
  }

  /** Reads a value up to the closing parenthesis; splits it at unescaped `*` when they are allowed. */
  private valuePieces(starsAllowed: boolean): number[][] {
    const pieces: number[][] = [[]];
    while (this.pos < this.text.length && this.text[this.pos] !== ')') {
      const ch = this.text[this.pos] as string;
      const current = pieces[pieces.length - 1] as number[];
      if (ch === '\\') {
        const hex = this.text.slice(this.pos + 1, this.pos + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.fail('a backslash must be followed by two hex digits (write \\5c for a backslash)');
        current.push(Number.parseInt(hex, 16));
        this.pos += 3;
      } else if (ch === '*') {
        if (!starsAllowed) this.fail('an unescaped "*" (write \\2a for a literal star)');
        pieces.push([]);
        this.pos += 1;
      } else if (ch === '(') {
        this.fail('an unescaped "(" in a value (write \\28)');
      } else {
        const char = String.fromCodePoint(this.text.codePointAt(this.pos) as number);
        // bounded: one character's UTF-8 bytes
        current.push(...Buffer.from(char, 'utf8'));
        this.pos += char.length;
      }
    }
    return pieces;
  }

  private textOrBytes(bytes: number[]): string | Buffer {
    const buffer = Buffer.from(bytes);
    try {
      return utf8.decode(buffer);
    } catch {
      return buffer;
    }
  }

  private text_(bytes: number[], what: string): string {
    const value = this.textOrBytes(bytes);
    if (typeof value !== 'string') this.fail(`${what} value must be UTF-8 text; binary values can only be compared with "="`);
    return value;
  }
}
