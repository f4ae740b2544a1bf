import { defaultRunContext, type RunContext } from '../context/run-context.js';
import { apiUrl, ClientCore } from './client-core.js';
import { defaultClientConcurrency, parseBaseUrl, type DeskbeeClientOptions } from './client-options.js';
import type { DeskbeeApi } from './deskbee-api.js';
import { HttpTransport } from './http-transport.js';
import { defaultRateOptions, RateLimiter } from './rate-limiter.js';
import { RequestPacer } from './request-pacer.js';
import { RequestCounters, type RequestStats } from './request-stats.js';
import { resolvePaths, type DeskbeeResourcePaths } from './resource-paths.js';
import { CostCentersResource } from './resources/cost-centers-resource.js';
import { MembershipsResource } from './resources/memberships-resource.js';
import { SquadsResource } from './resources/squads-resource.js';
import { UserTagsResource } from './resources/user-tags-resource.js';
import { UsersResource } from './resources/users-resource.js';
import { defaultRetryPolicy } from './retry-policy.js';
import { costCenterSchema, squadSchema, userSchema, userTagSchema } from './schemas.js';
import { TokenProvider } from './token-provider.js';

/**
 * Deskbee's REST API over HTTP: OAuth2 client credentials, pipelined cursor
 * paging, typed resources, retries, and one request rate for reads and writes
 * that finds the API's unpublished limit and holds just below it.
 */
export class DeskbeeClient implements DeskbeeApi {
  readonly users: UsersResource;
  readonly squads: SquadsResource;
  readonly costCenters: CostCentersResource;
  readonly userTags: UserTagsResource;
  readonly memberships: MembershipsResource;
  /** The base URL in use, e.g. `https://api.deskbee.io/v1.1/`. */
  readonly baseUrl: URL;
  /** The resource paths in use. */
  readonly paths: DeskbeeResourcePaths;
  readonly #tokens: TokenProvider;
  readonly #counters = new RequestCounters();
  readonly #pacer: RequestPacer;

  constructor(options: DeskbeeClientOptions, ctx: RunContext = defaultRunContext()) {
    this.baseUrl = parseBaseUrl(options.baseUrl);
    const paths = resolvePaths(options.paths);
    this.paths = paths;
    const retry = { ...defaultRetryPolicy, ...options.retry };
    const random = options.random ?? Math.random;
    const rate = { ...defaultRateOptions, ...options.rate };
    this.#pacer = new RequestPacer(new RateLimiter(rate, ctx.clock), ctx.clock, { maxInFlight: options.concurrency ?? defaultClientConcurrency });
    const transport = new HttpTransport({
      basePath: this.baseUrl.pathname.replace(/\/$/, ''),
      timeoutMs: options.timeoutMs ?? 30_000,
      retry,
      pacer: this.#pacer,
      counters: this.#counters,
      ctx,
      random,
      userAgent: 'deskbee-sync',
    });
    const tokens = (this.#tokens = new TokenProvider(
      { tokenUrl: apiUrl(this.baseUrl, paths.token), credentials: options.credentials, transport, clock: ctx.clock },
      () => {
        this.#counters.tokenRequests += 1;
      },
    ));
    const core = new ClientCore(transport, tokens, this.baseUrl, this.#counters, retry, ctx, random);
    this.users = new UsersResource(core, paths.users, userSchema);
    this.squads = new SquadsResource(core, paths.squads, squadSchema);
    this.costCenters = new CostCentersResource(core, paths.costCenters, costCenterSchema);
    this.userTags = new UserTagsResource(core, paths.userTags, userTagSchema);
    this.memberships = new MembershipsResource(core, { add: paths.membershipAdd, remove: paths.membershipRemove }, options.membershipBatchSize);
  }

  /** The scopes Deskbee's last token answer said were granted, when it said (space-separated). */
  get grantedScope(): string | undefined {
    return this.#tokens.grantedScope;
  }

  stats(): RequestStats {
    const { limiter } = this.#pacer;
    return this.#counters.snapshot(limiter.perSecond, limiter.limitEstimate);
  }
}
