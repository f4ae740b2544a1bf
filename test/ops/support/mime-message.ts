/**
 * Just enough MIME to read what nodemailer sends: headers, a multipart
 * body's parts, and base64 / quoted-printable content.
 */

export interface MimePart {
  headers: Map<string, string>;
  /** The decoded content, as UTF-8 text. */
  text: string;
  /** Parts of a multipart part; empty otherwise. */
  parts: MimePart[];
  /** From Content-Disposition, when it names a file. */
  filename: string | undefined;
}

export function parseMime(raw: string): MimePart {
  const normalized = raw.replace(/\r\n/g, '\n');
  const split = normalized.indexOf('\n\n');
  const head = split === -1 ? normalized : normalized.slice(0, split);
  const body = split === -1 ? '' : normalized.slice(split + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  const filename = /filename="?([^";]+)"?/i.exec(headers.get('content-disposition') ?? '')?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    const parts = body
      .split(`--${boundary}`)
      .slice(1)
      .filter((chunk) => !chunk.startsWith('--'))
      .map((chunk) => parseMime(chunk.replace(/^\n/, '').replace(/\n$/, '')));
    return { headers, text: '', parts, filename };
  }
  return { headers, text: decode(body, headers.get('content-transfer-encoding') ?? '7bit'), parts: [], filename };
}

function decode(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const text = body.replace(/=\n/g, '');
      const bytes: number[] = [];
      for (let i = 0; i < text.length; i += 1) {
        const hex = text[i] === '=' ? /^[0-9A-F]{2}/i.exec(text.slice(i + 1, i + 3))?.[0] : undefined;
        if (hex) {
          bytes.push(parseInt(hex, 16));
          i += 2;
        } else {
          for (const byte of Buffer.from(text[i]!, 'utf8')) bytes.push(byte);
        }
      }
      return Buffer.from(bytes).toString('utf8');
    }
    default:
      return body;
  }
}

/** Every leaf part, depth first. */
export function leafParts(part: MimePart): MimePart[] {
  if (part.parts.length === 0) return [part];
  const leaves: MimePart[] = [];
  for (const child of part.parts) for (const leaf of leafParts(child)) leaves.push(leaf);
  return leaves;
}
