import { describe, expect, it } from 'vitest';
import { formatObjectGuid } from '../../src/mapping/guid.js';
import { coerceStatus } from '../../src/mapping/person-mapper.js';
import { parseTemplate } from '../../src/mapping/template.js';
import { evaluate } from './mapping-builders.js';

// A real AD objectGUID as it comes off the wire: 67 40 e4 8b 1c 9a 4e 4c 9a 3f 2d 7e 5a 1b 0c 9d.
// By the rule, the first three fields read little-endian: 67 40 e4 8b → 8be44067,
// 1c 9a → 9a1c, 4e 4c → 4c4e; the last two as stored: 9a3f, 2d7e5a1b0c9d. (Python's
// uuid.UUID(bytes_le=…) gives the same text.)
const adGuidBytes = Buffer.from([0x67, 0x40, 0xe4, 0x8b, 0x1c, 0x9a, 0x4e, 0x4c, 0x9a, 0x3f, 0x2d, 0x7e, 0x5a, 0x1b, 0x0c, 0x9d]);
const adGuidText = '8be44067-9a1c-4c4e-9a3f-2d7e5a1b0c9d';

describe('value inputs', () => {
  it('from reads every value of an attribute, and matches the name in any case', () => {
    expect(evaluate('{ from: memberOf }', { memberof: ['a', 'b'] })).toEqual({ values: ['a', 'b'] });
    expect(evaluate('{ from: mail }', { mail: 'x@y.z', Mail: 'other' })).toEqual({ values: ['x@y.z'] });
  });

  it('value is a constant, whatever the entry holds', () => {
    expect(evaluate('{ value: Lisbon }', {})).toEqual({ values: ['Lisbon'] });
    expect(evaluate('{ value: true }', {})).toEqual({ values: ['true'] });
  });

  it('drops blank values at the end', () => {
    expect(evaluate('{ from: a }', { a: ['x', '', '   ', 'y'] })).toEqual({ values: ['x', 'y'] });
    expect(evaluate('{ from: missing }', {})).toEqual({ values: [] });
  });
});

describe('templates', () => {
  it('fills placeholders with the first value of each attribute', () => {
    expect(evaluate('{ template: "{first} {last}" }', { first: ['Ana', 'Anita'], last: 'Lima' })).toEqual({ values: ['Ana Lima'] });
  });

  it('reads a missing attribute as empty text', () => {
    expect(evaluate('{ template: "{first} {middle} {last}" }', { first: 'Ana', last: 'Lima' })).toEqual({ values: ['Ana  Lima'] });
    expect(evaluate('{ template: "dept-{department}" }', { department: '  ' })).toEqual({ values: [] });
  });

  it('gives no value when every attribute it names is missing, so default applies', () => {
    expect(evaluate('{ template: "{first} {last}" }', {})).toEqual({ values: [] });
    expect(evaluate('{ template: "{first} {last}", transforms: [{ default: Unknown }] }', {})).toEqual({ values: ['Unknown'] });
  });

  it('writes literal braces doubled, and refuses unbalanced ones', () => {
    expect(evaluate('{ template: "{{{code}}}" }', { code: 'X1' })).toEqual({ values: ['{X1}'] });
    expect(parseTemplate('{a')).toMatch(/no closing/);
    expect(parseTemplate('a}')).toMatch(/closes no placeholder/);
    expect(parseTemplate('{}')).toMatch(/names no attribute/);
  });
});

