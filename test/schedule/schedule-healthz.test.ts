/**
 * /healthz and /metrics of a running scheduler: 200 before any run and
 * after a good one, 503 after a failed one (Deskbee unreachable) and when
 * no tick has ended for longer than --stale-after. Each scheduled run also
 * gets what every run gets (src/ops): its series, its textfile, a notice.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricsContentType } from '../../src/schedule/health-server.js';
import { get } from './schedule-harness.js';
import type { SyncWorkspace } from '../support/cli-harness.js';
import { fastConfig, healthOf, useScheduleFixture } from './schedule-fixture.js';

/** A webhook receiver on loopback, keeping the JSON bodies it is sent. */
async function webhookReceiver(): Promise<{ url: string; bodies: Array<Record<string, any>>; close(): Promise<void> }> {
  const bodies: Array<Record<string, any>> = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      bodies.push(JSON.parse(text) as Record<string, any>);
      response.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A sample line of `name` carrying every one of `labels` (in any order) with `value`. */
function sample(name: string, labels: Record<string, string>, value: string): RegExp {
  const has = Object.entries(labels).map(([k, v]) => `(?=[^}]*\\b${k}="${v}")`).join('');
  return new RegExp(`^${name}\\{${has}[^}]*\\} ${value}$`, 'm');
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the scheduler /healthz and /metrics', () => {
  const fixture = useScheduleFixture('schedule_health');

  it('answers 200 after a good run, 503 after a failed one, 200 again once a run succeeds; every run is in /metrics, the textfile and the notices', async () => {
    const receiver = await webhookReceiver();
    const { ws } = await fixture.workspace(
      `${fastConfig}\nmetrics: { textfile: deskbee_sync.prom, labels: { account: acme } }\nnotify: { webhook: { url: ${JSON.stringify(receiver.url)} } }`,
    );
    try {
      await healthAsRunsGo(ws, receiver);
    } finally {
      await receiver.close();
    }
  });

  async function healthAsRunsGo(ws: SyncWorkspace, receiver: { bodies: Array<Record<string, any>> }): Promise<void> {
    const s = fixture.schedule(['--cron', '*/2 * * * * *', '--tz', 'UTC', '--port', '0'], ws.env);
    await s.waitFor('a first run', (lines) => lines.some((line) => line.tick === 'ran'));
    const good = await healthOf(s);
    expect(good.status).toBe(200);
    expect(good.report.lastRun).toMatchObject({ outcome: 'succeeded', exitCode: 0, error: null });
    expect(good.report.lastRun!.ageSeconds).toBeGreaterThanOrEqual(0);

    // The environment is read at every tick: from now on Deskbee cannot be reached.
    const reachable = ws.env.DESKBEE_BASE_URL;
    ws.env.DESKBEE_BASE_URL = 'http://127.0.0.1:9/v1.1';
    await s.waitFor('a failed run', (lines) => lines.some((line) => line.tick === 'ran' && line.exitCode === 5));
    const failed = s.ticks().find((line) => line.exitCode === 5)!;
    expect(failed).toMatchObject({ level: 50, outcome: 'failed' });
    expect(failed.msg).toMatch(/127\.0\.0\.1:9/);
    const bad = await healthOf(s);
    expect(bad.status).toBe(503);
    expect(bad.report).toMatchObject({ status: 'failing', lastRun: { outcome: 'failed', exitCode: 5, runId: failed.runId } });
    expect(bad.report.lastRun!.error).toMatch(/127\.0\.0\.1:9/);

    // The notice and the series of the failed run, as `apply` gives them.
    const notice = await eventually('notice', () => receiver.bodies.find((body) => body.summary?.runId === failed.runId));
    expect(notice).toMatchObject({ event: 'deskbee-sync.run', reasons: ['failed'], summary: { exitCode: 5, outcome: 'failed' } });
    const metrics = await eventually('series of the failed run', async () => {
      const answer = await get(`${s.origin()}/metrics`);
      return /deskbee_sync_last_run_exit_code\{[^}]*\} 5$/m.test(answer.body) ? answer : undefined;
    });
    expect(metrics.status).toBe(200);
    expect(metrics.type).toBe(metricsContentType);
    expect(metrics.body).toMatch(sample('deskbee_sync_last_run_exit_code', { account: 'acme', mode: 'apply' }, '5'));
    expect(metrics.body).toMatch(sample('deskbee_sync_runs_total', { account: 'acme', mode: 'apply', outcome: 'failed' }, '[1-9]\\d*'));
    expect(metrics.body).toMatch(sample('deskbee_sync_schedule_healthy', { account: 'acme' }, '0'));
    expect(metrics.body).toMatch(sample('deskbee_sync_schedule_ticks_total', { account: 'acme', result: 'ran' }, '[2-9]\\d*'));
    const textfile = await eventually('textfile', async () => {
      const text = await readFile(join(ws.dir, 'deskbee_sync.prom'), 'utf8').catch(() => '');
      return /deskbee_sync_last_run_exit_code\{[^}]*\} 5$/m.test(text) ? text : undefined;
    });
    expect(textfile).toMatch(sample('deskbee_sync_last_run_exit_code', { account: 'acme', mode: 'apply' }, '5'));

    ws.env.DESKBEE_BASE_URL = reachable;
    await s.waitFor('a good run again', (lines) => lines.filter((line) => line.tick === 'ran').at(-1)?.exitCode === 0);
    expect((await healthOf(s)).status).toBe(200);
    expect((await get(`${s.origin()}/nothing`)).status).toBe(404);
    expect((await fetch(`${s.origin()}/healthz`, { method: 'POST' })).status).toBe(405);
    // Only the failed runs needed a person.
    expect(new Set(receiver.bodies.map((body) => body.summary.exitCode))).toEqual(new Set([5]));
  }

  it('answers 503 stale when no tick has ended for longer than --stale-after', async () => {
    const { ws } = await fixture.workspace();
    const s = fixture.schedule(['--every', '1h', '--stale-after', '1s', '--port', '0'], ws.env);
    await s.waitFor('the start line', (lines) => lines.some((line) => typeof line.health === 'string'));
    expect(s.lines().some((line) => line.level === 40 && /--stale-after 1s is shorter than the schedule's gap of 1h/.test(line.msg))).toBe(true);
    const deadline = Date.now() + 30_000;
    let answer = await healthOf(s);
    while (answer.status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      answer = await healthOf(s);
    }
    expect(answer.status).toBe(503);
    expect(answer.report).toMatchObject({ status: 'stale', lastRun: null, staleAfterSeconds: 1, schedule: 'every 1h' });
    expect(Date.parse(answer.report.nextRun!)).toBeGreaterThan(Date.now());
    expect(await s.stop()).toBe(0);
  });
});
