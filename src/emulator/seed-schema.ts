/**
 * The emulator's seed format: plain JSON naming squads, cost centers, user
 * tags and users (with their memberships). `snapshot()` produces the same
 * format with every field filled in, so a snapshot can be seeded back.
 * Users may refer to squads and tags by uuid or name, and to a cost center by
 * uuid or code. Example: test/fixtures/emulator/seed-example.json.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError } from '../errors.js';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date');

export const seedSquadSchema = z.strictObject({
  /** Generated when absent. */
  uuid: z.string().min(1).optional(),
  name: z.string().min(1),
  /** Default false. */
  is_checkin_home_office: z.boolean().optional(),
  created_at: isoDate.optional(),
  updated_at: isoDate.optional(),
});

export const seedCostCenterSchema = z.strictObject({
  uuid: z.string().min(1).optional(),
  name: z.string().min(1),
  code: z.string().min(1),
  description: z.string().nullable().optional(),
  created_at: isoDate.optional(),
  updated_at: isoDate.optional(),
});

export const seedTagSchema = z.strictObject({
  uuid: z.string().min(1).optional(),
  name: z.string().min(1),
  /** Default `public`. */
  access: z.enum(['public', 'private']).optional(),
  created_at: isoDate.optional(),
  updated_at: isoDate.optional(),
});

const seedDocumentSchema = z.strictObject({
  type: z.string().min(1),
  doc: z.string(),
  /** Default false. */
  is_verified: z.boolean().optional(),
});

export const seedUserSchema = z.strictObject({
  uuid: z.string().min(1).optional(),
  name: z.string().min(1),
  email: z.string().min(3),
  enrollment: z.string().min(1).nullable().optional(),
  identifier: z.string().min(1).nullable().optional(),
  /** Default true (active). */
  status: z.boolean().optional(),
  /** Default `employee`. */
  profile: z.enum(['employee', 'assistant', 'manager', 'admin', 'master']).optional(),
  /** Default `api_client`; users made in the panel have `user_password`. */
  source: z.string().min(1).optional(),
  /** Default null. */
  access_type: z.string().nullable().optional(),
  /** Default the emulator's account locale (America/Sao_Paulo, pt_BR). */
  locale: z.strictObject({ timezone: z.string().nullable(), language: z.string().nullable() }).optional(),
  /** Generated when absent. */
  person_uuid: z.string().min(1).optional(),
  /** `{type: doc}` (unverified), or the wire form `[{type, doc, is_verified}]`. */
  documents: z.union([z.record(z.string(), z.string()), z.array(seedDocumentSchema)]).optional(),
  /** Tag uuids or names. */
  tags: z.array(z.string().min(1)).optional(),
  /** Cost-center uuid or code; null or absent for none. */
  cost_center: z.string().min(1).nullable().optional(),
  /** Squad uuids or names: the user's memberships. */
  squads: z.array(z.string().min(1)).optional(),
  created_at: isoDate.optional(),
  updated_at: isoDate.optional(),
});

/** The whole seed; every list is optional. */
export const seedDataSchema = z.strictObject({
  squads: z.array(seedSquadSchema).optional(),
  cost_centers: z.array(seedCostCenterSchema).optional(),
  tags: z.array(seedTagSchema).optional(),
  users: z.array(seedUserSchema).optional(),
});

export type SeedSquad = z.infer<typeof seedSquadSchema>;
export type SeedCostCenter = z.infer<typeof seedCostCenterSchema>;
export type SeedTag = z.infer<typeof seedTagSchema>;
export type SeedUser = z.infer<typeof seedUserSchema>;
export type SeedData = z.infer<typeof seedDataSchema>;

/** `replace` (default) empties the state first; `merge` adds to what is there. */
export type SeedMode = 'replace' | 'merge';

/** Checks a seed object; the error names the offending path. */
export function parseSeedData(raw: unknown, origin = 'emulator seed'): SeedData {
  const result = seedDataSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new ConfigError(
    `the emulator seed does not match the seed format (${issues}). The format is described in src/emulator/README.md, with an example in test/fixtures/emulator/seed-example.json.`,
    origin,
  );
}

/** Reads and checks a seed file (JSON). */
export async function loadSeedFile(path: string): Promise<SeedData> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read the emulator seed file (${(cause as Error).message}); check the path.`, path);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`the emulator seed file is not valid JSON (${(cause as Error).message}).`, path);
  }
  return parseSeedData(raw, path);
}
