import pLimit from 'p-limit';
import { defaultRunContext, type RunContext } from '../context/run-context.js';
import { AdaptiveRate, defaultRateOptions } from './adaptive-rate.js';
import { apiUrl, ClientCore } from './client-core.js';
import { parseBaseUrl, type DeskbeeClientOptions } from './client-options.js';
import type { DeskbeeApi } from './deskbee-api.js';
import { HttpTransport } from './http-transport.js';
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
 * Deskbee's REST API over HTTP: OAuth2 client credentials, cursor paging,
 * typed resources, retries, an adaptive request rate and a concurrency limit.
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
  readonly #counters = new RequestCounters();
  readonly #rate: AdaptiveRate;

  constructor(options: DeskbeeClientOptions, ctx: RunContext = defaultRunContext()) {
    this.baseUrl = parseBaseUrl(options.baseUrl);
    const paths = resolvePaths(options.paths);
    this.paths = paths;
    const retry = { ...defaultRetryPolicy, ...options.retry };
    const random = options.random ?? Math.random;
    this.#rate = new AdaptiveRate({ ...defaultRateOptions, ...options.rate }, ctx.clock);
    const transport = new HttpTransport({
      basePath: this.baseUrl.pathname.replace(/\/$/, ''),
      timeoutMs: options.timeoutMs ?? 30_000,
      retry,
      rate: this.#rate,
      counters: this.#counters,
      ctx,
      random,
      userAgent: 'deskbee-sync',
    });
    const limit = pLimit(options.concurrency ?? 4);
    const schedule = <R>(task: () => Promise<R>) => limit(task);
    const tokens = new TokenProvider(
      { tokenUrl: apiUrl(this.baseUrl, paths.token), credentials: options.credentials, transport, clock: ctx.clock },
      () => {
        this.#counters.tokenRequests += 1;
      },
    );
    const core = new ClientCore(transport, tokens, this.baseUrl, schedule, this.#counters, retry, ctx, random);
    this.users = new UsersResource(core, paths.users, userSchema);
    this.squads = new SquadsResource(core, paths.squads, squadSchema);
    this.costCenters = new CostCentersResource(core, paths.costCenters, costCenterSchema);
    this.userTags = new UserTagsResource(core, paths.userTags, userTagSchema);
    this.memberships = new MembershipsResource(core, { add: paths.membershipAdd, remove: paths.membershipRemove }, options.membershipBatchSize);
  }

  stats(): RequestStats {
    return this.#counters.snapshot(this.#rate.perSecond);
  }
}
