/**
 * A webhook receiver: the notice POSTed as JSON, optionally signed with a
 * secret from the environment or a file. Failures are described by status
 * or error code only, so that neither the secret nor a URL that is itself a
 * credential can reach a message.
 */
import { createHmac } from 'node:crypto';
import { ConfigError } from '../errors.js';
import { Secret } from '../secret.js';
import type { WebhookConfig } from './ops-config.js';
import { isLoopback, requireSecret, type Environment, type ReadFile, readFileText } from './ops-secrets.js';
import type { Receiver } from './receiver.js';
import { webhookPayload, type RunNotice } from './run-notice.js';

const where = 'notify.webhook';
/** The header carrying the unix time an HMAC signature covers. */
export const timestampHeader = 'X-Deskbee-Sync-Timestamp';

interface Signing {
  secret: Secret;
  mode: WebhookConfig['signature'];
  header: string;
}

/**
 * The receiver `config` describes, its URL and secret found now.
 * @throws ConfigError when a URL or secret is missing, unreadable or not https (http only on loopback).
 */
export function webhookReceiver(config: WebhookConfig, env: Environment, readFile: ReadFile = readFileText, now: () => number = Date.now): Receiver {
  const fromEnv = config.urlEnv ? requireSecret({ where, label: 'webhook URL', variable: config.urlEnv }, env, readFile) : undefined;
  const url = checkUrl(fromEnv ? fromEnv.value.reveal() : (config.url ?? ''), fromEnv ? `the URL in ${fromEnv.from}` : 'url');
  // A URL from the environment may carry its own token (Slack, Teams): it is named by where it came from.
  const name = fromEnv ? `webhook (URL from ${fromEnv.from})` : `webhook ${url.origin}`;
  const target = new Secret(url.toString());
  const secret =
    config.secretEnv || config.secretFile
      ? requireSecret({ where, label: 'webhook secret', ...(config.secretEnv ? { variable: config.secretEnv } : {}), ...(config.secretFile ? { file: config.secretFile } : {}) }, env, readFile)
      : undefined;
  const signing: Signing | undefined = secret
    ? { secret: secret.value, mode: config.signature, header: config.header ?? (config.signature === 'header' ? 'Authorization' : 'X-Deskbee-Sync-Signature') }
    : undefined;
  return {
    name,
    async send(notice: RunNotice, signal: AbortSignal): Promise<void> {
      const body = JSON.stringify(webhookPayload(notice));
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'deskbee-sync' };
      if (signing) Object.assign(headers, signatureHeaders(signing, body, now()));
      let response: Response;
      try {
        response = await fetch(target.reveal(), { method: 'POST', headers, body, signal, redirect: 'manual' });
      } catch (error) {
        throw new Error(signal.aborted ? 'no answer before the timeout' : `the request failed (${networkCode(error)})`);
      }
      await response.body?.cancel();
      if (response.status < 200 || response.status > 299) throw new Error(`it answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    },
  };
}

/**
 * The headers that sign `body`: for `hmac-sha256`, the unix time in
 * X-Deskbee-Sync-Timestamp and `sha256=` + hex HMAC-SHA256 of `TIME.BODY`;
 * for `header`, the secret itself.
 */
export function signatureHeaders(signing: Signing, body: string, nowMs: number): Record<string, string> {
  if (signing.mode === 'header') return { [signing.header]: signing.secret.reveal() };
  const timestamp = String(Math.floor(nowMs / 1000));
  const digest = createHmac('sha256', signing.secret.reveal()).update(`${timestamp}.${body}`).digest('hex');
  return { [timestampHeader]: timestamp, [signing.header]: `sha256=${digest}` };
}

function checkUrl(text: string, label: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${label} is not an absolute URL.`, where);
  }
  if (url.username || url.password) throw new ConfigError(`${label} must not hold a user name or password; use secretEnv with signature: header.`, where);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new ConfigError(`${label} is not https: the run summary would cross the network in clear. Plain http is accepted only on loopback.`, where);
  }
  return url;
}

/** `ECONNREFUSED`, `ENOTFOUND`, …: the code of fetch's cause, never its text (which may hold the URL). */
function networkCode(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}
