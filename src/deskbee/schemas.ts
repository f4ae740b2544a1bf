/**
 * The shapes of Deskbee's resources on the wire, as zod schemas. Lenient on
 * input: unknown fields pass through, numbers and booleans that Deskbee sends
 * as strings are accepted, optional fields may be absent or null. The
 * emulator produces exactly these shapes; the client parses them.
 */
import { z } from 'zod';

/** `"3600"` or `3600`; `"true"`, `1` or `true`. */
const lenientNumber = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
const lenientBoolean = z.union([
  z.boolean(),
  z.number().transform((n) => n !== 0),
  z.enum(['true', 'false', '1', '0']).transform((s) => s === 'true' || s === '1'),
]);
const optionalString = z.string().nullish().transform((s) => s ?? null);

export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: lenientNumber.optional(),
  /** The granted scopes, space-separated, when the server says (RFC 6749 5.1). */
  scope: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const squadSchema = z.looseObject({
  uuid: z.string().min(1),
  name: z.string(),
  is_checkin_home_office: lenientBoolean.optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type Squad = z.infer<typeof squadSchema>;

export const userTagSchema = z.looseObject({
  uuid: z.string().min(1),
  name: z.string(),
  access: z.string().optional(),
});
export type UserTag = z.infer<typeof userTagSchema>;

export const costCenterSchema = z.looseObject({
  uuid: z.string().min(1),
  name: z.string(),
  code: z.string().nullish().transform((s) => s ?? ''),
  description: optionalString,
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type CostCenter = z.infer<typeof costCenterSchema>;

export const userDocumentSchema = z.looseObject({
  type: z.string(),
  doc: z.string().nullish().transform((s) => s ?? ''),
  is_verified: lenientBoolean.optional(),
});

export const userSchema = z.looseObject({
  uuid: z.string().min(1),
  name: z.string().nullish().transform((s) => s ?? ''),
  name_display: optionalString.optional(),
  email: z.string(),
  /** Absent means not shown (unknown); null means none. */
  enrollment: z.string().nullish(),
  /** Not shown in Deskbee's examples; absent means unknown, not empty. */
  identifier: z.string().nullish(),
  source: z.string().optional(),
  access_type: z.string().nullish(),
  profile: z.string().optional(),
  status: lenientBoolean,
  locale: z.looseObject({ timezone: z.string().nullish(), language: z.string().nullish() }).nullish(),
  person: z
    .looseObject({ uuid: z.string().optional(), documents: z.array(userDocumentSchema).nullish() })
    .nullish(),
  /** Present only with `include=squads`. */
  squads: z.array(squadSchema).optional(),
  /** Not shown in Deskbee's examples; absent means unknown, not empty. */
  tags: z.array(z.union([z.string(), userTagSchema])).nullish(),
  /** Not shown in Deskbee's examples; absent means unknown. */
  cost_center: costCenterSchema.partial().extend({ uuid: z.string() }).nullish(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type DeskbeeUser = z.infer<typeof userSchema>;

/** `links` of a cursor page: `next` absent or null on the last page. */
export const pageLinksSchema = z
  .looseObject({ next: z.string().nullish(), prev: z.string().nullish() })
  .nullish();

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    data: z.array(item),
    links: pageLinksSchema,
    meta: z.looseObject({ per_page: lenientNumber.optional(), path: z.string().optional() }).nullish(),
  });
}

export function dataSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ data: item });
}

/** Deskbee's error body: `{error, id, message, errors}`. */
export const errorBodySchema = z.looseObject({
  error: lenientNumber.optional(),
  id: z.string().optional(),
  message: z.string().optional(),
  errors: z.union([z.record(z.string(), z.union([z.array(z.string()), z.string()])), z.array(z.string())]).nullish(),
});

/** Body of `POST /users` and `PUT /users/{uuid}`. All optional on edit. */
export interface UserInput {
  name?: string;
  email?: string;
  enrollment?: string | null;
  identifier?: string | null;
  /** Create only: the one squad a new user starts in; more go through membership calls. */
  squad_uuid?: string;
  status?: boolean;
  is_send_mail?: boolean;
  /** Free-form key/value documents (badge numbers, ids for access control). */
  documents?: Record<string, string>;
  /** Tag uuids; replaces the user's tags. */
  tags?: string[];
  /** Cost center uuid. Deskbee's reference does not name this field: a guess kept in one place. */
  cost_center_uuid?: string | null;
}

export interface SquadInput {
  name: string;
}

export interface CostCenterInput {
  name: string;
  code: string;
  description?: string | null;
}

export interface UserTagInput {
  name: string;
  access: 'public' | 'private';
}

/** Body of the bulk membership calls: every listed user in every listed squad. */
export interface MembershipInput {
  squads: string[];
  users: string[];
}
