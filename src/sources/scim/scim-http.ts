/**
 * One GET to a SCIM service provider: TLS verified (with the configured CA
 * when there is one), a time limit, the run's abort signal, and a cap on the
 * answer's size. The Authorization header is revealed only here, onto the
 * request.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Secret } from '../../secret.js';

/** An answer: status and body text. */
export interface ScimAnswer {
  status: number;
  body: string;
  /** The answer's `Content-Type`, for messages. */
  headers: { contentType?: string };
}

/** Why no answer arrived. */
export class ScimTransportError extends Error {
  constructor(
    message: string,
    /** `timeout`, `too-large`, `aborted` or the system error code (`ECONNREFUSED`, `CERT_HAS_EXPIRED`, …). */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ScimRequestOptions {
  authorization: Secret;
  /** PEM CA certificates; default the system's. */
  ca?: Buffer;
  timeoutMs: number;
  signal: AbortSignal;
  /** Largest answer accepted, in bytes. */
  maxBytes: number;
}

/**
 * GETs `url` and reads the whole answer. A kept-alive connection that the
 * server closed just as it was reused fails with ECONNRESET before any answer;
 * that one case is sent again on a new connection (as Node's documentation
 * advises), since a GET changes nothing.
 */
export async function scimGet(url: URL, options: ScimRequestOptions): Promise<ScimAnswer> {
  try {
    return await attempt(url, options);
  } catch (error) {
    if (error instanceof StaleConnection) return attempt(url, options);
    throw error;
  }
}

/** A reused keep-alive connection was already closed by the server. */
class StaleConnection extends ScimTransportError {}

function attempt(url: URL, options: ScimRequestOptions): Promise<ScimAnswer> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      reject(new ScimTransportError('the read was interrupted', 'aborted', { cause: options.signal.reason }));
      return;
    }
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: 'GET',
      headers: { accept: 'application/scim+json, application/json', authorization: options.authorization.reveal() },
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      rejectUnauthorized: true,
    });
    let settled = false;
    const fail = (error: ScimTransportError) => {
      if (settled) return;
      settled = true;
      cleanup();
      request.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new ScimTransportError(`no complete answer within ${options.timeoutMs} ms`, 'timeout')), options.timeoutMs);
    const onAbort = () => fail(new ScimTransportError('the read was interrupted', 'aborted', { cause: options.signal.reason }));
    const cleanup = () => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    let answered = false;
    request.on('error', (error: NodeJS.ErrnoException) => {
      const stale = request.reusedSocket && !answered && error.code === 'ECONNRESET';
      fail(new (stale ? StaleConnection : ScimTransportError)(error.message, error.code ?? 'network', { cause: error }));
    });
    request.on('response', (response: IncomingMessage) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) fail(new ScimTransportError(`the answer is larger than ${options.maxBytes} bytes`, 'too-large'));
        else chunks.push(chunk);
      });
      response.on('error', (error: NodeJS.ErrnoException) => fail(new ScimTransportError(error.message, error.code ?? 'network', { cause: error })));
      response.on('end', () => {
        if (settled) return;
        settled = true;
        cleanup();
        const contentType = response.headers['content-type'];
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks, size).toString('utf8'), headers: contentType === undefined ? {} : { contentType } });
      });
    });
    request.end();
  });
}
