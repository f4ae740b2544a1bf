/**
 * From classified resources to raw entries and issues, the same for files
 * and service providers.
 */
import type { EntryIssue, JsonValue, RawEntry } from '../source.js';
import type { GroupMemberships } from './scim-memberships.js';
import { classify, groupAttributes, userAttributes } from './scim-resource.js';

/** Where a resource was read. */
export interface ResourcePlace {
  /** For an entry: `users.ndjson line 12`, `export.json#/Resources/3`, the resource's URL. */
  origin: string;
  /** For an issue, when it differs from `origin` (a page's JSON pointer rather than the resource's URL, which needs the id). */
  issueOrigin?: string;
  line?: number;
}

/** The entry of a usable resource, or the issue that leaves it out. */
export type Converted = { entry: RawEntry } | { issue: EntryIssue };

/**
 * Makes the entry of one resource. A User's `groups` is first completed from
 * the Group resources' members (`memberships`), so that its document and its
 * `groups` attribute both name every group that lists it.
 */
export function toEntry(
  value: JsonValue,
  place: ResourcePlace | ((id: string | undefined) => ResourcePlace),
  memberships: GroupMemberships,
  expected?: 'User' | 'Group',
): Converted {
  const classified = classify(value, expected);
  if ('problem' in classified) {
    const where = typeof place === 'function' ? place(undefined) : place;
    return { issue: { origin: where.issueOrigin ?? where.origin, line: where.line, message: `the resource ${classified.problem}` } };
  }
  const { type, id, resource } = classified;
  if (expected !== undefined && type !== expected) {
    const where = typeof place === 'function' ? place(undefined) : place;
    return { issue: { origin: where.issueOrigin ?? where.origin, line: where.line, message: `the resource is a ${type} (id ${JSON.stringify(id)}) among the ${expected}s; it is left out` } };
  }
  const where = typeof place === 'function' ? place(id) : place;
  const base = { origin: where.origin, ...(where.line === undefined ? {} : { line: where.line }), document: resource };
  if (type === 'Group') return { entry: { kind: 'group', attributes: groupAttributes(resource), ...base } };
  memberships.complete(resource, id);
  return { entry: { kind: 'person', attributes: userAttributes(resource), ...base } };
}
