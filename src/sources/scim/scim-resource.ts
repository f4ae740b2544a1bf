/**
 * One SCIM resource (RFC 7643) as read: whether it is a User or a Group, its
 * id, and the flat attributes its entry carries beside the whole document.
 */
import type { AttributeValue, JsonValue } from '../source.js';

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

export const userSchema = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const groupSchema = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const enterpriseSchema = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const listResponseSchema = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/**
 * Text that every Group resource holds, in its `schemas` or its
 * `meta.resourceType`: a record without it is no Group, so its membership
 * need not be read before the people (see scim-file-reader.ts).
 */
export const mayBeGroup = /core:2\.0:group"|"resourcetype"\s*:\s*"group"/i;

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property by name, exact first, then in any case (SCIM names are case-insensitive). */
export function get(object: JsonObject, name: string): JsonValue | undefined {
  if (Object.hasOwn(object, name)) return object[name];
  // Most lookups that miss are for attributes the resource lacks: compare lengths before lower-casing.
  let lower: string | undefined;
  for (const key of Object.keys(object)) {
    if (key.length !== name.length) continue;
    lower ??= name.toLowerCase();
    if (key.toLowerCase() === lower) return object[key];
  }
  return undefined;
}

/** What a resource is, or why it cannot be used. */
export type Classified = { type: 'User' | 'Group'; id: string; resource: JsonObject } | { problem: string };

function listsSchema(resource: JsonObject, schema: string): boolean {
  const schemas = get(resource, 'schemas');
  return Array.isArray(schemas) && schemas.some((s) => typeof s === 'string' && s.toLowerCase() === schema.toLowerCase());
}

/**
 * Tells a User from a Group by `meta.resourceType`, else by `schemas`;
 * `expected` is the endpoint a page came from, used when neither says.
 */
export function classify(value: JsonValue, expected?: 'User' | 'Group'): Classified {
  if (!isObject(value)) return { problem: `is ${Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`}, not a SCIM resource (a JSON object)` };
  const meta = get(value, 'meta');
  const declared = isObject(meta) ? get(meta, 'resourceType') : undefined;
  let type: 'User' | 'Group' | undefined;
  if (typeof declared === 'string') {
    const lower = declared.toLowerCase();
    if (lower === 'user' || lower === 'group') type = lower === 'user' ? 'User' : 'Group';
    else return { problem: `is a ${declared} resource (meta.resourceType); only Users and Groups are read` };
  } else if (listsSchema(value, userSchema)) type = 'User';
  else if (listsSchema(value, groupSchema)) type = 'Group';
  else type = expected;
  if (type === undefined) {
    return { problem: `is neither a User nor a Group: its schemas list neither ${userSchema} nor ${groupSchema}, and it has no meta.resourceType` };
  }
  const id = get(value, 'id');
  if (typeof id !== 'string' || id.trim() === '') {
    return { problem: `is a ${type} without an id (${id === undefined ? 'missing' : `id is ${JSON.stringify(id)}`}), so it cannot be followed from one run to the next; it is left out` };
  }
  return { type, id, resource: value };
}

/** Text of a scalar; undefined for null, objects and lists. */
function text(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The values of a multi-valued attribute (a list, or one value written alone). */
function many(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** `sub` of every value of `values`. */
function subValues(values: JsonValue[], sub: string, keep: (item: JsonObject) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const item of values) {
    if (!isObject(item) || !keep(item)) continue;
    const value = text(get(item, sub));
    if (value !== undefined) out.push(value);
  }
  return out;
}

function put(attributes: Record<string, AttributeValue[]>, name: string, values: (string | undefined)[]): void {
  const present = values.filter((v): v is string => v !== undefined);
  if (present.length > 0) attributes[name] = present;
}

const isPrimary = (item: JsonObject) => get(item, 'primary') === true;
const ofType = (type: string) => (item: JsonObject) => text(get(item, 'type'))?.toLowerCase() === type;

/**
 * The flat attributes of a User (see src/sources/scim/README.md): core
 * attributes by their names, sub-attributes dotted (`name.givenName`), the
 * enterprise extension's attributes by their bare names (`employeeNumber`),
 * `emails` / `emails.work` / `emails.primary`, and `groups` (display names)
 * / `groups.value` (ids) from the resource's `groups` as the source completed it.
 */
export function userAttributes(user: JsonObject): Record<string, AttributeValue[]> {
  const attributes: Record<string, AttributeValue[]> = {};
  const of = (key: string) => get(user, key);
  for (const name of ['id', 'externalId', 'userName', 'displayName', 'nickName', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone', 'active']) {
    put(attributes, name, [text(of(name))]);
  }
  const name = of('name');
  if (isObject(name)) {
    for (const sub of ['formatted', 'givenName', 'familyName', 'middleName', 'honorificPrefix', 'honorificSuffix']) put(attributes, `name.${sub}`, [text(get(name, sub))]);
  }
  const emails = many(of('emails'));
  put(attributes, 'emails', subValues(emails, 'value'));
  put(attributes, 'emails.work', subValues(emails, 'value', ofType('work')));
  put(attributes, 'emails.primary', subValues(emails, 'value', isPrimary));
  const enterprise = of(enterpriseSchema);
  if (isObject(enterprise)) {
    for (const sub of ['employeeNumber', 'costCenter', 'organization', 'division', 'department']) put(attributes, sub, [text(get(enterprise, sub))]);
    const manager = get(enterprise, 'manager');
    if (isObject(manager)) {
      put(attributes, 'manager.value', [text(get(manager, 'value'))]);
      put(attributes, 'manager.displayName', [text(get(manager, 'displayName'))]);
    }
  }
  const groups = many(of('groups'));
  put(attributes, 'groups', subValues(groups, 'display'));
  put(attributes, 'groups.value', subValues(groups, 'value'));
  return attributes;
}

/** The flat attributes of a Group: `id`, `externalId`, `displayName`, `members` (member ids) and `members.display`. */
export function groupAttributes(group: JsonObject): Record<string, AttributeValue[]> {
  const attributes: Record<string, AttributeValue[]> = {};
  const of = (key: string) => get(group, key);
  for (const name of ['id', 'externalId', 'displayName']) put(attributes, name, [text(of(name))]);
  const members = many(of('members'));
  put(attributes, 'members', subValues(members, 'value'));
  put(attributes, 'members.display', subValues(members, 'display'));
  return attributes;
}
