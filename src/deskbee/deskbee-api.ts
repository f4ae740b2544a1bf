import type { CostCentersResource } from './resources/cost-centers-resource.js';
import type { MembershipsResource } from './resources/memberships-resource.js';
import type { SquadsResource } from './resources/squads-resource.js';
import type { UserTagsResource } from './resources/user-tags-resource.js';
import type { UsersResource } from './resources/users-resource.js';
import type { RequestStats } from './request-stats.js';

/**
 * What the engine needs of Deskbee. `DeskbeeClient` implements it over HTTP;
 * anything else that does (a recording wrapper, say) can stand in.
 */
export interface DeskbeeApi {
  readonly users: Pick<UsersResource, 'list' | 'pages' | 'get' | 'create' | 'update' | 'remove' | 'findByEmail'>;
  readonly squads: Pick<SquadsResource, 'list' | 'pages' | 'get' | 'create' | 'update' | 'remove' | 'findByName'>;
  readonly costCenters: Pick<CostCentersResource, 'list' | 'pages' | 'get' | 'create' | 'update' | 'remove' | 'findByCode'>;
  readonly userTags: Pick<UserTagsResource, 'list' | 'pages' | 'create' | 'remove' | 'findByName'>;
  readonly memberships: Pick<MembershipsResource, 'add' | 'remove'>;
  /** Counters of requests, retries and 429s so far. */
  stats(): RequestStats;
}
