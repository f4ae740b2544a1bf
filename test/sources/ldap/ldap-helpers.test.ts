/**
 * The LDAP source's pure helpers: GUID text, DN comparison keys, filter
 * escaping and parsing, ranged attribute pieces, membership resolution and
 * error messages (no server needed).
 */
import { inspect } from 'node:util';
import { EqualityFilter, ExtensibleFilter, InvalidCredentialsError, PresenceFilter, SubstringFilter, UnwillingToPerformError } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { dnKey, escapeDnValue, escapeFilterValue, guidToBytes, guidToString, LdapBindFailure, ldapFilter, ldapSourceError, parseDn, parseFilter } from '../../../src/sources/ldap/index.js';
import { createHash } from 'node:crypto';
import type { RawEntry } from '../../../src/sources/source.js';
import { AttributeDecoder } from '../../../src/sources/ldap/ldap-entry.js';
import { ReadFingerprint, ReceivedBytes } from '../../../src/sources/ldap/ldap-fingerprint.js';
import { indexFromMemberLists, indexFromMemberOf } from '../../../src/sources/ldap/ldap-membership.js';
import { parseRangedType, takeRange } from '../../../src/sources/ldap/ldap-ranged.js';

describe('objectGUID text', () => {
  it('reads the first three fields little-endian and the rest as stored, and back', () => {
    const bytes = Buffer.from([0x67, 0x45, 0x23, 0x01, 0xab, 0x89, 0xef, 0xcd, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]);
    expect(guidToString(bytes)).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(guidToBytes('{01234567-89AB-CDEF-0123-456789ABCDEF}').equals(bytes)).toBe(true);
    for (let i = 0; i < 50; i += 1) {
      const random = Buffer.from(Array.from({ length: 16 }, (_, k) => (i * 37 + k * 101) % 256));
      expect(guidToBytes(guidToString(random)).equals(random)).toBe(true);
    }
    expect(() => guidToString(Buffer.alloc(15))).toThrow(RangeError);
    expect(() => guidToBytes('not-a-guid')).toThrow(RangeError);
  });
});

describe('DN keys', () => {
  it('match the same entry however the DN is spelt, and differ for different entries', () => {
    const key = dnKey('cn=R&D\\, Ops (EU),ou=groups,dc=acme,dc=test');
    expect(dnKey('CN=R&D\\2C Ops (EU), OU=Groups, DC=ACME, DC=test')).toBe(key);
    expect(dnKey('cn=R&D\\2c  Ops (EU),ou=groups,dc=acme,dc=test')).toBe(key);
    expect(dnKey('cn=R&D Ops (EU),ou=groups,dc=acme,dc=test')).not.toBe(key);
    expect(dnKey('uid=a+cn=B,dc=x')).toBe(dnKey('CN=b + UID=A,dc=x'));
    expect(dnKey('cn=Zo\\c3\\ab,dc=x')).toBe(dnKey('cn=ZOË,dc=x'));
    expect(parseDn('cn=a\\,b\\ ,dc=x')).toEqual([[{ type: 'cn', value: 'a,b ' }], [{ type: 'dc', value: 'x' }]]);
  });

  it('are, for any DN, the key of its parsed form (plain DNs take a shortcut that must agree)', () => {
    // The key as documented, from the full parser: types and values lower-cased, values NFC with runs of spaces collapsed, pairs sorted.
    const parsedKey = (dn: string): string => {
      let rdns: ReturnType<typeof parseDn>;
      try {
        rdns = parseDn(dn);
      } catch {
        return dn.trim().toLowerCase();
      }
      return rdns
        .map((rdn) => rdn.map(({ type, value }) => `${type.toLowerCase()}=${escapeDnValue(value.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase())}`).sort().join('+'))
        .join(',');
    };
    const samples = [
      'uid=u00001,ou=people,dc=acme,dc=test',
      'CN=Ana  Lima , OU=Staff,DC=corp,DC=example',
      'cn=a=b,dc=x',
      'cn=,dc=x',
      'cn=x,',
      'cn=x, ',
      ',cn=x',
      'cn=x,,dc=y',
      'x,cn=y',
      '1x=y,dc=z',
      '2.5.4.3=Ana,dc=x',
      ' cn = Ana ,dc=x ',
      'cn=Ana\tLima,dc=x',
      'cn=Ana\u00a0Lima,dc=x',
      'cn=Ana\u3000Lima,dc=x',
      'cn=Zoe\u0301,dc=x',
      'cn=\u2126hm,dc=x',
      'cn=İstanbul,dc=x',
      'cn=<tag>,dc=x',
      'cn=a\u0000b,dc=x',
      'cn=#hash,dc=x',
      'cn=a#b,dc=x',
      'cn=a;b,dc=x',
      'cn=a+sn=b,dc=x',
      'cn="quoted",dc=x',
      'cn=a\\,b,dc=x',
      '',
      '   ',
      'cn',
      'cn=ok,dc',
    ];
    // And a few thousand generated from the characters that matter to either path.
    const pieces = ['a', 'Z', 'é', 'e\u0301', '\u2126', ' ', '  ', '\t', '\u00a0', ',', '=', '+', ';', '#', '\\', '"', '<', '\\2C', 'cn', 'OU', '2.5.4.3'];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    for (let i = 0; i < 5000; i += 1) {
      let dn = '';
      const length = next(12);
      for (let k = 0; k < length; k += 1) dn += pieces[next(pieces.length)];
      samples.push(dn, `cn=${dn},dc=x`);
    }
    for (const dn of samples) expect(dnKey(dn), JSON.stringify(dn)).toBe(parsedKey(dn));
  });

  it('escapes values so that they parse back unchanged', () => {
    for (const value of ['R&D, Ops (EU) *', ' leading', 'trailing ', '#hash', 'a+b=c;d<e>f"g\\h', 'Zoë Ångström']) {
      expect(parseDn(`cn=${escapeDnValue(value)},dc=x`)[0]?.[0]?.value).toBe(value);
    }
  });
});

