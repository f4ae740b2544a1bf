/**
 * Active Directory objectGUID: 16 bytes whose canonical text form
 * (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`) reads the first three fields
 * (4, 2 and 2 bytes) little-endian and the last two (2 and 6 bytes) as
 * stored.
 */

const guidText = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Canonical lower-case GUID text of 16 objectGUID bytes. */
export function formatObjectGuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`an objectGUID has 16 bytes, not ${bytes.length}`);
  const hex = (indexes: number[]) => indexes.map((i) => (bytes[i] ?? 0).toString(16).padStart(2, '0')).join('');
  return [
    hex([3, 2, 1, 0]),
    hex([5, 4]),
    hex([7, 6]),
    hex([8, 9]),
    hex([10, 11, 12, 13, 14, 15]),
  ].join('-');
}

/**
 * The `guid` transform on one value: bytes become canonical text; text that
 * already is a GUID is lower-cased (a source that formats GUIDs itself, or a
 * CSV). Anything else returns undefined.
 */
export function toGuid(value: string | Buffer): string | undefined {
  if (typeof value !== 'string') return value.length === 16 ? formatObjectGuid(value) : undefined;
  const text = value.trim();
  return guidText.test(text) ? text.toLowerCase() : undefined;
}
