/**
 * Laravel-style validation of request bodies, with Laravel's messages (as of
 * Laravel 9, which the reference's samples match): all errors are collected,
 * then one 422 lists them per field. Empty strings count as null, as Laravel's
 * ConvertEmptyStringsToNull middleware does. Pure: the state is reached only
 * through {@link ReferenceLookup}.
 */
import type { FieldErrors } from '../errors.js';
import { problems } from './problems.js';

/** What validation needs to know about existing entities. `except` is the uuid being edited. */
export interface ReferenceLookup {
  emailTaken(email: string, except?: string): boolean;
  enrollmentTaken(enrollment: string, except?: string): boolean;
  squadNameTaken(name: string, except?: string): boolean;
  costCenterCodeTaken(code: string, except?: string): boolean;
  tagNameTaken(name: string, except?: string): boolean;
  userExists(uuid: string): boolean;
  squadExists(uuid: string): boolean;
  costCenterExists(uuid: string): boolean;
  tagExists(uuid: string): boolean;
}

/** A validated user body. Absent keys mean "leave as is". */
export interface UserChanges {
  name?: string;
  email?: string;
  enrollment?: string | null;
  identifier?: string | null;
  /** A squad to add the user to. */
  squad_uuid?: string;
  status?: boolean;
  is_send_mail?: boolean;
  /** Per document type: the new value, or null to remove that type. */
  documents?: Record<string, string | null>;
  /** Replaces the user's tags. */
  tags?: string[];
  /** null unlinks the cost center. */
  cost_center_uuid?: string | null;
}

export interface SquadChanges {
  name: string;
}

export interface CostCenterChanges {
  name: string;
  code: string;
  /** Absent: unchanged on edit, null on create. */
  description?: string | null;
}

export interface TagChanges {
  name: string;
  access: 'public' | 'private';
}

export interface MembershipChanges {
  squads: string[];
  users: string[];
}

type Body = Record<string, unknown>;
const maxString = 255;

/** Laravel shows `squad_uuid` as "squad uuid" in messages. */
function label(field: string): string {
  return field.replace(/_/g, ' ');
}

export const messages = {
  required: (f: string) => `The ${label(f)} field is required.`,
  string: (f: string) => `The ${label(f)} must be a string.`,
  max: (f: string, n: number) => `The ${label(f)} must not be greater than ${n} characters.`,
  email: (f: string) => `The ${label(f)} must be a valid email address.`,
  unique: (f: string) => `The ${label(f)} has already been taken.`,
  selected: (f: string) => `The selected ${label(f)} is invalid.`,
  boolean: (f: string) => `The ${label(f)} field must be true or false.`,
  array: (f: string) => `The ${label(f)} must be an array.`,
  object: (f: string) => `The ${label(f)} must be an object of key/value pairs.`,
} as const;

class Collector {
  readonly errors: FieldErrors = {};
  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }
  has(field: string): boolean {
    return field in this.errors;
  }
  throwIfAny(): void {
    if (Object.keys(this.errors).length > 0) throw problems.validation(this.errors);
  }
}

/** Empty strings become null, at any depth; a body that is not an object is an empty one. */
export function normalizeBody(raw: unknown): Body {
  const convert = (value: unknown): unknown => {
    if (value === '') return null;
    if (Array.isArray(value)) return value.map(convert);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    }
    return value;
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return {};
  return convert(raw) as Body;
}