describe('filters', () => {
  it('escapes *, (, ), \\ and NUL, keeps other text, and escapes bytes in full', () => {
    expect(escapeFilterValue('a*b(c)d\\e\0f Zoë')).toBe('a\\2ab\\28c\\29d\\5ce\\00f Zoë');
    expect(escapeFilterValue(Buffer.from([0x00, 0x7f, 0xe4, 0xff]))).toBe('\\00\\7f\\e4\\ff');
    expect(ldapFilter`(&(cn=${'*)(uid=*'})(n=${7}))`).toBe('(&(cn=\\2a\\29\\28uid=\\2a)(n=7))');
  });

  it('parses escaped values back to the exact text or bytes', () => {
    for (const value of ['Filter *()\\ all', 'Zoë Ångström', '渡辺 健', 'nul\0inside']) {
      const filter = parseFilter(ldapFilter`(cn=${value})`);
      expect(filter).toBeInstanceOf(EqualityFilter);
      expect((filter as EqualityFilter).value).toBe(value);
    }
    const hex = parseFilter('(cn=Zo\\c3\\ab)') as EqualityFilter;
    expect(hex.value).toBe('Zoë');
    const guid = Buffer.from([0x67, 0x40, 0xe4, 0xff, 0x00, 0x80]);
    const binary = parseFilter(`(objectGUID=${escapeFilterValue(guid)})`) as EqualityFilter;
    expect(Buffer.isBuffer(binary.value) && binary.value.equals(guid)).toBe(true);
  });

  it('parses presence, substrings, extensible matches, and filters without outer parentheses', () => {
    expect(parseFilter('(mail=*)')).toBeInstanceOf(PresenceFilter);
    const sub = parseFilter('(cn=Ana*Lima*\\2a*)') as SubstringFilter;
    expect([sub.initial, sub.any, sub.final]).toEqual(['Ana', ['Lima', '*'], '']);
    const chain = parseFilter('(memberOf:1.2.840.113556.1.4.1941:=CN=R&D\\5c, Ops\\28EU\\29,DC=x)') as ExtensibleFilter;
    expect([chain.matchType, chain.rule, chain.value]).toEqual(['memberOf', '1.2.840.113556.1.4.1941', 'CN=R&D\\, Ops(EU),DC=x']);
    expect(parseFilter('objectClass=user')).toBeInstanceOf(EqualityFilter);
  });

  it.each(['(cn=a(b)', '(cn=\\zz)', '(&)', '(cn=a', '(=a)', '(cn=a)(cn=b)', '(cn>=\\ff)'])('refuses %s with the reason', (text) => {
    expect(() => parseFilter(text)).toThrow(/is not valid: .+ \(at character \d+\)/);
  });
});

describe('ranged attribute pieces', () => {
  it('takes the values, whatever empty piece ldapts adds beside them, and knows where the next range starts', () => {
    expect(parseRangedType('member;range=1500-*')).toEqual({ attribute: 'member', low: 1500, high: '*' });
    expect(parseRangedType('member')).toBeUndefined();
    const values = [Buffer.from('a'), Buffer.from('b')];
    expect(takeRange([{ type: 'member;range=1000-1999', parsedBuffers: [] }, { type: 'member;range=1000-*', parsedBuffers: values }], 'member', 1000)).toEqual({ values, nextLow: undefined });
    expect(takeRange([{ type: 'Member;Range=0-1', parsedBuffers: values }], 'member', 0)).toEqual({ values, nextLow: 2 });
    expect(takeRange([{ type: 'member', parsedBuffers: values }], 'member', 0)).toEqual({ values, nextLow: undefined });
    expect(takeRange([], 'member', 0)).toBeUndefined();
    expect(() => takeRange([{ type: 'member;range=5-9', parsedBuffers: values }], 'member', 0)).toThrow(/answered the range 5-9/);
  });
});

