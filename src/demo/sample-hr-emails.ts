/**
 * Sample email addresses: ASCII, lower-case, `first.last@corp.example`,
 * with a number added when the address is taken.
 */
import { emailDomain } from './sample-hr-catalogue.js';

// Letters that Unicode does not decompose into an ASCII letter plus marks.
const transliterations: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', þ: 'th', ð: 'd', ł: 'l', đ: 'd', ı: 'i' };

/**
 * A name as it appears in an address: accents dropped (José → jose,
 * Ångström → angstrom), special letters spelled out (Weiß → weiss), spaces
 * and apostrophes removed (van der Berg → vanderberg, O'Brien → obrien),
 * hyphens kept. Never empty.
 */
export function emailSlug(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/./gu, (char) => transliterations[char] ?? char)
    .replace(/[^a-z0-9-]/g, '')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'x' : slug;
}

/**
 * `local@corp.example`, or `local2@…`, `local3@…` when taken. The address
 * returned is added to `taken`.
 */
export function claimEmail(local: string, taken: Set<string>): string {
  let email = `${local}@${emailDomain}`;
  for (let n = 2; taken.has(email); n++) email = `${local}${n}@${emailDomain}`;
  taken.add(email);
  return email;
}

/** The part of an address before the `@`. */
export function localPart(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? email : email.slice(0, at);
}
