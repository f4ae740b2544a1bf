/**
 * Ranged retrieval of large multi-valued attributes (Active Directory's
 * `member;range=0-1499`, then `member;range=1500-2999`, … until the server
 * answers a range ending in `*`). Windows AD hands out at most MaxValRange
 * (1,500) values of an attribute per request and marks the rest this way;
 * Samba only ranges when asked, so the source always asks.
 */
import type { Client } from 'ldapts';
import { PresenceFilter } from 'ldapts';
import { LdapProtocolProblem } from './ldap-errors.js';
import { readEntry, type WireAttribute, type WireEntry } from './ldap-wire.js';

const rangedType = /^(.+);range=(\d+)-(\d+|\*)$/i;

/** `member;range=1500-*` → `{ attribute: 'member', low: 1500, high: '*' }`. */
export function parseRangedType(type: string): { attribute: string; low: number; high: number | '*' } | undefined {
  const match = rangedType.exec(type);
  if (!match) return undefined;
  const high = match[3] as string;
  return { attribute: match[1] as string, low: Number(match[2]), high: high === '*' ? '*' : Number(high) };
}

/** The name to ask for: `member;range=0-1499`. */
export function rangeRequest(attribute: string, low: number, step: number): string {
  return `${attribute};range=${low}-${low + step - 1}`;
}

/** What an entry held of one attribute asked for in ranges. */
export interface RangedValues {
  values: Buffer[];
  /** Where the next range starts; undefined when the values are complete. */
  nextLow: number | undefined;
}

/**
 * Picks `attribute`'s values out of `attributes` (asked for from `low` on):
 * the ranged piece (the non-empty one, or the one ending in `*`), or the
 * plain attribute from a server that does not range.
 * @throws LdapProtocolProblem when the server answers a different range.
 */
export function takeRange(attributes: WireAttribute[], attribute: string, low: number): RangedValues | undefined {
  const wanted = attribute.toLowerCase();
  const pieces = attributes.flatMap((a) => {
    const parsed = parseRangedType(a.type);
    return parsed && parsed.attribute.toLowerCase() === wanted ? [{ ...parsed, values: a.parsedBuffers }] : [];
  });
  const piece = pieces.find((p) => p.values.length > 0) ?? pieces.find((p) => p.high === '*');
  if (piece) {
    if (piece.low !== low) throw new LdapProtocolProblem(`asked for ${attribute} values from ${low} on, the server answered the range ${piece.low}-${piece.high}`);
    if (piece.high === '*') return { values: piece.values, nextLow: undefined };
    if (piece.high < piece.low || piece.values.length === 0) throw new LdapProtocolProblem(`the server answered an empty or reversed range ${piece.low}-${piece.high} of ${attribute}`);
    return { values: piece.values, nextLow: piece.high + 1 };
  }
  const plain = attributes.find((a) => a.type.toLowerCase() === wanted);
  if (plain && low === 0) return { values: plain.parsedBuffers, nextLow: undefined };
  return undefined;
}

/**
 * Reads the values of `attribute` on `dn` from `fromLow` to the end, one
 * range at a time.
 * @throws LdapProtocolProblem when a promised range does not come.
 */
export async function readRemainingRanges(client: Client, dn: string, attribute: string, fromLow: number, step: number, timeLimitSeconds: number): Promise<Buffer[]> {
  const values: Buffer[] = [];
  let low: number | undefined = fromLow;
  while (low !== undefined) {
    const entry: WireEntry | undefined = await readEntry(client, dn, [rangeRequest(attribute, low, step)], timeLimitSeconds, new PresenceFilter({ attribute: 'objectClass' }));
    if (!entry) throw new LdapProtocolProblem(`${dn} disappeared while its ${attribute} values were being read`);
    const range = takeRange(entry.attributes, attribute, low);
    if (!range) throw new LdapProtocolProblem(`the server promised ${attribute} values from ${low} on but sent none (was the entry changed during the read?)`);
    for (const value of range.values) values.push(value);
    low = range.nextLow;
  }
  return values;
}