describe('membership resolution', () => {
  const g = (key: string, memberKeys: string[], memberUids: string[] = []) => ({ key, memberKeys, memberUids });
  const squads = [g('team', ['sub', 'ana']), g('posix', [], ['bob'])];
  const nested = [g('sub', ['subsub', 'carl']), g('subsub', ['sub', 'dora'])];
  const person = (key: string, uids: string[] = [], memberOfKeys: string[] = []) => ({ key, uids, memberOfKeys });

  it('from member lists: direct, or transitive through nesting and cycles', () => {
    const direct = indexFromMemberLists(squads, nested, false);
    const transitive = indexFromMemberLists(squads, nested, true);
    expect(direct.squadsOf(person('ana'))).toEqual([0]);
    expect(direct.squadsOf(person('dora'))).toEqual([]);
    expect(transitive.squadsOf(person('dora'))).toEqual([0]);
    expect(transitive.squadsOf(person('carl', ['bob']))).toEqual([0, 1]);
    expect(transitive.squadsOf(person('eve'))).toEqual([]);
  });

  it("from the person's memberOf: direct, or any group nested in a squad", () => {
    expect(indexFromMemberOf(squads, nested, false).squadsOf(person('x', [], ['subsub']))).toEqual([]);
    expect(indexFromMemberOf(squads, nested, true).squadsOf(person('x', [], ['subsub']))).toEqual([0]);
    expect(indexFromMemberOf(squads, nested, false).squadsOf(person('x', [], ['team', 'posix']))).toEqual([0, 1]);
  });
});

describe('attribute decoding', () => {
  it('spells names as configured, joins ranged pieces, keeps binary and non-UTF-8 values as bytes and a leading BOM as text', () => {
    const decoder = new AttributeDecoder(['givenName', 'member', 'objectGUID'], ['objectGUID']);
    const guid = Buffer.from('c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9', 'hex'); // valid UTF-8, still bytes
    const bom = Buffer.from([0xef, 0xbb, 0xbf, 0x41]);
    const attributes = decoder.decode([
      { type: 'GIVENNAME', parsedBuffers: [Buffer.from('Zoë')], values: ['Zoë'] },
      { type: 'member;range=0-1', parsedBuffers: [Buffer.from('a'), Buffer.from('b')] },
      { type: 'objectguid', parsedBuffers: [guid], values: ['éééééééé'] },
      { type: 'description', parsedBuffers: [bom, Buffer.from([0xff])], values: ['A', Buffer.from([0xff])] },
      { type: 'mail', parsedBuffers: [] },
    ]);
    expect(attributes).toEqual({ givenName: ['Zoë'], member: ['a', 'b'], objectGUID: [guid], description: ['\uFEFFA', Buffer.from([0xff])] });
  });
});