describe('transforms', () => {
  it('trim, lower and upper work on every value', () => {
    expect(evaluate('{ from: a, transforms: [trim] }', { a: ['  x ', '\ty\n'] })).toEqual({ values: ['x', 'y'] });
    expect(evaluate('{ from: a, transforms: [lower] }', { a: 'ÁnA@Corp.COM' })).toEqual({ values: ['ána@corp.com'] });
    expect(evaluate('{ from: a, transforms: [upper] }', { a: ['cc-1', 'b'] })).toEqual({ values: ['CC-1', 'B'] });
  });

  it('first keeps the first value', () => {
    expect(evaluate('{ from: mail, transforms: [first] }', { mail: ['a@x.io', 'b@x.io'] })).toEqual({ values: ['a@x.io'] });
  });

  it('split cuts every value at the separator; order of transforms matters', () => {
    expect(evaluate('{ from: t, transforms: [{ split: "|" }] }', { t: ['A| B', 'C'] })).toEqual({ values: ['A', ' B', 'C'] });
    expect(evaluate('{ from: t, transforms: [{ split: "," }, trim] }', { t: 'x, y,,z ' })).toEqual({ values: ['x', 'y', 'z'] });
    expect(evaluate('{ from: t, transforms: [trim, { split: "," }] }', { t: 'x, y' })).toEqual({ values: ['x', ' y'] });
  });

  it('replace substitutes every match, with groups and flags', () => {
    expect(evaluate('{ from: a, transforms: [{ replace: { pattern: "\\\\s+", with: "-" } }] }', { a: 'human  resources team' })).toEqual({
      values: ['human-resources-team'],
    });
    expect(
      evaluate('{ from: dn, transforms: [{ replace: { pattern: "^cn=([^,]+),.*$", with: "$1", flags: i } }] }', { dn: 'CN=Team A,OU=G,DC=x' }),
    ).toEqual({ values: ['Team A'] });
    expect(evaluate('{ from: a, transforms: [{ replace: { pattern: "[0-9]" } }] }', { a: 'a1b2' })).toEqual({ values: ['ab'] });
  });

  it('default applies only when there is no value at that point', () => {
    expect(evaluate('{ from: a, transforms: [{ default: none }] }', {})).toEqual({ values: ['none'] });
    expect(evaluate('{ from: a, transforms: [{ default: none }] }', { a: ' ' })).toEqual({ values: ['none'] });
    expect(evaluate('{ from: a, transforms: [{ default: none }] }', { a: 'x' })).toEqual({ values: ['x'] });
    expect(evaluate('{ from: a, transforms: [{ default: 0 }] }', {})).toEqual({ values: ['0'] });
  });

  it('lookup translates, drops on null, uses otherwise, and names an unknown value', () => {
    const lookup = '{ from: s, transforms: [lower, { lookup: { table: { active: true, leave: "yes", gone: null } } }] }';
    expect(evaluate(lookup, { s: 'Active' })).toEqual({ values: ['true'] });
    expect(evaluate(lookup, { s: 'leave' })).toEqual({ values: ['yes'] });
    expect(evaluate(lookup, { s: 'gone' })).toEqual({ values: [] });
    const unknown = evaluate(lookup, { s: 'on sabbatical' });
    expect(unknown).toHaveProperty('problem');
    expect((unknown as { problem: string }).problem).toContain("'on sabbatical' is not in the lookup table");
    expect(evaluate('{ from: s, transforms: [{ lookup: { table: { a: x }, otherwise: other } }] }', { s: 'b' })).toEqual({ values: ['other'] });
    expect(evaluate('{ from: s, transforms: [{ lookup: { table: { a: x }, otherwise: null } }] }', { s: ['a', 'b'] })).toEqual({ values: ['x'] });
  });

  it('guid turns objectGUID bytes into canonical lower-case text', () => {
    expect(formatObjectGuid(adGuidBytes)).toBe(adGuidText);
    expect(evaluate('{ from: objectGUID, transforms: [guid] }', { objectGUID: adGuidBytes })).toEqual({ values: [adGuidText] });
    expect(evaluate('{ from: id, transforms: [guid] }', { id: adGuidText.toUpperCase() })).toEqual({ values: [adGuidText] });
    const wrong = evaluate('{ from: objectGUID, transforms: [guid] }', { objectGUID: Buffer.from([1, 2, 3]) });
    expect((wrong as { problem: string }).problem).toMatch(/<3 bytes 010203> is not an objectGUID/);
  });

  it('hex and base64 encode bytes, and text as UTF-8', () => {
    expect(evaluate('{ from: b, transforms: [hex] }', { b: adGuidBytes })).toEqual({ values: ['6740e48b1c9a4e4c9a3f2d7e5a1b0c9d'] });
    expect(evaluate('{ from: b, transforms: [base64] }', { b: adGuidBytes })).toEqual({ values: ['Z0DkixyaTkyaPy1+WhsMnQ=='] });
    expect(evaluate('{ from: b, transforms: [hex] }', { b: 'é' })).toEqual({ values: ['c3a9'] });
    expect(evaluate('{ from: b, transforms: [base64] }', { b: 'hi' })).toEqual({ values: ['aGk='] });
  });

  it('text transforms read bytes as UTF-8', () => {
    expect(evaluate('{ from: b, transforms: [upper] }', { b: Buffer.from('ana', 'utf8') })).toEqual({ values: ['ANA'] });
  });
});

describe('status coercion', () => {
  it('reads the usual yes/no words in any case and nothing else', () => {
    for (const word of ['true', 'YES', 'y', '1', 'Active', 'on']) expect(coerceStatus(word)).toBe(true);
    for (const word of ['false', 'No', 'n', '0', 'INACTIVE', 'off']) expect(coerceStatus(word)).toBe(false);
    for (const word of ['leave', '', 'maybe', '2']) expect(coerceStatus(word)).toBeUndefined();
  });
});
