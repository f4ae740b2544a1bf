/**
 * The scheduler's HTTP endpoints: `GET /healthz` (the HealthReport as
 * JSON: 200 when `ok`, 503 when `failing` or `stale`) and `GET /metrics`
 * (Prometheus text from a pluggable provider). Nothing else is served.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScheduleHealth } from './schedule-health.js';

/** Prometheus text exposition of the runs so far. */
export type MetricsProvider = () => Promise<string> | string;

export interface HealthServerInit {
  health: ScheduleHealth;
  metrics: MetricsProvider;
  /** Default 127.0.0.1: a container that is probed from outside sets 0.0.0.0. */
  host?: string;
  /** 0: any free port. */
  port: number;
}

export interface HealthServer {
  /** `http://host:port`, with the port actually bound. */
  origin: string;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** The content type of Prometheus's text format. */
export const metricsContentType = 'text/plain; version=0.0.4; charset=utf-8';

export async function startHealthServer(init: HealthServerInit): Promise<HealthServer> {
  const server = createServer((request, response) => {
    answer(init, request, response).catch((error: unknown) => send(response, 500, 'text/plain; charset=utf-8', `${error instanceof Error ? error.message : String(error)}\n`));
  });
  const host = init.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(init.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(init: HealthServerInit, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path !== '/healthz' && path !== '/metrics') return send(response, 404, 'text/plain; charset=utf-8', 'not found: GET /healthz or /metrics\n');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
  }
  if (path === '/metrics') return send(response, 200, metricsContentType, await init.metrics());
  const report = init.health.report();
  send(response, report.status === 'ok' ? 200 : 503, 'application/json', `${JSON.stringify(report)}\n`);
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
