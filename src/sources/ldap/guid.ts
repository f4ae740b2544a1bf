/**
 * Active Directory objectGUID values: 16 bytes on the wire, a canonical text
 * form (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`) everywhere else. The first
 * three fields (4, 2 and 2 bytes) are stored little-endian, the last two
 * (2 and 6 bytes) as written, so the text is not simply the bytes in hex.
 */

const guidText = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

/** Byte positions, in text order, of the 16 objectGUID bytes. */
const textOrder = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;

/**
 * Canonical lower-case text of an objectGUID, as `samba-tool`, PowerShell's
 * `Get-ADUser` and `ldbsearch` print it.
 * @throws RangeError when `bytes` is not 16 bytes long.
 */
export function guidToString(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`an objectGUID has 16 bytes, not ${bytes.length}`);
  const hex = textOrder.map((i) => (bytes[i] ?? 0).toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The 16 objectGUID bytes of a GUID's text (braces allowed, any case): the
 * inverse of `guidToString`, for building a filter that finds an entry by
 * its GUID (compare bytes, never text).
 * @throws RangeError when `text` is not a GUID.
 */
export function guidToBytes(text: string): Buffer {
  const match = guidText.exec(text.trim());
  if (!match) throw new RangeError(`"${text}" is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
  const hex = match.slice(1).join('');
  const bytes = Buffer.alloc(16);
  textOrder.forEach((position, index) => {
    bytes[position] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  });
  return bytes;
}
