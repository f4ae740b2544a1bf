/**
 * Distinguished names (RFC 4514) as far as the source needs them: a
 * comparison key, so that `CN=Ana,OU=Staff,DC=corp` in a group's `member`
 * and `cn=ana, ou=staff, dc=corp` on the user's entry are recognised as the
 * same entry, and value escaping for building DNs.
 */

/** One `type=value` pair of a relative DN, value unescaped. */
export interface DnAttributeValue {
  type: string;
  value: string;
}

/** A DN that could not be parsed. */
export class DnSyntaxError extends Error {}

/**
 * Splits a DN into its RDNs (left to right, most specific first), each a
 * list of type/value pairs (more than one for a multi-valued RDN `a=1+b=2`).
 * Escapes (`\,` `\2C`) are resolved; a `#hex` value is kept as written.
 * @throws DnSyntaxError on a malformed DN.
 */
export function parseDn(dn: string): DnAttributeValue[][] {
  const rdns: DnAttributeValue[][] = [];
  if (dn.trim() === '') return rdns;
  let rdn: DnAttributeValue[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new DnSyntaxError(`"${dn}" is not a valid DN: ${why} at character ${i + 1}`);
  };
  while (i <= dn.length) {
    // attribute type
    const eq = dn.indexOf('=', i);
    if (eq < 0) fail('an attribute type without "="');
    const type = dn.slice(i, eq).trim();
    if (!/^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)*)$/.test(type)) fail(`"${type}" is not an attribute type`);
    i = eq + 1;
    while (dn[i] === ' ') i += 1;
    // attribute value, up to an unescaped separator
    let raw = '';
    if (dn[i] === '#') {
      while (i < dn.length && dn[i] !== ',' && dn[i] !== '+' && dn[i] !== ';') raw += dn[i++];
      raw = raw.trim();
    } else {
      // Hex escapes are bytes (a UTF-8 character may take several): collect them, decode when the run ends.
      let pending: number[] = [];
      let trailingSpaces = 0;
      const flush = () => {
        if (pending.length > 0) raw += Buffer.from(pending).toString('utf8');
        pending = [];
      };
      while (i < dn.length && dn[i] !== ',' && dn[i] !== '+' && dn[i] !== ';') {
        const ch = dn[i] as string;
        if (ch === '\\') {
          const next = dn.slice(i + 1, i + 3);
          if (/^[0-9a-fA-F]{2}$/.test(next)) {
            pending.push(Number.parseInt(next, 16));
            i += 3;
          } else if (i + 1 < dn.length) {
            flush();
            raw += dn[i + 1];
            i += 2;
          } else {
            fail('a trailing backslash');
          }
          trailingSpaces = 0;
          continue;
        }
        if (ch === '"') fail('a quoted value (RFC 2253 quotes are not supported)');
        flush();
        raw += ch;
        trailingSpaces = ch === ' ' ? trailingSpaces + 1 : 0;
        i += 1;
      }
      flush();
      // unescaped trailing spaces are not part of the value
      if (trailingSpaces > 0) raw = raw.slice(0, raw.length - trailingSpaces);
    }
    rdn.push({ type, value: raw });
    if (i >= dn.length) {
      rdns.push(rdn);
      break;
    }
    if (dn[i] === ',' || dn[i] === ';') {
      rdns.push(rdn);
      rdn = [];
    }
    i += 1;
    while (dn[i] === ' ') i += 1;
    if (i >= dn.length) fail('a separator with nothing after it');
  }
  return rdns;
}

/**
 * The comparison key of a DN: attribute types and values lower-cased,
 * escapes resolved, spaces around separators and runs of spaces inside
 * values collapsed, the pairs of a multi-valued RDN sorted. Two DNs naming
 * the same entry (as directories compare them, case-insensitively) get the
 * same key. A DN that cannot be parsed gets its trimmed lower-case text.
 */
export function dnKey(dn: string): string {
  return plainDnKey(dn) ?? parsedDnKey(dn);
}

const attributeType = /^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)*)$/;
// What only the full parser handles: escapes, quotes, multi-valued RDNs, `#hex` values, `;` separators.
const needsParser = /[\\"+#;]/;
const needsEscape = /[,+"\\<>;=\0]/;
const ascii = /^[\x00-\x7f]*$/;

/**
 * `dnKey` without building the parsed DN, for the DNs every read is full of
 * (`uid=ana,ou=people,dc=corp`, `CN=Ana Lima,OU=Staff,…`); undefined for
 * anything unusual, which the full parser then handles, so both give the
 * same key.
 */
function plainDnKey(dn: string): string | undefined {
  if (needsParser.test(dn) || dn.trim() === '') return undefined;
  let key = '';
  let start = 0;
  while (start <= dn.length) {
    let end = dn.indexOf(',', start);
    if (end < 0) end = dn.length;
    const eq = dn.indexOf('=', start);
    if (eq < 0 || eq > end) return undefined;
    const type = dn.slice(start, eq).trim();
    if (!attributeType.test(type)) return undefined;
    let value = dn.slice(eq + 1, end);
    if (!ascii.test(value)) value = value.normalize('NFC');
    value = value.replace(/\s+/g, ' ').trim().toLowerCase();
    if (needsEscape.test(value)) value = escapeDnValue(value);
    key += `${start === 0 ? '' : ','}${type.toLowerCase()}=${value}`;
    if (end === dn.length) return key;
    // A separator with nothing after it is the full parser's error to report.
    if (dn.slice(end + 1).trim() === '') return undefined;
    start = end + 1;
  }
  return key;
}

function parsedDnKey(dn: string): string {
  let rdns: DnAttributeValue[][];
  try {
    rdns = parseDn(dn);
  } catch {
    return dn.trim().toLowerCase();
  }
  return rdns
    .map((rdn) =>
      rdn
        .map(({ type, value }) => `${type.toLowerCase()}=${escapeDnValue(value.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase())}`)
        .sort()
        .join('+'),
    )
    .join(',');
}

/**
 * Escapes a value for use in a DN (RFC 4514 section 2.4): `, + " \ < > ;`
 * and `=` anywhere, a leading `#` or space, a trailing space, and NUL.
 */
export function escapeDnValue(value: string): string {
  let out = '';
  for (let index = 0; index < value.length; index += 1) {
    const ch = value[index] as string;
    if (',+"\\<>;='.includes(ch)) out += `\\${ch}`;
    else if (ch === '\0') out += '\\00';
    else if ((index === 0 && (ch === '#' || ch === ' ')) || (index === value.length - 1 && ch === ' ')) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** The value of the first (leftmost) RDN, e.g. `Ana Lima` for `CN=Ana Lima,OU=Staff,…`; undefined when unparsable. */
export function firstRdnValue(dn: string): string | undefined {
  try {
    return parseDn(dn)[0]?.[0]?.value;
  } catch {
    return undefined;
  }
}
