import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../src/demo/sample-hr-generate.js';
import type { SamplePerson } from '../../src/demo/sample-hr-types.js';
import { main } from '../../src/cli/main.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runCli, syncWorkspace, type SyncWorkspace } from '../support/cli-harness.js';
import { startTestEmulator, testCredentials } from '../support/deskbee-harness.js';
import { leafParts, parseMime } from './support/mime-message.js';
import { startSmtpCapture, type SmtpCapture } from './support/smtp-capture.js';
import { startWebhookCapture, type WebhookCapture } from './support/webhook-capture.js';

const fast = 'deskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }';
const hookSecret = 'hook-S3cret-77aa0c';
const smtpLogin = { user: 'deskbee-sync', password: 'smtp-S3cret-2f9c41' };
const secrets = [hookSecret, smtpLogin.password, testCredentials.clientSecret];

interface WebhookBody {
  text: string;
  reasons: string[];
  summary: { mode: string; outcome: string; exitCode: number; runId: number | null; leftOut: number; error: string | null; plan?: unknown; result?: unknown };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('notifications after real runs through the CLI, to a webhook and an SMTP server on loopback', () => {
  let emulator: RunningEmulator;
  let webhook: WebhookCapture;
  let smtp: SmtpCapture;
  let ws: SyncWorkspace;
  let baseConfig: string;
  const workforce = generateWorkforce({ people: 20, squads: 3, costCenters: 2, seed: 3 });
  /** Everyone in Deskbee after the runs so far. */
  let people: readonly SamplePerson[] = workforce.people;

  /** The HR export: everyone, `extra` people, and with `leftOut` a row whose email is not one. */
  function csv(options: { extra?: readonly SamplePerson[]; leftOut?: boolean } = {}): string {
    const text = toCsv({ ...workforce, people: [...people, ...(options.extra ?? [])] });
    if (!options.leftOut) return text;
    const lines = text.split('\n');
    return [...lines.slice(0, 3), lines[3]!.replace(/,[^,@]+@[^,]+,/, ',not-an-email,'), ...lines.slice(4)].join('\n');
  }
  /** `count` people who are not in Deskbee yet. */
  const newcomers = (count: number, prefix: string): SamplePerson[] =>
    generateWorkforce({ people: 40, squads: 3, costCenters: 2, seed: 9 }).people.slice(0, count).map((p, i) => ({ ...p, employeeId: `${prefix}${i}`, email: `${prefix.toLowerCase()}${i}@corp.example` }));

  /** The configuration with a notify section; `on` and `timeoutMs` as given. */
  async function configure(options: { on?: string; timeoutMs?: number } = {}): Promise<void> {
    const notify = [
      'notify:',
      ...(options.on ? [`  on: ${options.on}`] : []),
      `  timeoutMs: ${options.timeoutMs ?? 5000}`,
      `  webhook: { url: "${webhook.url}", secretEnv: HOOK_SECRET }`,
      `  email: { host: 127.0.0.1, port: ${smtp.port}, tls: none, from: deskbee-sync@corp.example, to: [it-ops@corp.example, hr@corp.example] }`,
    ];
    await writeFile(ws.configPath, `${baseConfig}\n${notify.join('\n')}\n`);
  }
  const run = (...args: string[]) => ws.run(...args);

  beforeAll(async () => {
    emulator = await startTestEmulator();
    webhook = await startWebhookCapture();
    smtp = await startSmtpCapture(smtpLogin);
    ws = await syncWorkspace(emulator, { csv: csv(), extraConfig: fast });
    baseConfig = await readFile(ws.configPath, 'utf8');
    const passwordFile = join(ws.dir, 'smtp-password');
    await writeFile(passwordFile, `${smtpLogin.password}\n`, { mode: 0o600 });
    Object.assign(ws.env, { HOOK_SECRET: hookSecret, DESKBEE_SYNC_SMTP_USER: smtpLogin.user, DESKBEE_SYNC_SMTP_PASSWORD_FILE: passwordFile });
  });
  afterAll(async () => {
    await emulator?.close();
    await webhook?.close();
    await smtp?.close();
    await ws?.remove();
  });
  beforeEach(() => {
    webhook.requests.length = 0;
    webhook.answer = 204;
    smtp.messages.length = 0;
  });

  it('a clean run sends nothing', async () => {
    await configure();
    const applied = await run('apply', '--yes');
    expect(applied.code).toBe(0);
    expect(emulator.snapshot().users).toHaveLength(20);
    expect((await run('plan')).code).toBe(0);
    expect(webhook.requests).toHaveLength(0);
    expect(smtp.messages).toHaveLength(0);
  });

  it('Deskbee unreachable: exactly one signed webhook request and one mail, with the summary and the report, and no secret', async () => {
    await configure();
    const unreachable = `http://127.0.0.1:${await closedPort()}/v1.1`;
    const failed = await runCli(['apply', '--yes'], { ...ws.env, DESKBEE_BASE_URL: unreachable });
    expect(failed.code).toBe(5);
    expect(webhook.requests).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);

    const [request] = webhook.requests;
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toBe('application/json');
    const timestamp = request!.headers['x-deskbee-sync-timestamp'] as string;
    const expected = createHmac('sha256', hookSecret).update(`${timestamp}.${request!.body}`).digest('hex');
    expect(request!.headers['x-deskbee-sync-signature']).toBe(`sha256=${expected}`);
    const body = JSON.parse(request!.body) as WebhookBody;
    expect(body.reasons).toEqual(['failed']);
    expect(body.summary).toMatchObject({ mode: 'apply', outcome: 'failed', exitCode: 5 });
    expect(body.summary.runId).toBeGreaterThan(0);
    expect(body.summary.error).toMatch(/Deskbee request failed \(network\)/);
    expect(body.summary).not.toHaveProperty('plan');
    expect(body.text).toMatch(/^deskbee-sync apply on \S+ failed \(exit 5\) after .* \(run \d+, source hr-csv\)\. Deskbee request failed \(network\)[^]*Deskbee\. Notified because: failed\.$/);
    expect(body.text).not.toContain('\n');

    const [mail] = smtp.messages;
    expect(mail!.user).toBe(smtpLogin.user);
    expect(mail!.from).toBe('deskbee-sync@corp.example');
    expect(mail!.to).toEqual(['it-ops@corp.example', 'hr@corp.example']);
    const message = parseMime(mail!.raw);
    expect(message.headers.get('subject')).toMatch(/^deskbee-sync apply failed on \S+ \(exit 5\)$/);
    const [text, attachment] = leafParts(message);
    expect(text!.text).toContain(body.text);
    expect(attachment!.filename).toBe(`deskbee-sync-apply-run-${body.summary.runId}.md`);
    expect(attachment!.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(attachment!.text).toMatch(/^# deskbee-sync apply: failed\n/);
    expect(attachment!.text).toMatch(/\n## Error\n\n> Deskbee request failed \(network\) to POST \/v1\.1\/oauth\/token: could not connect/);

    for (const secret of secrets) {
      expect(request!.body).not.toContain(secret);
      expect(mail!.raw).not.toContain(secret);
      expect(failed.stderr).not.toContain(secret);
    }
    expect(failed.stderr).toMatch(/notified webhook http:\/\/127\.0\.0\.1:\d+ \(failed\)/);
    expect(failed.stderr).toMatch(/notified email via 127\.0\.0\.1:\d+ \(failed\)/);
  });

  it('creates that fail end the run partial: nothing by default, one of each when partial is selected, with the plan and the apply attached', async () => {
    await ws.writeCsv(csv({ extra: newcomers(2, 'N') }));
    emulator.setFaults({ forbiddenRoutes: ['POST /users'] });
    try {
      await configure();
      expect((await run('apply', '--yes')).code).toBe(7);
      expect(webhook.requests).toHaveLength(0);
      expect(smtp.messages).toHaveLength(0);

      await configure({ on: '[partial]' });
      const partial = await run('apply', '--yes');
      expect(partial.code).toBe(7);
    } finally {
      emulator.setFaults({ forbiddenRoutes: [] });
    }
    expect(webhook.requests).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
    const body = JSON.parse(webhook.requests[0]!.body) as WebhookBody;
    expect(body.reasons).toEqual(['partial']);
    expect(body.summary).toMatchObject({ outcome: 'partial', exitCode: 7 });
    expect(body.summary).not.toHaveProperty('result');
    // The two members' additions are skipped: the users they need were not created.
    expect(body.text).toMatch(/4 changes planned; 0 applied, 2 failed, 2 skipped\./);
    const attachment = leafParts(parseMime(smtp.messages[0]!.raw))[1]!;
    expect(attachment.text).toMatch(/^# deskbee-sync apply: partial\n/);
    expect(attachment.text).toMatch(/\| create user \| 2 \| 0 \| 0 \| 2 \| 0 \|/);
    // The plan's Markdown, then the apply's, each as the report renderers write them.
    expect(attachment.text).toContain('n0@corp.example');
    expect(attachment.text).toMatch(/forbidden/);
  });

  it('entries left out notify only when left-out is selected', async () => {
    await ws.writeCsv(csv({ leftOut: true }));
    await configure();
    expect((await run('plan')).code).toBe(0);
    expect(webhook.requests).toHaveLength(0);
    expect(smtp.messages).toHaveLength(0);

    await configure({ on: '[failed, left-out]' });
    expect((await run('plan')).code).toBe(0);
    expect(webhook.requests).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
    const body = JSON.parse(webhook.requests[0]!.body) as WebhookBody;
    expect(body.reasons).toEqual(['left-out']);
    expect(body.summary).toMatchObject({ mode: 'plan', outcome: 'no-changes', leftOut: 1 });
    expect(body.text).toMatch(/1 source entry was left out of the plan\./);
  });

  it('an apply stopped midway (as by Ctrl-C or SIGTERM) notifies once, as interrupted, after the stop', async () => {
    await configure();
    const joiners = newcomers(40, 'J');
    await ws.writeCsv(csv({ extra: joiners }));
    emulator.setFaults({ latencyMs: 100, routes: ['POST /users'] });
    emulator.resetStats();
    const stop = new AbortController();
    const stderr = new PassThrough();
    const err: Buffer[] = [];
    stderr.on('data', (chunk: Buffer) => err.push(chunk));
    try {
      const running = main(['node', 'deskbee-sync', 'apply', '--yes'], { stdout: new PassThrough().resume(), stderr, env: ws.env, signal: stop.signal });
      const deadline = Date.now() + 30_000;
      while (emulator.stats().writesCommitted < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      stop.abort();
      expect(await running).toBe(130);
    } finally {
      emulator.setFaults({ latencyMs: 0, routes: null });
    }
    expect(emulator.snapshot().users.length).toBeLessThan(60);
    expect(webhook.requests).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
    const body = JSON.parse(webhook.requests[0]!.body) as WebhookBody;
    expect(body.reasons).toEqual(['interrupted']);
    expect(body.summary).toMatchObject({ outcome: 'interrupted', exitCode: 130 });
    expect(Buffer.concat(err).toString('utf8')).toMatch(/notified webhook .* \(interrupted\)/);
    // Run again, it finishes: a clean run, so nothing more is sent.
    expect((await run('apply', '--yes')).code).toBe(0);
    people = [...people, ...joiners];
    expect(emulator.snapshot().users).toHaveLength(people.length);
    expect(webhook.requests).toHaveLength(1);
  });

  it('a receiver that fails or does not answer is a warning naming it; the exit code stays the run\'s', async () => {
    await ws.writeCsv(csv({ leftOut: true }));
    await configure({ on: '[left-out]', timeoutMs: 700 });
    webhook.answer = 'hang';
    const wrongPassword = join(ws.dir, 'wrong-password');
    await writeFile(wrongPassword, 'not-the-password');
    const refused = smtp.refusedLogins;
    const result = await runCli(['plan'], { ...ws.env, DESKBEE_SYNC_SMTP_PASSWORD_FILE: wrongPassword });
    expect(result.code).toBe(0);
    expect(smtp.refusedLogins).toBe(refused + 1);
    expect(smtp.messages).toHaveLength(0);
    expect(result.stderr).toMatch(/warn\s+notification to webhook http:\/\/127\.0\.0\.1:\d+ failed: no answer within 700 ms\. The run's outcome and exit code are unchanged\./);
    expect(result.stderr).toMatch(/warn\s+notification to email via 127\.0\.0\.1:\d+ failed: the SMTP relay refused or failed \(EAUTH 535 after AUTH PLAIN\)/);
    expect(result.stderr).not.toContain('not-the-password');

    webhook.answer = 500;
    const answered500 = await run('plan');
    expect(answered500.code).toBe(0);
    expect(answered500.stderr).toMatch(/notification to webhook http:\/\/127\.0\.0\.1:\d+ failed: it answered 500 Internal Server Error/);
  });
});
