/**
 * The deskbird emulator's seed format: a company's users and groups, given
 * one by one or generated (N users, M groups, deterministic by seed). The
 * state's snapshot is in the same format, so it seeds back to the same state.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError } from '../../errors.js';

/** User roles (a guess: deskbird's product speaks of admins, office managers, group managers and users). */
export const deskbirdRoles = ['admin', 'officeManager', 'groupManager', 'user'] as const;
export type DeskbirdRole = (typeof deskbirdRoles)[number];

const timestamp = z.iso.datetime({ offset: true });

export const deskbirdSeedUserSchema = z.strictObject({
  /** Default: a generated uuid. */
  id: z.string().min(1).optional(),
  firstName: z.string(),
  lastName: z.string(),
  /** Unique in the company, in any case. */
  email: z.email(),
  /** Default `user`. */
  role: z.enum(deskbirdRoles).default('user'),
  /** Default null. */
  primaryOfficeId: z.string().min(1).nullable().default(null),
  /** Default: when seeded. */
  createdAt: timestamp.optional(),
  /** Default: `createdAt`. */
  updatedAt: timestamp.optional(),
});

export const deskbirdSeedGroupSchema = z.strictObject({
  /** Default: a generated uuid. */
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  /** Default null. */
  description: z.string().nullable().default(null),
  /** The members, each by user id or email. Default: none. */
  members: z.array(z.string().min(1)).default([]),
  createdAt: timestamp.optional(),
  updatedAt: timestamp.optional(),
});

/** Generated users and groups, placed before the listed ones. */
export const deskbirdGenerateSchema = z.strictObject({
  users: z.number().int().min(0).max(1_000_000),
  groups: z.number().int().min(0).max(100_000).default(0),
  /** Same seed, same users, groups and memberships. Default 1. */
  seed: z.union([z.number(), z.string()]).default(1),
  /** Most groups one user is in (each user is in 0 to this many, drawn at random). Default 2. */
  groupsPerUser: z.number().int().min(0).max(50).default(2),
});

export const deskbirdSeedSchema = z.strictObject({
  /** The company every user belongs to. Default `1001`, or the current one when merging. */
  companyId: z.string().min(1).optional(),
  generate: deskbirdGenerateSchema.optional(),
  users: z.array(deskbirdSeedUserSchema).default([]),
  groups: z.array(deskbirdSeedGroupSchema).default([]),
});

export type DeskbirdSeedUser = z.output<typeof deskbirdSeedUserSchema>;
export type DeskbirdSeedGroup = z.output<typeof deskbirdSeedGroupSchema>;
export type DeskbirdGenerateSpec = z.input<typeof deskbirdGenerateSchema>;
/** Seed data as written (defaults not applied). */
export type DeskbirdSeedInput = z.input<typeof deskbirdSeedSchema>;
/** Seed data checked, defaults applied. */
export type DeskbirdSeed = z.output<typeof deskbirdSeedSchema>;

/** Checks seed data; the error names the offending path. */
export function parseDeskbirdSeed(raw: unknown, origin = 'deskbird emulator seed'): DeskbirdSeed {
  const result = deskbirdSeedSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new ConfigError(`the seed does not match the deskbird emulator's seed format (${issues}); src/emulator/deskbird/README.md describes it.`, origin);
}

/** Reads and checks a seed file (JSON). */
export async function loadDeskbirdSeedFile(path: string): Promise<DeskbirdSeed> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read the deskbird emulator seed file (${(cause as Error).message}); check the path.`, path);
  }
  try {
    return parseDeskbirdSeed(JSON.parse(text) as unknown, path);
  } catch (cause) {
    if (cause instanceof SyntaxError) throw new ConfigError(`the deskbird emulator seed file is not valid JSON (${cause.message}).`, path);
    throw cause;
  }
}
