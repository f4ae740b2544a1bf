/**
 * Admin endpoints under `/__emulator/`: no bearer, not counted, no faults.
 * The emulator listens on loopback by default; these endpoints change its
 * whole state, so do not expose it beyond the machine.
 *
 * - `GET  /__emulator/health`       → `{ok, baseUrl}`
 * - `GET  /__emulator/stats`        → request counters
 * - `POST /__emulator/reset-stats`  → counters zeroed, returned
 * - `GET  /__emulator/faults`       → fault settings
 * - `PUT|POST|PATCH /__emulator/faults` body: a change → new settings
 * - `POST /__emulator/seed[?mode=merge]` body: seed data → counts
 * - `GET  /__emulator/state`        → state snapshot (seed format)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SyncError } from '../errors.js';
import { parseBody, readBody, sendJson } from './http-io.js';
import { ApiProblem } from './problems.js';
import type { SeedMode } from './seed-schema.js';
import type { RequestStats } from './stats.js';

export const adminPrefix = '/__emulator';

/** What the admin endpoints reach of an emulator (the Deskbee one or the deskbird one). */
export interface AdminDeps {
  baseUrl: () => string;
  stats: RequestStats;
  faults: {
    settings(): unknown;
    /** Checks and merges a change; throws a SyncError naming the field when it is not valid. */
    update(change: unknown): unknown;
  };
  /** Checks and loads seed data (atomic), and answers how many of each entity the state now holds. */
  seed(data: unknown, mode: SeedMode): Record<string, number>;
  /** The whole state in the seed format. */
  snapshot(): unknown;
}

export async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL, deps: AdminDeps): Promise<void> {
  const method = req.method ?? 'GET';
  const action = url.pathname.slice(adminPrefix.length).replace(/\/$/, '');
  try {
    const text = await readBody(req);
    const body = () => parseBody(text, req.headers['content-type']);
    if (method === 'GET' && action === '/health') return sendJson(res, 200, { ok: true, baseUrl: deps.baseUrl() });
    if (method === 'GET' && action === '/stats') return sendJson(res, 200, deps.stats.snapshot());
    if (method === 'POST' && action === '/reset-stats') {
      deps.stats.reset();
      return sendJson(res, 200, deps.stats.snapshot());
    }
    if (action === '/faults') {
      if (method === 'GET') return sendJson(res, 200, deps.faults.settings());
      if (method === 'PUT' || method === 'POST' || method === 'PATCH') return sendJson(res, 200, deps.faults.update(body()));
    }
    if (method === 'POST' && action === '/seed') {
      const mode = url.searchParams.get('mode') === 'merge' ? 'merge' : 'replace';
      return sendJson(res, 200, deps.seed(body(), mode));
    }
    if (method === 'GET' && action === '/state') return sendJson(res, 200, deps.snapshot());
    sendJson(res, 404, { error: 404, id: 'not_found', message: `No admin endpoint ${method} ${url.pathname}.` });
  } catch (error) {
    if (error instanceof ApiProblem) return sendJson(res, error.status, error.body());
    if (error instanceof SyncError) return sendJson(res, 422, { error: 422, id: 'unprocessable_entity', message: error.message });
    throw error;
  }
}
