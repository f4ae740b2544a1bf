/**
 * The merge stage (DESIGN.md "Merge"): every source's mapped people become
 * one desired state. The same person is recognised across sources by the
 * join field; each field is taken from the first source in that field's
 * precedence that has a value, and where it came from is kept. A person is
 * identified (and linked) by the first source owning people that has them.
 * Pure: no I/O.
 */
import { linkKey, type DesiredUser, type ManagedScope, type SquadRecord, type TagRecord, type UserField, type CostCenterRecord } from '../model/directory.js';
import type { EntryIssue } from '../sources/source.js';
import type { MappedSource, MergeResult, MergeRules, SourceAccount } from './merge-types.js';

/** Fields taken one by one from the sources (identity fields come from the identifying source). */
const mergedFields: UserField[] = ['name', 'email', 'enrollment', 'identifier', 'status', 'squads', 'costCenter', 'tags', 'documents'];

/** Whether a source gives a value for a field: set, not empty. */
function hasValue(user: DesiredUser, field: UserField): boolean {
  const value = (user as unknown as Record<string, unknown>)[field];
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function joinValue(user: DesiredUser, join: MergeRules['join']): string | undefined {
  const value = user[join];
  if (!value) return undefined;
  return join === 'email' ? value.toLowerCase() : value;
}

/** One source's people, by join value; people without one, or sharing one, are left out with an issue. */
function indexSource(source: MappedSource, rules: MergeRules, issues: EntryIssue[], leftOut: string[]): Map<string, DesiredUser> {
  const byJoin = new Map<string, DesiredUser>();
  const twice = new Set<string>();
  for (const user of source.mapped.state.users) {
    const key = joinValue(user, rules.join);
    if (key === undefined) {
      issues.push({ origin: `${source.name} (${user.origin})`, field: rules.join, message: `has no ${rules.join}, which the merge joins on: left out` });
      leftOut.push(linkKey(source.name, user.externalId));
      continue;
    }
    const other = byJoin.get(key);
    if (other) {
      twice.add(key);
      issues.push({ origin: `${source.name} (${user.origin})`, field: rules.join, message: `has the same ${rules.join} as ${other.origin}: both left out` });
      leftOut.push(linkKey(source.name, user.externalId));
    } else byJoin.set(key, user);
  }
  for (const key of twice) {
    const user = byJoin.get(key)!;
    leftOut.push(linkKey(source.name, user.externalId));
    byJoin.delete(key);
  }
  return byJoin;
}

export function mergePeople(sources: MappedSource[], rules: MergeRules): MergeResult {
  const issues: EntryIssue[] = [];
  const leftOutUsers: string[] = [];
  const leftOutGroups: string[] = [];
  const single = sources.length === 1;
  // With several sources an issue names its source; one source's issues read as its own.
  const located = (source: string, issue: EntryIssue) => (single ? issue : { ...issue, origin: `${source} (${issue.origin})` });
  for (const source of sources) {
    // A group's key belongs to the configured source (links are kept under its name, whatever the mapping calls it).
    for (const squad of source.mapped.state.squads) if (squad.externalId !== undefined) squad.source = source.name;
    for (const id of source.mapped.leftOut.users) leftOutUsers.push(linkKey(source.name, id));
    for (const id of source.mapped.leftOut.groups) leftOutGroups.push(linkKey(source.name, id));
    for (const issue of source.summary.issues) issues.push(located(source.name, issue));
    for (const issue of source.mapped.issues) issues.push(located(source.name, issue));
  }
  const indexes = new Map(sources.map((source) => [source.name, single ? byExternalId(source) : indexSource(source, rules, issues, leftOutUsers)]));
  const accounts = new Map<string, SourceAccount>(sources.map((s) => [s.name, account(s)]));
  const joinKeys = new Set<string>();
  for (const source of sources) for (const key of indexes.get(source.name)!.keys()) joinKeys.add(key);

  const users: DesiredUser[] = [];
  for (const key of joinKeys) {
    const present = sources.filter((s) => indexes.get(s.name)!.has(key)).map((s) => s.name);
    const owner = rules.order.find((name) => rules.owners.includes(name) && present.includes(name));
    if (!owner && rules.secondaryOnly !== 'create') {
      for (const name of present) accounts.get(name)!.notTaken += 1;
      if (rules.secondaryOnly === 'report') {
        const first = indexes.get(present[0]!)!.get(key)!;
        issues.push({ origin: `${present[0]} (${first.origin})`, message: `is only in ${present.join(', ')}, none of which owns people (merge.owners: ${rules.owners.join(', ')}): not taken` });
      }
      continue;
    }
    users.push(single ? indexes.get(present[0]!)!.get(key)! : mergeOne(key, owner ?? present[0]!, present, indexes, sources, rules));
  }

  return {
    state: {
      source: sources.map((s) => s.name).join('+'),
      users,
      squads: unionBy(sources.map((s) => s.mapped.state.squads), (squad: SquadRecord) => squad.name.trim().toLowerCase()),
      costCenters: unionBy(sources.map((s) => s.mapped.state.costCenters), (cc: CostCenterRecord) => cc.code),
      tags: unionBy(sources.map((s) => s.mapped.state.tags), (tag: TagRecord) => tag.name.trim().toLowerCase()),
      managed: mergedScope(sources, rules),
    },
    leftOut: { users: leftOutUsers, groups: leftOutGroups },
    issues,
    accounts: [...accounts.values()],
  };
}

function mergeOne(key: string, identity: string, present: string[], indexes: Map<string, Map<string, DesiredUser>>, sources: MappedSource[], rules: MergeRules): DesiredUser {
  const base = indexes.get(identity)!.get(key)!;
  const merged: DesiredUser = { ...base, source: identity, sources: present };
  const origins: Partial<Record<UserField, string>> = {};
  const keep: UserField[] = [];
  for (const field of mergedFields) {
    const managing = (rules.fields[field] ?? rules.order).filter((name) => managesField(sources, name, field));
    if (managing.length === 0) continue;
    const from = managing.find((name) => {
      const user = indexes.get(name)?.get(key);
      return user !== undefined && hasValue(user, field);
    });
    const withPerson = managing.find((name) => indexes.get(name)?.has(key));
    const chosen = from ?? withPerson;
    if (!chosen) {
      // No source that manages this field has the person: leave Deskbee's value alone.
      keep.push(field);
      continue;
    }
    const user = indexes.get(chosen)!.get(key)!;
    (merged as unknown as Record<string, unknown>)[field] = (user as unknown as Record<string, unknown>)[field];
    if (chosen !== identity) origins[field] = `${chosen} (${user.origin})`;
  }
  if (Object.keys(origins).length > 0) merged.origins = origins;
  if (keep.length > 0) merged.keep = keep;
  return merged;
}

function managesField(sources: MappedSource[], name: string, field: UserField): boolean {
  return sources.find((s) => s.name === name)?.mapped.state.managed.fields.includes(field) ?? false;
}

/** One source alone: its people as they are, keyed by external id (the mapping refused duplicates already). */
function byExternalId(source: MappedSource): Map<string, DesiredUser> {
  const byId = new Map<string, DesiredUser>();
  for (const user of source.mapped.state.users) {
    // The mapping made these records for this merge: named by the configured source, not copied.
    user.source = source.name;
    byId.set(user.externalId, user);
  }
  return byId;
}

function account(source: MappedSource): SourceAccount {
  const { entries } = source.mapped;
  return { name: source.name, people: entries.people + source.summary.issues.length, leftOut: entries.peopleLeftOut + source.summary.issues.length, notTaken: 0 };
}

function unionBy<T>(lists: T[][], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const list of lists) for (const item of list) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/** Fields any source manages; squads and tags as the first source (by their precedence) managing them says. */
function mergedScope(sources: MappedSource[], rules: MergeRules): ManagedScope {
  const fields = new Set<UserField>();
  for (const source of sources) for (const field of source.mapped.state.managed.fields) fields.add(field);
  const scopeOf = (field: UserField) =>
    sources.find((s) => s.name === (rules.fields[field] ?? rules.order).find((name) => managesField(sources, name, field)))?.mapped.state.managed ?? sources[0]!.mapped.state.managed;
  return { fields: [...fields], squads: scopeOf('squads').squads, tags: scopeOf('tags').tags };
}
