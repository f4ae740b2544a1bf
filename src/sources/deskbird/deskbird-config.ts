/**
 * The settings of a deskbird source: where the Public API is, where its key
 * is kept, and how it is read. The key itself never appears here: it comes
 * from the environment or a file (DESIGN.md invariant 8).
 */
import { z } from 'zod';

/** deskbird's Public API. */
export const defaultDeskbirdBaseUrl = 'https://connect.deskbird.com';

/**
 * Where group members are read (deskbird does not publish it):
 * - `auto`: the first of the places below that shows them;
 * - `groupList`: a member list on each group of `GET /groups` (`memberIds`, `userIds`, `members` or `users`);
 * - `groupDetail`: the same list on `GET /groups/{id}`, one request per group;
 * - `membersEndpoint`: `GET /groups/{id}/members`, paged, one listing per group;
 * - `userGroups`: the groups on each user (`groupIds` or `groups`);
 * - `none`: no membership; groups are read, nobody is placed in them.
 */
export const deskbirdMembershipSettings = ['auto', 'groupList', 'groupDetail', 'membersEndpoint', 'userGroups', 'none'] as const;
export type DeskbirdMembershipSetting = (typeof deskbirdMembershipSettings)[number];

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

const baseUrl = z.string().superRefine((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not an absolute URL such as ${defaultDeskbirdBaseUrl}` });
    return;
  }
  if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'the base URL must not hold a user name or password' });
  if (url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'the base URL must not hold a query or a fragment' });
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    ctx.addIssue({
      code: 'custom',
      message: `${url.origin} is not https: the API key would cross the network in clear. Plain http is accepted only on loopback (the emulator)`,
    });
  }
});

/** `kind: deskbird` settings; unknown keys are rejected. */
export const deskbirdSourceConfigSchema = z.strictObject({
  kind: z.literal('deskbird'),
  /** Configured name of the source, e.g. `deskbird`; must equal the mapping's `source`. */
  name: z.string().trim().min(1, 'a source needs a name'),
  /** The Public API's base URL. Default `https://connect.deskbird.com`; plain http only on loopback. */
  baseUrl: baseUrl.default(defaultDeskbirdBaseUrl),
  /**
   * The environment variable holding the API key. Default `DESKBIRD_API_KEY`;
   * `<apiKeyEnv>_FILE` may name a file holding it instead.
   */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name, e.g. DESKBIRD_API_KEY')
    .default('DESKBIRD_API_KEY'),
  /** A file holding the API key (a single trailing newline is ignored); wins over the environment. Default: none. */
  apiKeyFile: z.string().min(1).optional(),
  /** Users or groups asked for per page (`limit`). Default 100, deskbird's documented default; at most 1000. */
  pageSize: z.number().int().min(1).max(1000).default(100),
  /** Milliseconds before one request is abandoned (then retried). Default 30,000. */
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** Where group members are read. Default `auto`. */
  membership: z.enum(deskbirdMembershipSettings).default('auto'),
});

/** The settings as written. */
export type DeskbirdSourceConfigInput = z.input<typeof deskbirdSourceConfigSchema>;
/** The settings checked, defaults applied. */
export type DeskbirdSourceConfig = z.output<typeof deskbirdSourceConfigSchema>;
