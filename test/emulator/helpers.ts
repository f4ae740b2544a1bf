/**
 * Helpers for the emulator's tests: start an emulator, get a token, and call
 * it over real HTTP with fetch.
 */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import type { Clock } from '../../src/context/run-context.js';
import { systemClock } from '../../src/context/run-context.js';

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: any;
  text: string;
}

export interface TestApi {
  emu: RunningEmulator;
  token: string;
  /** Calls `baseUrl + path` with the token (unless `token: null`). */
  call(method: string, path: string, body?: unknown, init?: { token?: string | null; headers?: Record<string, string> }): Promise<Answer>;
  /** Calls an absolute URL with the token. */
  get(url: string): Promise<Answer>;
  close(): Promise<void>;
}

/** Test options: no environment credentials leak in, a fixed seed. */
export function testOptions(options: EmulatorOptions = {}): EmulatorOptions {
  return { env: {}, randomSeed: 42, ...options };
}

export async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body, text };
}

export async function requestToken(emu: RunningEmulator, extra: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${emu.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: emu.credentials.clientId,
      client_secret: emu.credentials.clientSecret,
      ...extra,
    }),
  });
  return answerOf(response);
}

export async function openApi(options: EmulatorOptions = {}): Promise<TestApi> {
  const emu = await startEmulator(testOptions(options));
  const tokenAnswer = await requestToken(emu);
  if (tokenAnswer.status !== 200) throw new Error(`token request failed: ${tokenAnswer.text}`);
  const token = tokenAnswer.body.access_token as string;
  const send = async (method: string, url: string, body?: unknown, init: { token?: string | null; headers?: Record<string, string> } = {}) => {
    const bearer = init.token === undefined ? token : init.token;
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return answerOf(response);
  };
  return {
    emu,
    token,
    call: (method, path, body, init) => send(method, `${emu.baseUrl}${path}`, body, init),
    get: (url) => send('GET', url),
    close: () => emu.close(),
  };
}

/** A clock the test moves by hand; sleeping is real. */
export function manualClock(start = Date.parse('2025-01-01T00:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
    advance: (ms) => {
      now += ms;
    },
  };
}
