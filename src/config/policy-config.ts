/**
 * The sync policy's safety parts of the configuration: the limits on every
 * kind of change (`sync.limits`), what happens to leavers and to what no
 * source wants any more (`sync.leavers`, `sync.squads`, `sync.costCenters`,
 * `sync.tags`), and who is never touched (`protect`).
 */
import { z } from 'zod';
import { defaultLifecycle, defaultProtect, defaultSafetyLimits, type Limit, type ProtectRules, type SafetyLimits } from '../engine/plan-inputs.js';
import type { LifecyclePolicy } from '../plan/plan-types.js';

const count = z.number().int().min(0).nullable();
const percent = z.number().min(0).max(100).nullable();

function limit(defaults: Limit, what: string) {
  return z
    .strictObject({
      count: count.default(defaults.count).describe(`Most ${what} in one run; null: no limit. Default ${defaults.count ?? 'none'}.`),
      percent: percent.default(defaults.percent).describe(`Most ${what} in one run, in % of what Deskbee holds; null: no limit. Default ${defaults.percent ?? 'none'}.`),
    })
    .default({ count: defaults.count, percent: defaults.percent });
}

const d = defaultSafetyLimits;
const limitsSchema = z.strictObject({
  creates: limit(d.creates, 'creations (users, squads, cost centers, tags)'),
  updates: limit(d.updates, 'changes to existing users, squads and cost centers'),
  deactivations: limit(d.deactivations, 'user deactivations'),
  userDeletions: limit(d.userDeletions, 'user deletions'),
  squadDeletions: limit(d.squadDeletions, 'squad deletions'),
  costCenterDeletions: limit(d.costCenterDeletions, 'cost-center deletions'),
  membershipRemovals: z
    .strictObject({
      count: count.default(d.membershipRemovals.count),
      percent: percent.default(d.membershipRemovals.percent),
      perSquadPercent: percent.default(d.membershipRemovals.perSquadPercent).describe('Most of one squad\'s members removed in one run, in % (squads of 10 or more). Default 50.'),
    })
    .default({ ...d.membershipRemovals }),
  tagRemovals: limit(d.tagRemovals, 'tag deletions'),
  total: limit(d.total, 'changes of any kind'),
});

/** `sync.limits`: each limit by count and percent, defaults in src/engine/plan-inputs.ts. */
export const safetyLimitsSchema = limitsSchema.default(limitsSchema.parse({})) satisfies z.ZodType<SafetyLimits>;

const l = defaultLifecycle.leavers;
/** `sync.leavers`. */
export const leaversSchema = z
  .strictObject({
    action: z.enum(['deactivate', 'delete']).default(l.action).describe('deactivate (default): leavers stay in Deskbee, deactivated; delete: deleted deleteAfterDays after their deactivation was confirmed.'),
    deleteAfterDays: z.number().int().min(0).default(l.deleteAfterDays).describe('Days from the confirmed deactivation to the deletion. Default 30; 0 deletes on the next run.'),
    removeFromSquads: z.boolean().default(l.removeFromSquads).describe('Also take a deactivated leaver out of the squads this tool manages. Default false.'),
  })
  .default({ ...l });

/** `sync.squads`, `sync.costCenters`, `sync.tags`. */
export const deleteUnusedSchema = z
  .strictObject({ deleteUnused: z.boolean().default(false).describe('Delete those the mapping manages that no source wants any more. Default false.') })
  .default({ deleteUnused: false });

function regexList(what: string) {
  return z
    .array(z.string().min(1))
    .default([])
    .superRefine((patterns, ctx) => {
      patterns.forEach((pattern, index) => {
        try {
          new RegExp(pattern, 'i');
        } catch (error) {
          ctx.addIssue({ code: 'custom', path: [index], message: `${what} pattern "${pattern}" is not a regular expression: ${(error as Error).message}` });
        }
      });
    });
}

const p = defaultProtect;
/** `protect`: users and squads never changed, deactivated, deleted or removed from anything. */
export const protectSchema = z
  .strictObject({
    users: z
      .strictObject({
        emails: z.array(z.string().min(3)).default([]).describe('Emails, in any case.'),
        profiles: z.array(z.string().min(1)).default([...p.users.profiles]).describe('Deskbee profiles. Default [master, admin]; [] turns that off.'),
        patterns: regexList('a user').describe('Regular expressions over the email, case-insensitive.'),
        tags: z.array(z.string().min(1)).default([]).describe('Deskbee tags: a user who has one is protected.'),
      })
      .default({ emails: [], profiles: [...p.users.profiles], patterns: [], tags: [] }),
    squads: z
      .strictObject({
        names: z.array(z.string().min(1)).default([]).describe('Squad names, in any case.'),
        patterns: regexList('a squad').describe('Regular expressions over the squad name, case-insensitive.'),
      })
      .default({ names: [], patterns: [] }),
  })
  .default({ users: { emails: [], profiles: [...p.users.profiles], patterns: [], tags: [] }, squads: { names: [], patterns: [] } }) satisfies z.ZodType<ProtectRules>;

/** The lifecycle policy of a configuration's `sync` section. */
export function lifecycleOf(sync: { leavers: LifecyclePolicy['leavers']; squads: { deleteUnused: boolean }; costCenters: { deleteUnused: boolean }; tags: { deleteUnused: boolean } }): LifecyclePolicy {
  return { leavers: sync.leavers, deleteUnused: { squads: sync.squads.deleteUnused, costCenters: sync.costCenters.deleteUnused, tags: sync.tags.deleteUnused } };
}