describe('read fingerprint', () => {
  // The definition: sha256 over the sorted digests of [kind, origin, `=name`, `s…`/`b…` values in name order] joined by NUL.
  const definition = (entries: RawEntry[]): string => {
    const digests = entries.map((entry) => {
      const parts: string[] = [entry.kind, entry.origin];
      for (const name of Object.keys(entry.attributes).sort()) {
        parts.push(`=${name}`);
        for (const value of entry.attributes[name] ?? []) parts.push(typeof value === 'string' ? `s${value}` : `b${value.toString('base64')}`);
      }
      return createHash('sha256').update(parts.join('\0')).digest('hex');
    });
    return createHash('sha256').update(digests.sort().join('\n')).digest('hex');
  };
  const person = (i: number, attributes: RawEntry['attributes']): RawEntry => ({ kind: 'person', origin: `uid=u${i},ou=people,dc=x`, attributes });
  const entries: RawEntry[] = [
    person(1, { uid: ['u1'], cn: ['Zoë Ångström', '健 渡辺'], mail: ['u1@x'] }),
    person(2, { uid: ['u2'], cn: ['Ana'], mail: ['u2@x'] }),
    person(3, { mail: ['u3@x'], uid: ['u3'], cn: ['Bruno'] }),
    person(4, { uid: ['u4'], cn: ['\uFEFFBOM'], objectGUID: [Buffer.from('00112233445566778899aabbccddeeff', 'hex')], empty: [] }),
    person(5, { uid: ['u5'], cn: ['Ana'], mail: ['u5@x'] }),
    { kind: 'group', origin: 'cn=g,dc=x', attributes: { cn: ['g'], 'deskbee:dn': ['cn=g,dc=x'] } },
  ];

  it('is sha256 over the sorted entry digests, whatever the order of entries and of their attributes', () => {
    const fingerprint = new ReadFingerprint();
    for (const entry of entries) fingerprint.add(entry);
    expect(fingerprint.digest()).toBe(definition(entries));
    const reversed = new ReadFingerprint();
    for (const entry of [...entries].reverse()) reversed.add(entry);
    expect(reversed.digest()).toBe(definition(entries));
    const changed = new ReadFingerprint();
    for (const entry of [...entries.slice(0, -1), person(6, { uid: ['u6'] })]) changed.add(entry);
    expect(changed.digest()).not.toBe(definition(entries));
  });

  it('is the same when text values are taken from the bytes they were decoded from', () => {
    const decoder = new AttributeDecoder(['uid', 'cn', 'objectGUID', 'member'], ['objectGUID']);
    const bytes = (...texts: string[]) => texts.map((value) => Buffer.from(value, 'utf8'));
    const wire = (i: number) => [
      { type: 'uid', parsedBuffers: bytes(`u${i}`), values: [`u${i}`] },
      // ldapts drops a leading byte-order mark when it decodes: the decoder keeps it, and so must the fingerprint.
      { type: 'CN', parsedBuffers: bytes('Zoë 健', '\uFEFFBOM'), values: ['Zoë 健', 'BOM'] },
      { type: 'description', parsedBuffers: [Buffer.from([0xff, 0xfe]), ...bytes('ok')], values: [Buffer.from([0xff, 0xfe]), 'ok'] },
      { type: 'objectGUID', parsedBuffers: [Buffer.alloc(16, i)], values: ['x'] },
      // Two pieces joined into one attribute.
      { type: 'member;range=0-1', parsedBuffers: bytes('a', 'b') },
      { type: 'member;range=2-*', parsedBuffers: bytes('c'), values: ['c'] },
    ];
    const received = new ReceivedBytes();
    const fingerprint = new ReadFingerprint();
    const read: RawEntry[] = [];
    for (const i of [1, 2, 3]) {
      received.clear();
      const entry = person(i, decoder.decode(wire(i), received));
      entry.attributes['deskbee:dn'] = [entry.origin];
      fingerprint.add(entry, received);
      read.push(entry);
    }
    expect(read[0]?.attributes).toMatchObject({ cn: ['Zoë 健', '\uFEFFBOM'], member: ['a', 'b', 'c'], description: [Buffer.from([0xff, 0xfe]), 'ok'] });
    expect(fingerprint.digest()).toBe(definition(read));
  });
});

describe('error messages', () => {
  const ctx = { source: 'corp-ad', server: 'ldaps://dc1.corp.test', operation: 'bind' as const, bindDn: 'svc@corp.test', passwordFrom: 'LDAP_BIND_PASSWORD' };

  it("name the server and bind DN, decode AD's reason, and never show the password", () => {
    const error = ldapSourceError(new InvalidCredentialsError('80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v2580'), ctx);
    expect(error.message).toContain('ldaps://dc1.corp.test');
    expect(error.message).toContain('"svc@corp.test"');
    expect(error.message).toContain('the account is locked out');
  });

  it("drop a bind's diagnostic text, which could echo the password, from the message and the cause chain", () => {
    const echoed = ldapSourceError(new UnwillingToPerformError('simple bind of svc@corp.test with password hunter2 refused'), ctx);
    expect(echoed.message).toContain('the server is unwilling to perform the bind (LDAP result 53)');
    expect(echoed.message).not.toContain('The server said');
    expect(echoed.cause).toBeInstanceOf(LdapBindFailure);
    expect((echoed.cause as LdapBindFailure).resultCode).toBe(53);
    for (const text of [echoed.message, String(echoed), JSON.stringify(echoed), echoed.stack ?? '', inspect(echoed, { depth: 8 })]) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('[redacted]');
    }
    const lost = ldapSourceError(new Error('Connection closed before message response was received. Message type: BindRequest (0x60)'), ctx);
    expect(lost.message).toContain('the connection was lost during the bind');
    expect(lost.message).not.toContain('Message type');
    // After the bind, a search's diagnostic is the server's word about the search, and is quoted.
    const search = ldapSourceError(new UnwillingToPerformError('paged results are disabled here'), { ...ctx, operation: 'search', baseDn: 'dc=corp' });
    expect(search.message).toContain('The server said: "paged results are disabled here');
    expect(search.cause).toBeInstanceOf(UnwillingToPerformError);
  });

  it('explain unreachable servers and TLS problems', () => {
    const refused = ldapSourceError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { ...ctx, operation: 'connect' });
    expect(refused.message).toContain('could not connect');
    const expired = ldapSourceError(Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }), { ...ctx, operation: 'connect' });
    expect(expired.message).toContain('expired');
  });
});
