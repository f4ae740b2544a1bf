import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentPathProblem, parseDocumentPath } from '../../../src/mapping/document-path.js';
import type { JsonValue } from '../../../src/sources/source.js';

const enterpriseUser = JSON.parse(readFileSync('test/fixtures/scim/rfc7643/8.3-enterprise-user.json', 'utf8')) as JsonValue;
const group = JSON.parse(readFileSync('test/fixtures/scim/rfc7643/8.4-group.json', 'utf8')) as JsonValue;

const values = (path: string, document: JsonValue = enterpriseUser) => {
  const result = parseDocumentPath(path).evaluate(document);
  if ('problem' in result) throw new Error(result.problem);
  return result.values;
};

describe('document paths on RFC 7643 resources', () => {
  it('read dotted attribute names, in any case', () => {
    expect(values('userName')).toEqual(['bjensen@example.com']);
    expect(values('name.givenName')).toEqual(['Barbara']);
    expect(values('NAME.familyname')).toEqual(['Jensen']);
    expect(values('meta.resourceType')).toEqual(['User']);
  });

  it('give numbers and booleans as text and leave out what is absent', () => {
    expect(values('active')).toEqual(['true']);
    expect(values('name.nothing')).toEqual([]);
    expect(values('nothing.at.all')).toEqual([]);
    expect(values('displayName', { displayName: null })).toEqual([]);
    expect(values('n', { n: 42 })).toEqual(['42']);
  });

  it('read every value of a multi-valued attribute, with or without []', () => {
    expect(values('emails.value')).toEqual(['bjensen@example.com', 'babs@jensen.org']);
    expect(values('emails[].value')).toEqual(['bjensen@example.com', 'babs@jensen.org']);
    expect(values('groups[].display')).toEqual(['Tour Guides', 'Employees', 'US Employees']);
    expect(values('members[].display', group)).toEqual(['Babs Jensen', 'Mandy Pepperidge']);
    expect(values('schemas')).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']);
  });

  it('read a multi-valued complex attribute named whole as its value sub-attribute', () => {
    expect(values('emails[type eq "home"]')).toEqual(['babs@jensen.org']);
    expect(values('groups')).toEqual([
      'e9e30dba-f08f-4109-8486-d5c6a331660a',
      'fc348aa8-3835-40eb-a20b-c726e15c55b5',
      '71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7',
    ]);
  });

  it('filter values by sub-attribute: eq (any case), booleans, and, or, not, pr', () => {
    expect(values('emails[type eq "work"].value')).toEqual(['bjensen@example.com']);
    expect(values('emails[type eq "WORK"].value')).toEqual(['bjensen@example.com']);
    expect(values('emails[primary eq true].value')).toEqual(['bjensen@example.com']);
    expect(values('emails[primary eq false].value')).toEqual([]);
    expect(values('emails[primary ne true].value')).toEqual(['babs@jensen.org']);
    expect(values('emails[primary eq null].value')).toEqual(['babs@jensen.org']);
    expect(values('emails[primary pr].value')).toEqual(['bjensen@example.com']);
    expect(values('emails[not (primary pr)].value')).toEqual(['babs@jensen.org']);
    expect(values('phoneNumbers[type eq "work" or type eq "mobile"].value')).toEqual(['555-555-5555', '555-555-4444']);
    expect(values('addresses[type eq "work" and primary eq true].locality')).toEqual(['Hollywood']);
    expect(values('addresses[(type eq "home" or type eq "other") and not (primary eq true)].streetAddress')).toEqual(['456 Hollywood Blvd']);
  });

  it('filter with co, sw, ew, gt, ge, lt, le', () => {
    expect(values('emails[value co "JENSEN"].type')).toEqual(['work', 'home']);
    expect(values('emails[value sw "babs"].type')).toEqual(['home']);
    expect(values('emails[value ew ".com"].type')).toEqual(['work']);
    const doc = { levels: [{ n: 1, v: 'a' }, { n: 5, v: 'b' }, { n: 9, v: 'c' }] };
    expect(values('levels[n gt 1].v', doc)).toEqual(['b', 'c']);
    expect(values('levels[n ge 5].v', doc)).toEqual(['b', 'c']);
    expect(values('levels[n lt 5].v', doc)).toEqual(['a']);
    expect(values('levels[n le 5 and v ne "a"].v', doc)).toEqual(['b']);
    expect(values('levels[v gt "a"].n', doc)).toEqual(['5', '9']);
  });

  it('read the enterprise extension through its schema URN, and core attributes through theirs', () => {
    const urn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    expect(values(`${urn}:employeeNumber`)).toEqual(['701984']);
    expect(values(`${urn}:costCenter`)).toEqual(['4130']);
    expect(values(`${urn}:manager.value`)).toEqual(['26118915-6090-4610-87e4-49d8ca9f808d']);
    expect(values(`${urn}:manager.displayName`)).toEqual(['John Smith']);
    expect(values('urn:ietf:params:scim:schemas:core:2.0:User:name.givenName')).toEqual(['Barbara']);
    expect(values('urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"].value')).toEqual(['bjensen@example.com']);
    expect(values('urn:example:unknown:2.0:User:employeeNumber')).toEqual([]);
    const minimal = JSON.parse(readFileSync('test/fixtures/scim/rfc7643/8.1-minimal-user.json', 'utf8')) as JsonValue;
    expect(values(`${urn}:employeeNumber`, minimal)).toEqual([]);
  });

  it('refuse to turn a complex value without a value sub-attribute into text', () => {
    const result = parseDocumentPath('name').evaluate(enterpriseUser);
    expect(result).toEqual({ problem: "the path 'name' ends at a complex value { formatted, familyName, givenName, middleName, … }; name one of its sub-attributes, e.g. 'name.formatted'" });
    expect(parseDocumentPath('name').matches(enterpriseUser)).toBe(true);
  });

  it('tell whether a path reaches anything, for the "never matched" warning', () => {
    expect(parseDocumentPath('emails[type eq "work"].value').matches(enterpriseUser)).toBe(true);
    expect(parseDocumentPath('emails[type eq "other"].value').matches(enterpriseUser)).toBe(false);
    expect(parseDocumentPath('userName').matches(undefined)).toBe(false);
  });
});

