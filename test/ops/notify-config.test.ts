import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSyncConfig, syncConfigSchema } from '../../src/config/sync-config.js';
import { createLogger } from '../../src/context/logger.js';
import { ConfigError } from '../../src/errors.js';
import { emailReceiver } from '../../src/ops/email-receiver.js';
import { Notifier } from '../../src/ops/notifier.js';
import { notifyConfigSchema } from '../../src/ops/ops-config.js';
import { runEvents } from '../../src/ops/run-notice.js';
import { webhookReceiver } from '../../src/ops/webhook-receiver.js';
import type { RunSummary } from '../../src/sync/run-summary.js';
import { everyRendering } from '../support/deskbee-harness.js';
import { startWebhookCapture, type WebhookCapture } from './support/webhook-capture.js';

const base = { version: 1, source: { kind: 'csv', name: 'hr', path: 'hr.csv' }, mapping: 'm.yaml' };
const email = { host: 'smtp.corp.example', from: 'deskbee-sync@corp.example', to: ['it@corp.example'] };

function problems(config: object): string[] {
  const parsed = syncConfigSchema.safeParse({ ...base, ...config });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

function failed(summary: Partial<RunSummary>): RunSummary {
  return {
    runId: 9, mode: 'apply', outcome: 'failed', exitCode: 5, startedAt: '2026-03-02T02:00:00.000Z', finishedAt: '2026-03-02T02:00:01.000Z', durationMs: 1000,
    sources: ['hr'], changes: {}, leftOut: 0, drift: 0, requests: null, error: 'Deskbee answered 503', plan: null, result: null, ...summary,
  };
}

function configError(make: () => unknown): ConfigError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('the metrics and notify sections', () => {
  it('default to no metrics and no one notified; notify defaults to failed, refused, unconfirmed, interrupted', () => {
    const plain = syncConfigSchema.parse(base);
    expect(plain.metrics).toBeUndefined();
    expect(plain.notify).toBeUndefined();
    expect(notifyConfigSchema.parse({ email }).on).toEqual(['failed', 'refused', 'unconfirmed', 'interrupted']);
    expect(notifyConfigSchema.parse({ email }).timeoutMs).toBe(10_000);
  });

  it('refuse what cannot work, naming the key', () => {
    expect(problems({ notify: {} })).toEqual(['notify: notify needs a webhook or an email (or both)']);
    expect(problems({ notify: { webhook: {} } })).toEqual(['notify.webhook: give the webhook one of url or urlEnv']);
    expect(problems({ notify: { webhook: { url: 'https://a.example/h', urlEnv: 'HOOK' } } })).toEqual(['notify.webhook: give the webhook one of url or urlEnv']);
    expect(problems({ notify: { on: ['failed', 'sometimes'], email } })[0]).toMatch(/^notify\.on\.1: /);
    expect(problems({ notify: { email: { ...email, to: ['nobody'] } } })).toEqual(['notify.email.to.0: not an email address']);
    expect(problems({ notify: { email, password: 'x' } })[0]).toMatch(/^notify: Unrecognized key/);
    expect(problems({ metrics: { labels: { mode: 'x' } } })[0]).toMatch(/^metrics\.labels\.mode: .*taken by the series/);
    expect(problems({ metrics: { labels: { 'my-account': 'x' } } })[0]).toMatch(/^metrics\.labels\.my-account: not a Prometheus label name/);
    expect(problems({ metrics: { labels: { account: 'acme' } } })).toEqual([]);
  });

  it('resolve their files next to the configuration file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deskbee-sync-ops-'));
    try {
      await writeFile(
        join(dir, 'deskbee-sync.yaml'),
        ['version: 1', 'source: { kind: csv, name: hr, path: hr.csv }', 'mapping: m.yaml', 'metrics: { textfile: prom/sync.prom }', 'notify:', '  webhook: { url: "https://hooks.example/x", secretFile: secrets/hook }', `  email: { host: smtp.example, from: a@b.example, to: [c@d.example], passwordFile: pw }`].join('\n'),
      );
      const config = await loadSyncConfig(join(dir, 'deskbee-sync.yaml'));
      expect(config.metrics?.textfile).toBe(join(dir, 'prom/sync.prom'));
      expect(config.notify?.webhook?.secretFile).toBe(join(dir, 'secrets/hook'));
      expect(config.notify?.email?.passwordFile).toBe(join(dir, 'pw'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('receivers built from the configuration', () => {
  const hook = { signature: 'hmac-sha256' as const };

  it('a webhook is https, or http on loopback only, and holds no credentials', () => {
    expect(configError(() => webhookReceiver({ ...hook, url: 'http://hooks.corp.example/x' }, {})).message).toMatch(/^notify\.webhook: url is not https/);
    expect(configError(() => webhookReceiver({ ...hook, url: 'https://u:p@hooks.corp.example/x' }, {})).message).toMatch(/must not hold a user name or password/);
    expect(webhookReceiver({ ...hook, url: 'https://hooks.corp.example/services/T0/B0/token' }, {}).name).toBe('webhook https://hooks.corp.example');
  });

  it('a URL from the environment is a secret: named by its variable, never shown', () => {
    const url = 'http://hooks.corp.example/services/T0/B0/SeCrEtToKeN';
    const error = configError(() => webhookReceiver({ ...hook, urlEnv: 'HOOK_URL' }, { HOOK_URL: url }));
    expect(error.message).toBe('notify.webhook: the URL in HOOK_URL is not https: the run summary would cross the network in clear. Plain http is accepted only on loopback.');
    expect(everyRendering(error)).not.toContain('SeCrEtToKeN');
    expect(configError(() => webhookReceiver({ ...hook, urlEnv: 'HOOK_URL' }, {})).message).toMatch(/no webhook URL: set the environment variable HOOK_URL, or name a file holding it with HOOK_URL_FILE/);
    const receiver = webhookReceiver({ ...hook, urlEnv: 'HOOK_URL' }, { HOOK_URL: url.replace('http:', 'https:') });
    expect(receiver.name).toBe('webhook (URL from HOOK_URL)');
    expect(everyRendering(receiver)).not.toContain('SeCrEtToKeN');
  });

  it('a signing secret named but missing, empty or unreadable stops before the run', () => {
    expect(configError(() => webhookReceiver({ ...hook, url: 'https://h.example/', secretEnv: 'HOOK_SECRET' }, {})).message).toMatch(/no webhook secret: set the environment variable HOOK_SECRET/);
    expect(configError(() => webhookReceiver({ ...hook, url: 'https://h.example/', secretEnv: 'HOOK_SECRET' }, { HOOK_SECRET: ' ' })).message).toMatch(/the webhook secret \(HOOK_SECRET\) is empty/);
    expect(configError(() => webhookReceiver({ ...hook, url: 'https://h.example/', secretFile: '/nonexistent/hook' }, {})).message).toBe(
      'notify.webhook: cannot read the webhook secret from file /nonexistent/hook: no such file.',
    );
  });

  it('SMTP credentials: a user needs a password, and they never go over plain SMTP to another host', () => {
    const smtp = { ...email, tls: 'starttls' as const, userEnv: 'SMTP_USER', passwordEnv: 'SMTP_PASSWORD' };
    expect(configError(() => emailReceiver(smtp, { SMTP_USER: 'sync' })).message).toMatch(/no SMTP password: set the environment variable SMTP_PASSWORD/);
    const plain = configError(() => emailReceiver({ ...smtp, tls: 'none' }, { SMTP_USER: 'sync', SMTP_PASSWORD: 'pw-Zx81' }));
    expect(plain.message).toMatch(/would cross the network in clear with tls: none/);
    expect(everyRendering(plain)).not.toContain('pw-Zx81');
    expect(emailReceiver({ ...smtp, tls: 'none' }, {}).name).toBe('email via smtp.corp.example:587');
    expect(emailReceiver({ ...smtp, host: '127.0.0.1', tls: 'none' }, { SMTP_USER: 'sync', SMTP_PASSWORD: 'pw' }).name).toBe('email via 127.0.0.1:587');
    expect(emailReceiver({ ...smtp, tls: 'implicit' }, {}).name).toBe('email via smtp.corp.example:465');
  });
});

describe('a notifier sending to a webhook on loopback', () => {
  let capture: WebhookCapture;
  const logger = createLogger({ level: 'silent' });
  beforeAll(async () => {
    capture = await startWebhookCapture();
  });
  afterAll(() => capture?.close());

  it('signature: header sends the secret as the header value; the URL may come from a file named by <VAR>_FILE', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deskbee-sync-ops-'));
    try {
      await writeFile(join(dir, 'url'), `${capture.url}\n`);
      const notify = notifyConfigSchema.parse({ webhook: { urlEnv: 'HOOK_URL', secretEnv: 'HOOK_TOKEN', signature: 'header' } });
      const notifier = Notifier.fromConfig(notify, { HOOK_URL_FILE: join(dir, 'url'), HOOK_TOKEN: 'Bearer tok-991' }, logger);
      capture.requests.length = 0;
      expect(await notifier.notify(failed({}))).toEqual([{ receiver: `webhook (URL from file ${join(dir, 'url')} (from HOOK_URL_FILE))`, ok: true }]);
      expect(capture.requests).toHaveLength(1);
      expect(capture.requests[0]!.headers.authorization).toBe('Bearer tok-991');
      expect(capture.requests[0]!.headers['x-deskbee-sync-timestamp']).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an HMAC signature a receiver can check with the shared secret, over the timestamp and the exact body', async () => {
    const notify = notifyConfigSchema.parse({ webhook: { url: capture.url, secretEnv: 'HOOK_SECRET', header: 'X-Signature' } });
    const notifier = Notifier.fromConfig(notify, { HOOK_SECRET: 's3cr3t-hmac' }, logger);
    capture.requests.length = 0;
    await notifier.notify(failed({}));
    const [request] = capture.requests;
    const timestamp = request!.headers['x-deskbee-sync-timestamp'] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(request!.headers['x-signature']).toBe(`sha256=${createHmac('sha256', 's3cr3t-hmac').update(`${timestamp}.${request!.body}`).digest('hex')}`);
    expect(request!.body).not.toContain('s3cr3t-hmac');
  });

  it('sends nothing for runs that match no selected event', async () => {
    const notifier = Notifier.fromConfig(notifyConfigSchema.parse({ on: ['refused'], webhook: { url: capture.url } }), {}, logger);
    capture.requests.length = 0;
    expect(await notifier.notify(failed({}))).toEqual([]);
    expect(await notifier.notify(failed({ outcome: 'succeeded', exitCode: 0, error: null }))).toEqual([]);
    expect(capture.requests).toHaveLength(0);
  });
});

describe('a notifier sending to an SMTP relay that never answers', () => {
  it('gives up at the timeout with a warning, and closes its connection', async () => {
    const sockets: Socket[] = [];
    const closed: Promise<void>[] = [];
    const silent = createServer((socket) => {
      sockets.push(socket);
      closed.push(new Promise((resolve) => socket.on('close', () => resolve())));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', stream: new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString('utf8')), done()) }) });
    try {
      const notify = notifyConfigSchema.parse({ timeoutMs: 300, email: { ...email, host: '127.0.0.1', port, tls: 'none' } });
      const deliveries = await Notifier.fromConfig(notify, {}, logger).notify(failed({}));
      expect(deliveries).toEqual([{ receiver: `email via 127.0.0.1:${port}`, ok: false, problem: 'no answer within 300 ms' }]);
      expect(lines.join('')).toMatch(/warn\s+notification to email via 127\.0\.0\.1:\d+ failed: no answer within 300 ms/);
      expect(sockets).toHaveLength(1);
      await closed[0];
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('the events of a run', () => {
  const tally = { planned: 3, applied: 1, unconfirmed: 0, failed: 0, skipped: 0 };
  it.each<[string, Partial<RunSummary>, string[]]>([
    ['failed', {}, ['failed']],
    ['refused', { outcome: 'refused', exitCode: 6 }, ['refused']],
    ['interrupted with unconfirmed changes', { outcome: 'interrupted', exitCode: 130, changes: { createUser: { ...tally, unconfirmed: 2 } } }, ['unconfirmed', 'interrupted']],
    ['partial with entries left out', { outcome: 'partial', exitCode: 7, leftOut: 4, changes: { createUser: { ...tally, failed: 2 } } }, ['left-out', 'partial']],
    ['clean', { outcome: 'succeeded', exitCode: 0, error: null, changes: { createUser: tally } }, []],
    ['declined', { outcome: 'declined', exitCode: 0, error: null }, []],
  ])('%s', (_name, over, events) => {
    expect(runEvents(failed(over))).toEqual(events);
  });
});
