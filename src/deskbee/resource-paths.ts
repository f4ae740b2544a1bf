/**
 * Where each Deskbee resource lives, relative to the base URL. Two of these
 * are not shown in Deskbee's public material (cost centers and user tags):
 * they are guesses kept here, in one place, and overridable by configuration.
 */
export interface DeskbeeResourcePaths {
  /** Default `/oauth/token`. */
  token: string;
  /** Default `/users`. */
  users: string;
  /** Default `/users/squads/add`. */
  membershipAdd: string;
  /** Default `/users/squads/remove` (a DELETE with a JSON body). */
  membershipRemove: string;
  /** Default `/squads`. */
  squads: string;
  /** Default `/cost-centers` (not documented publicly). */
  costCenters: string;
  /** Default `/users/tags` (not documented publicly). */
  userTags: string;
}

export const defaultResourcePaths: DeskbeeResourcePaths = Object.freeze({
  token: '/oauth/token',
  users: '/users',
  membershipAdd: '/users/squads/add',
  membershipRemove: '/users/squads/remove',
  squads: '/squads',
  costCenters: '/cost-centers',
  userTags: '/users/tags',
});

/** Default base URL of Deskbee's API. */
export const defaultBaseUrl = 'https://api.deskbee.io/v1.1';

export function resolvePaths(overrides: Partial<DeskbeeResourcePaths> = {}): DeskbeeResourcePaths {
  return { ...defaultResourcePaths, ...overrides };
}
