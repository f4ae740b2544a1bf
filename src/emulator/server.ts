/**
 * The emulator's HTTP server: node:http on loopback, Deskbee's API under
 * `/v1.1`, admin endpoints under `/__emulator/`. Per API request, in order:
 * count it, wait the injected latency, apply the rate limit, maybe answer an
 * injected 5xx, find the route (404, or a switched-off route's 404 or 405),
 * check the bearer (401), refuse a forbidden route (403), parse the body, handle it, and for a successful write maybe drop the connection instead of
 * answering.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { silentLogger, systemClock } from '../context/run-context.js';
import { resolvePaths } from '../deskbee/resource-paths.js';
import { adminPrefix, handleAdmin } from './admin.js';
import { resolveCredentials } from './credentials.js';
import { FaultInjector } from './faults.js';
import { closeServer, listen, parseBody, readBody, sendGatewayError, sendJson } from './http-io.js';
import type { EmulatorOptions, RunningEmulator } from './options.js';
import { createRandom, freshSeed, randomUuid, seedToInt } from './prng.js';
import { ApiProblem, problems } from './problems.js';
import { type Route, Router } from './router.js';
import { costCenterRoutes } from './routes-cost-centers.js';
import { squadRoutes } from './routes-squads.js';
import { tagRoutes } from './routes-tags.js';
import { tokenRoute } from './routes-token.js';
import { userRoutes } from './routes-users.js';
import { loadSeedFile, parseSeedData } from './seed-schema.js';
import { seedState, snapshotState } from './seeding.js';
import { EmulatorState } from './state.js';
import { RequestStats } from './stats.js';
import { TokenIssuer } from './tokens.js';

/** The path prefix the API is served under. */
export const apiPrefix = '/v1.1';