describe('document path syntax errors', () => {
  it.each([
    ['', /the path is empty/],
    ['emails[type eq "work"', /character 7: a \[ is never closed/],
    ['emails[type eq work].value', /character 16: expected a value after 'type eq': a quoted text/],
    ['emails[type xx "a"]', /character 13: expected an operator after 'type' \(eq, ne, co, sw, ew, gt, ge, lt, le or pr\), found 'xx'/],
    ['emails[type eq "a" and]', /expected an attribute name, found the end of the filter/],
    ['emails[(type eq "a"]', /a \( is never closed/],
    ['emails[type eq "a"] x', /character 20: expected '.', '\[' or the end of the path after 'emails', found ' '/],
    ['a..b', /character 3: expected an attribute name, found '.'/],
    ['emails[type eq "a].value', /a quoted value is never closed/],
    ['emails[value[type eq "x"]]', /a filter cannot hold another \[ \]/],
    ['emails[type gt null]', /null can only be compared with eq or ne/],
    ['emails[not type eq "x"]', /not must be followed by a condition in parentheses/],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:', /names a schema URN but no attribute after it/],
    ['emails[type eq "a" "b"]', /unexpected the value "b" after a complete condition/],
  ])('%j', (path, message) => {
    expect(documentPathProblem(path)).toMatch(message);
    expect(documentPathProblem(path)).toContain(`the path '${path}' is not valid`);
  });

  it('accept what RFC 7644 writes', () => {
    for (const path of ['emails[type eq "work" and value co "@example.com"].value', 'members[value eq "2819c223-7f76-453a-919d-413861904646"].display', 'x509Certificates[].value', 'groups[].$ref', 'meta.lastModified']) {
      expect(documentPathProblem(path)).toBeUndefined();
    }
  });
});