// Laravel's RFC check accepts most things with one @ and no spaces; so do we.
const emailPattern = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\.]+(\.[^\s@"(),:;<>[\]\\.]+)*$/;

/**
 * A string field. `required`: absent or null is an error. Returns undefined
 * when absent or invalid, null when explicitly null.
 */
function readString(body: Body, field: string, errs: Collector, required: boolean): string | null | undefined {
  if (!(field in body) || body[field] === null) {
    if (required) errs.add(field, messages.required(field));
    return field in body ? null : undefined;
  }
  const value = body[field];
  if (typeof value !== 'string') {
    errs.add(field, messages.string(field));
    return undefined;
  }
  if (value.length > maxString) {
    errs.add(field, messages.max(field, maxString));
    return undefined;
  }
  return value;
}

function readBoolean(body: Body, field: string, errs: Collector): boolean | undefined {
  if (!(field in body)) return undefined;
  const value = body[field];
  if (value === true || value === 1 || value === '1') return true;
  if (value === false || value === 0 || value === '0') return false;
  errs.add(field, messages.boolean(field));
  return undefined;
}

/** An array of uuid strings, each checked by `exists`; errors go on `field.N`. */
function readUuidList(
  body: Body,
  field: string,
  errs: Collector,
  exists: (uuid: string) => boolean,
  required: boolean,
): string[] | undefined {
  const value = body[field];
  if (value === undefined || value === null || (required && Array.isArray(value) && value.length === 0)) {
    if (required) errs.add(field, messages.required(field));
    return undefined;
  }
  if (!Array.isArray(value)) {
    errs.add(field, messages.array(field));
    return undefined;
  }
  const out: string[] = [];
  value.forEach((item, i) => {
    const key = `${field}.${i}`;
    if (typeof item !== 'string') errs.add(key, item === null ? messages.required(key) : messages.string(key));
    else if (!exists(item)) errs.add(key, messages.selected(key));
    else if (!out.includes(item)) out.push(item);
  });
  return out;
}

function readDocuments(body: Body, errs: Collector): Record<string, string | null> | undefined {
  const value = body.documents;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    errs.add('documents', messages.object('documents'));
    return undefined;
  }
  const out: Record<string, string | null> = {};
  for (const [type, doc] of Object.entries(value)) {
    const key = `documents.${type}`;
    if (doc === null) out[type] = null;
    else if (typeof doc === 'string' || typeof doc === 'number') out[type] = String(doc);
    else errs.add(key, messages.string(key));
  }
  return out;
}

/** `POST /users` (mode create) and `PUT /users/{uuid}` (mode edit, `self` = its uuid). */
export function validateUser(raw: unknown, lookup: ReferenceLookup, self?: string): UserChanges {
  const body = normalizeBody(raw);
  const creating = self === undefined;
  const errs = new Collector();
  const out: UserChanges = {};

  // On edit a field may be left out, but if sent it may not be null (Laravel's sometimes|required).
  const name = readString(body, 'name', errs, creating || 'name' in body);
  if (typeof name === 'string') out.name = name;

  const email = readString(body, 'email', errs, creating || 'email' in body);
  if (typeof email === 'string') {
    if (!emailPattern.test(email)) errs.add('email', messages.email('email'));
    else if (lookup.emailTaken(email, self)) errs.add('email', messages.unique('email'));
    else out.email = email;
  }

  const enrollment = readString(body, 'enrollment', errs, false);
  if (enrollment !== undefined) {
    if (enrollment !== null && lookup.enrollmentTaken(enrollment, self)) errs.add('enrollment', messages.unique('enrollment'));
    else out.enrollment = enrollment;
  }

  const identifier = readString(body, 'identifier', errs, false);
  if (identifier !== undefined) out.identifier = identifier;

  const squad = readString(body, 'squad_uuid', errs, false);
  if (typeof squad === 'string') {
    if (!lookup.squadExists(squad)) errs.add('squad_uuid', messages.selected('squad_uuid'));
    else out.squad_uuid = squad;
  }

  const status = readBoolean(body, 'status', errs);
  if (status !== undefined) out.status = status;
  const sendMail = readBoolean(body, 'is_send_mail', errs);
  if (sendMail !== undefined) out.is_send_mail = sendMail;

  const documents = readDocuments(body, errs);
  if (documents !== undefined) out.documents = documents;

  const tags = readUuidList(body, 'tags', errs, (uuid) => lookup.tagExists(uuid), false);
  if (tags !== undefined) out.tags = tags;

  const costCenter = readString(body, 'cost_center_uuid', errs, false);
  if (costCenter !== undefined) {
    if (costCenter !== null && !lookup.costCenterExists(costCenter)) {
      errs.add('cost_center_uuid', messages.selected('cost_center_uuid'));
    } else out.cost_center_uuid = costCenter;
  }

  errs.throwIfAny();
  return out;
}

/** `POST /squads` and `PUT /squads/{uuid}`: name required and unique (case-insensitive). */
export function validateSquad(raw: unknown, lookup: ReferenceLookup, self?: string): SquadChanges {
  const body = normalizeBody(raw);
  const errs = new Collector();
  const name = readString(body, 'name', errs, true);
  if (typeof name === 'string' && lookup.squadNameTaken(name, self)) errs.add('name', messages.unique('name'));
  errs.throwIfAny();
  return { name: name as string };
}

/** Cost centers: name and code required on create and edit; code unique. */
export function validateCostCenter(raw: unknown, lookup: ReferenceLookup, self?: string): CostCenterChanges {
  const body = normalizeBody(raw);
  const errs = new Collector();
  const name = readString(body, 'name', errs, true);
  const code = readString(body, 'code', errs, true);
  if (typeof code === 'string' && lookup.costCenterCodeTaken(code, self)) errs.add('code', messages.unique('code'));
  const description = readString(body, 'description', errs, false);
  errs.throwIfAny();
  const out: CostCenterChanges = { name: name as string, code: code as string };
  if (description !== undefined) out.description = description;
  return out;
}

/** User tags: name required and unique; access `public` or `private`. */
export function validateTag(raw: unknown, lookup: ReferenceLookup): TagChanges {
  const body = normalizeBody(raw);
  const errs = new Collector();
  const name = readString(body, 'name', errs, true);
  if (typeof name === 'string' && lookup.tagNameTaken(name)) errs.add('name', messages.unique('name'));
  const access = body.access;
  if (access === undefined || access === null) errs.add('access', messages.required('access'));
  else if (access !== 'public' && access !== 'private') errs.add('access', messages.selected('access'));
  errs.throwIfAny();
  return { name: name as string, access: access as 'public' | 'private' };
}

/** `{squads:[uuid], users:[uuid]}`: both required, non-empty, every uuid known. */
export function validateMembership(raw: unknown, lookup: ReferenceLookup): MembershipChanges {
  const body = normalizeBody(raw);
  const errs = new Collector();
  const squads = readUuidList(body, 'squads', errs, (u) => lookup.squadExists(u), true);
  const users = readUuidList(body, 'users', errs, (u) => lookup.userExists(u), true);
  errs.throwIfAny();
  return { squads: squads ?? [], users: users ?? [] };
}