/** Starts an emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = options.clock ?? systemClock;
  const logger = (options.logger ?? silentLogger).child({ component: 'emulator' });
  const paths = resolvePaths(options.paths);
  const randomSeed = options.randomSeed ?? freshSeed();
  const faultRandom = createRandom(randomSeed);
  const uuidRandom = createRandom(seedToInt(randomSeed) ^ 0x9e3779b9);
  const { credentials, source } = resolveCredentials(options.credentials, options.env ?? process.env);
  const ttl = options.tokenTtlSeconds ?? 3600;
  if (!(ttl > 0)) throw new RangeError('tokenTtlSeconds must be a positive number of seconds.');

  const state = new EmulatorState({ now: () => clock.now(), newUuid: () => randomUuid(uuidRandom) });
  if (options.seed !== undefined) {
    const seed = typeof options.seed === 'string' ? await loadSeedFile(options.seed) : parseSeedData(options.seed);
    seedState(state, seed);
  }
  const issuer = new TokenIssuer(() => clock.now());
  const faults = new FaultInjector(faultRandom, options.faults);
  const stats = new RequestStats(() => clock.now());
  const router = new Router([
    tokenRoute({ credentials, issuer, ttlSeconds: () => ttl, answerScope: () => faults.view().tokenAnswerScope }, paths),
    ...userRoutes(state, paths, () => faults.view()),
    ...squadRoutes(state, paths),
    ...costCenterRoutes(state, paths),
    ...tagRoutes(state, paths, () => faults.view()),
  ]);
  const linkOrigin = options.linkOrigin?.replace(/\/+$/, '');
  let origin = '';

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, links: string): Promise<void> {
    const started = clock.now();
    const method = req.method ?? 'GET';
    const rel = url.pathname.startsWith(`${apiPrefix}/`) ? url.pathname.slice(apiPrefix.length) : undefined;
    const found = rel === undefined ? undefined : router.match(method, rel);
    const refusal = found?.route.refused?.(method, url.pathname);
    const match = refusal ? undefined : found;
    const routeKey = match ? `${method} ${match.route.template}` : `${method} (no route)`;
    const isWrite = match?.route.write ?? false;
    stats.received(routeKey, isWrite);
    let outcome: number | 'dropped' = 0;
    let committed = false;
    try {
      const text = await readBody(req);
      const decision = faults.decide(routeKey, isWrite);
      if (decision.delayMs > 0) await clock.sleep(decision.delayMs);
      const retryAfter = faults.rateLimited(clock.now());
      if (retryAfter !== undefined) {
        stats.rateLimited();
        const headers: Record<string, string> = faults.settings().rateLimit?.retryAfter ? { 'retry-after': String(retryAfter) } : {};
        throw problems.requestLimit(headers);
      }
      if (decision.failWith !== undefined) {
        stats.injectedError();
        outcome = decision.failWith;
        if (decision.failWith === 500) return sendJson(res, 500, problems.internal().body());
        return sendGatewayError(res, decision.failWith);
      }
      if (!match) throw refusal ?? problems.notFound();
      if (match.route.auth !== false) authenticate(req);
      if (faults.forbidden(routeKey)) throw problems.forbidden();
      const answer = match.route.handle({
        method,
        params: match.params,
        query: url.searchParams,
        body: parseBody(text, req.headers['content-type']),
        linkBase: `${links}${apiPrefix}`,
      });
      committed = isWrite && answer.status < 300;
      if (committed && decision.dropAfterCommit) {
        outcome = 'dropped';
        req.socket.destroy();
        return;
      }
      outcome = answer.status;
      sendJson(res, answer.status, answer.body);
    } catch (error) {
      const problem = error instanceof ApiProblem ? error : undefined;
      if (!problem) logger.error('emulator bug while handling a request', { route: routeKey, error: String(error) });
      const answer = problem ?? problems.internal();
      outcome = answer.status;
      if (!res.headersSent) sendJson(res, answer.status, answer.body(), answer.headers);
    } finally {
      stats.answered(outcome, committed);
      logger.debug('request', { route: routeKey, status: outcome, ms: clock.now() - started });
    }
  }

  function authenticate(req: IncomingMessage): void {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m?.[1] || !issuer.verify(m[1])) throw problems.unauthenticated();
  }

  const server = createServer((req, res) => {
    // Parse the path against a fixed base (a request target like `//x/y` must not become a host);
    // links use the request's Host when it is a plain host[:port], else the listening origin.
    const target = req.url ?? '/';
    const url = new URL(`http://emulator${target.startsWith('/') ? target : `/${target}`}`);
    const host = req.headers.host;
    const requestOrigin = host && /^[\w.-]+(:\d+)?$|^\[[\d:a-fA-F.]+\](:\d+)?$/.test(host) ? `http://${host}` : origin;
    const work =
      url.pathname === adminPrefix || url.pathname.startsWith(`${adminPrefix}/`)
        ? handleAdmin(req, res, url, {
            baseUrl: () => `${origin}${apiPrefix}`,
            stats,
            faults,
            seed: (data, mode) => {
              seedState(state, parseSeedData(data), mode);
              const s = snapshotState(state);
              return { users: s.users.length, squads: s.squads.length, cost_centers: s.cost_centers.length, tags: s.tags.length };
            },
            snapshot: () => snapshotState(state),
          })
        : handleApi(req, res, url, linkOrigin ?? requestOrigin);
    work.catch((error: unknown) => {
      logger.error('emulator could not answer a request', { error: String(error) });
      if (!res.headersSent) sendJson(res, 500, problems.internal().body());
      else res.destroy();
    });
  });

  origin = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  logger.info('Deskbee emulator listening', { baseUrl: `${origin}${apiPrefix}`, credentials: source });

  return {
    origin,
    baseUrl: `${origin}${apiPrefix}`,
    credentials: { ...credentials },
    credentialsSource: source,
    randomSeed,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    faults: () => faults.settings(),
    setFaults: (change) => faults.update(change),
    snapshot: () => snapshotState(state),
    seed: (data, mode) => seedState(state, parseSeedData(data), mode),
    close: () => closeServer(server),
  };
}
