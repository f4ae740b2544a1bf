/**
 * Reading request bodies and writing answers on node:http, and starting and
 * stopping a server.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiProblem, problems } from './problems.js';

/** Bodies larger than this are refused (a seed of many thousands of users still fits). */
export const maxBodyBytes = 64 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBodyBytes) throw new ApiProblem(413, 'unexpected_value', `The request body is larger than ${maxBodyBytes} bytes.`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A body as JSON, or as form fields when sent as
 * `application/x-www-form-urlencoded`. An empty body is `{}`; malformed JSON
 * is a 400 `unexpected_value`.
 */
export function parseBody(text: string, contentType: string | undefined): unknown {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (!type.includes('json') && /^[\w.%-]+=/.test(text)) return Object.fromEntries(new URLSearchParams(text));
    throw problems.unexpectedValue('The request body is not valid JSON.');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // Encoded once: its length is the buffer's, not a second pass over the text.
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': bytes.length,
    'cache-control': 'no-cache, private',
    ...headers,
  });
  res.end(bytes);
}

const gatewayTitles: Record<number, string> = {
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
};

/** What a proxy in front of an API sends when the application is down: HTML, not JSON. */
export function sendGatewayError(res: ServerResponse, status: number): void {
  const title = gatewayTitles[status] ?? `${status} Error`;
  const html = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

/** Starts `server` listening; resolves with its origin, `http://127.0.0.1:PORT`. */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shown}:${address.port}`;
}

/** Stops listening and drops open connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
