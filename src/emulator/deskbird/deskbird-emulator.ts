/**
 * The deskbird emulator's HTTP server: node:http on loopback, the Public
 * API's user and group reads at the root (as at `https://connect.deskbird.com`),
 * admin endpoints under `/__emulator/` (shared with the Deskbee emulator).
 * Per API request, in order: count it, wait the injected latency, apply the
 * rate limit, maybe answer an injected 5xx or drop the connection, find the
 * route (404), check the API key (401), refuse a forbidden route (403),
 * fail a failing page, and answer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { silentLogger, systemClock } from '../../context/run-context.js';
import { adminPrefix, handleAdmin } from '../admin.js';
import { sameSecret } from '../credentials.js';
import { closeServer, listen, sendGatewayError, sendJson } from '../http-io.js';
import { createRandom, freshSeed, randomUuid, seedToInt } from '../prng.js';
import { Router } from '../router.js';
import { RequestStats } from '../stats.js';
import { resolveApiKey } from './deskbird-api-key.js';
import { DeskbirdFaultInjector } from './deskbird-faults.js';
import type { DeskbirdEmulatorOptions, RunningDeskbirdEmulator } from './deskbird-options.js';
import { DeskbirdProblem, deskbirdProblems } from './deskbird-problems.js';
import { deskbirdRoutes } from './deskbird-routes.js';
import { loadDeskbirdSeedFile, parseDeskbirdSeed } from './deskbird-seed-schema.js';
import { deskbirdCounts, seedDeskbirdState, snapshotDeskbirdState } from './deskbird-seeding.js';
import { DeskbirdState } from './deskbird-state.js';

/** Starts a deskbird emulator; resolves once it listens. */
export async function startDeskbirdEmulator(options: DeskbirdEmulatorOptions = {}): Promise<RunningDeskbirdEmulator> {
  const clock = options.clock ?? systemClock;
  const logger = (options.logger ?? silentLogger).child({ component: 'deskbird-emulator' });
  const randomSeed = options.randomSeed ?? freshSeed();
  const faults = new DeskbirdFaultInjector(createRandom(randomSeed), options.faults);
  const idRandom = createRandom(seedToInt(randomSeed) ^ 0x9e3779b9);
  const seedingDeps = { now: () => clock.now(), newUuid: () => randomUuid(idRandom) };
  const { apiKey, source } = resolveApiKey(options.apiKey, options.env ?? process.env);

  const state = new DeskbirdState();
  const seed = (data: unknown, mode: 'replace' | 'merge' = 'replace') => seedDeskbirdState(state, parseDeskbirdSeed(data), mode, seedingDeps);
  if (options.seed !== undefined) {
    seedDeskbirdState(state, typeof options.seed === 'string' ? await loadDeskbirdSeedFile(options.seed) : parseDeskbirdSeed(options.seed), 'replace', seedingDeps);
  }
  const stats = new RequestStats(() => clock.now());
  const router = new Router(deskbirdRoutes(state, faults));
  let origin = '';

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const started = clock.now();
    const method = req.method ?? 'GET';
    const match = router.match(method, url.pathname);
    const routeKey = match ? `${method} ${match.route.template}` : `${method} (no route)`;
    stats.received(routeKey, false);
    let outcome: number | 'dropped' = 0;
    try {
      const decision = faults.decide(routeKey);
      if (decision.delayMs > 0) await clock.sleep(decision.delayMs);
      const retryAfter = faults.rateLimited(clock.now());
      if (retryAfter !== undefined) {
        stats.rateLimited();
        throw deskbirdProblems.tooManyRequests(faults.view().rateLimit?.retryAfter ? { 'retry-after': String(retryAfter) } : {});
      }
      if (decision.failWith === undefined && decision.drop) {
        outcome = 'dropped';
        req.socket.destroy();
        return;
      }
      const failWith = decision.failWith ?? (match ? checkAccess(req, routeKey, url, match.route.template) : undefined);
      if (failWith !== undefined) {
        stats.injectedError();
        outcome = failWith;
        if (failWith === 500) return sendJson(res, 500, deskbirdProblems.internal().body());
        return sendGatewayError(res, failWith);
      }
      if (!match) throw deskbirdProblems.noRoute(method, url.pathname);
      const answer = match.route.handle({ method, params: match.params, query: url.searchParams, body: {}, linkBase: origin });
      outcome = answer.status;
      sendJson(res, answer.status, answer.body);
    } catch (error) {
      const problem = error instanceof DeskbirdProblem ? error : undefined;
      if (!problem) logger.error('emulator bug while handling a request', { route: routeKey, error: String(error) });
      const answer = problem ?? deskbirdProblems.internal();
      outcome = answer.status;
      if (!res.headersSent) sendJson(res, answer.status, answer.body(), answer.headers);
    } finally {
      stats.answered(outcome, false);
      logger.debug('request', { route: routeKey, status: outcome, ms: clock.now() - started });
    }
  }

  /** Throws 401 or 403 when the key may not read the route; answers the status of a failing page. */
  function checkAccess(req: IncomingMessage, routeKey: string, url: URL, template: string): number | undefined {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!m?.[1] || !sameSecret(m[1], apiKey)) throw deskbirdProblems.unauthorized();
    if (faults.forbidden(routeKey)) throw deskbirdProblems.forbidden();
    const offset = Number(url.searchParams.get('offset') ?? '0');
    return faults.failingPage(url.pathname, template, Number.isInteger(offset) ? offset : 0);
  }

  const server = createServer((req, res) => {
    // Parsed against a fixed base, so that a request target like `//x/y` never becomes a host.
    const target = req.url ?? '/';
    const url = new URL(`http://emulator${target.startsWith('/') ? target : `/${target}`}`);
    const work =
      url.pathname === adminPrefix || url.pathname.startsWith(`${adminPrefix}/`)
        ? handleAdmin(req, res, url, {
            baseUrl: () => origin,
            stats,
            faults,
            seed: (data, mode) => {
              seed(data, mode);
              return deskbirdCounts(state);
            },
            snapshot: () => snapshotDeskbirdState(state),
          })
        : handleApi(req, res, url);
    work.catch((error: unknown) => {
      logger.error('emulator could not answer a request', { error: String(error) });
      if (!res.headersSent) sendJson(res, 500, deskbirdProblems.internal().body());
      else res.destroy();
    });
  });
  origin = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  logger.info('deskbird emulator listening', { baseUrl: origin, apiKey: source });

  return {
    origin,
    baseUrl: origin,
    apiKey,
    apiKeySource: source,
    randomSeed,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    faults: () => faults.settings(),
    setFaults: (change) => faults.update(change),
    snapshot: () => snapshotDeskbirdState(state),
    seed: (data, mode) => seed(data, mode),
    close: () => closeServer(server),
  };
}
