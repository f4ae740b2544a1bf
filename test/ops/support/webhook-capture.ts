/**
 * A webhook receiver on loopback that keeps every request it gets, and can
 * be told to answer with an error status or not at all.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookCapture {
  /** `http://127.0.0.1:PORT/hook`. */
  url: string;
  requests: CapturedRequest[];
  /** How later requests are answered: a status, or `hang` (never). Default 204. */
  answer: number | 'hang';
  close(): Promise<void>;
}

export async function startWebhookCapture(): Promise<WebhookCapture> {
  const requests: CapturedRequest[] = [];
  const capture: Omit<WebhookCapture, 'url' | 'close'> = { requests, answer: 204 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (capture.answer === 'hang') return;
      response.writeHead(capture.answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(capture, {
    url: `http://127.0.0.1:${port}/hook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as WebhookCapture;
}
