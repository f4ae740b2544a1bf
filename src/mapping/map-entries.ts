/**
 * The map stage: raw entries of one source → the desired state. Pure: no
 * I/O, no clock; the same entries and mapping always give the same result.
 */
import type { CostCenterRecord, DesiredUser, SquadRecord } from '../model/directory.js';
import type { EntryIssue, RawEntry } from '../sources/source.js';
import { compileMapping, type CompiledMapping } from './compiled-mapping.js';
import { CostCenterVotes } from './cost-center-votes.js';
import { PathCoverage, type KeyedExpression } from './document-path-coverage.js';
import { findConflicts } from './entry-conflicts.js';
import { mapGroup, type GroupCandidate } from './group-mapper.js';
import type { MapResult, MappingWarning } from './map-result.js';
import type { Mapping } from './mapping-schema.js';
import { mapPerson, type PersonCandidate } from './person-mapper.js';
import { InternedStrings } from '../model/interned-strings.js';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Accumulates entries one at a time, so an async source is never held twice in memory. */
class MappingRun {
  private readonly persons: PersonCandidate[] = [];
  private readonly groups: GroupCandidate[] = [];
  private readonly personAttributes = new Set<string>();
  private readonly groupAttributes = new Set<string>();
  private ignoredGroups = 0;
  private readonly personPaths: PathCoverage;
  private readonly groupPaths: PathCoverage;
  /** One string for each squad, tag and cost center name, however many people have it. */
  private readonly names = new InternedStrings();
  /** Each cost-center code's records, one per name and description read with it. */
  private readonly costCenters = new Map<string, CostCenterRecord[]>();

  constructor(private readonly compiled: CompiledMapping) {
    this.personPaths = new PathCoverage(personExpressions(compiled));
    this.groupPaths = new PathCoverage(groupExpressions(compiled));
  }

  add(entry: RawEntry): void {
    const isGroup = entry.kind === 'group';
    const seen = isGroup ? this.groupAttributes : this.personAttributes;
    for (const name of Object.keys(entry.attributes)) seen.add(name.toLowerCase());
    (isGroup ? this.groupPaths : this.personPaths).see(entry);
    if (!isGroup) this.persons.push(this.shared(mapPerson(this.compiled, entry)));
    else if (this.compiled.groups) this.groups.push(mapGroup(this.compiled.groups, entry));
    else this.ignoredGroups += 1;
  }

  /**
   * The person with what many people repeat shared: one string for each
   * squad, tag and cost-center name, one record for each cost center read
   * the same way.
   */
  private shared(person: PersonCandidate): PersonCandidate {
    for (const list of [person.squads, person.tags]) for (let i = 0; i < list.length; i += 1) list[i] = this.names.of(list[i]!);
    if (person.user?.costCenter) person.user.costCenter = this.names.of(person.user.costCenter);
    if (person.costCenter) person.costCenter = this.costCenterRecord(person.costCenter);
    return person;
  }

  private costCenterRecord(record: CostCenterRecord): CostCenterRecord {
    const variants = this.costCenters.get(record.code) ?? [];
    const same = variants.find((v) => v.name === record.name && v.description === record.description);
    if (same) return same;
    const kept = { code: this.names.of(record.code), name: this.names.of(record.name), description: record.description === null ? null : this.names.of(record.description) };
    variants.push(kept);
    this.costCenters.set(record.code, variants);
    return kept;
  }

  finish(): MapResult {
    const issues: EntryIssue[] = [];
    const warnings: MappingWarning[] = [
      ...this.attributeWarnings(),
      ...this.personPaths.warnings('person', this.persons.length),
      ...this.groupPaths.warnings('group', this.groups.length),
    ];
    if (this.ignoredGroups > 0) {
      warnings.push({
        message: `${this.ignoredGroups} group entr${this.ignoredGroups === 1 ? 'y was' : 'ies were'} ignored: the mapping has no groups section`,
      });
    }

    const users = this.settleUsers(issues);
    const squads = this.settleGroups(issues);

    // Entries left out still name their squads, tags and cost center: a bad
    // row must not make any of them look unwanted.
    const votes = new CostCenterVotes();
    const squadNames = new Set<string>();
    const tagNames = new Set<string>();
    for (const p of this.persons) {
      p.squads.forEach((s) => squadNames.add(s));
      p.tags.forEach((t) => tagNames.add(t));
      if (p.costCenter) votes.add(p.costCenter, p);
    }
    // Only squads that group entries define (not those a person merely names) belong to `managed.squads: groups`.
    const groupSquadNames = [...squads.values()].map((squad) => squad.name).sort(byText);
    for (const name of squadNames) if (!squads.has(name)) squads.set(name, { name });
    const { costCenters, warnings: ccWarnings } = votes.settle();
    for (const warning of ccWarnings) warnings.push(warning);

    const m = this.compiled.mapping;
    return {
      state: {
        source: m.source,
        users: users.accepted,
        squads: [...squads.values()].sort((a, b) => byText(a.name, b.name)),
        costCenters,
        tags: [...tagNames].sort(byText).map((name) => ({ name, access: m.tagAccess })),
        managed: m.managed.squads === 'groups' ? { ...this.compiled.managed, squads: { kind: 'names', names: groupSquadNames } } : this.compiled.managed,
      },
      issues,
      warnings,
      leftOut: { users: users.leftOut, groups: squads.leftOut },
      entries: { people: this.persons.length, peopleLeftOut: users.leftOutEntries, groups: this.groups.length, groupsLeftOut: squads.leftOutEntries },
    };
  }

  private settleUsers(issues: EntryIssue[]): { accepted: DesiredUser[]; leftOut: string[]; leftOutEntries: number } {
    const conflicts = [
      findConflicts(this.persons, (p) => p.externalId, 'externalId', 'external id'),
      findConflicts(this.persons, (p) => p.email, 'email', 'email'),
      findConflicts(this.persons, (p) => p.enrollment, 'enrollment', 'enrollment'),
    ];
    const accepted: DesiredUser[] = [];
    const leftOut = new Set<string>();
    let leftOutEntries = 0;
    for (const p of this.persons) {
      const mine = [...p.issues, ...conflicts.flatMap((c) => c.get(p) ?? [])];
      if (mine.length === 0 && p.user) accepted.push(p.user);
      else {
        leftOutEntries += 1;
        for (const issue of mine) issues.push(issue);
        if (p.externalId !== undefined) leftOut.add(p.externalId);
      }
    }
    return { accepted, leftOut: [...leftOut].sort(byText), leftOutEntries };
  }

  private settleGroups(issues: EntryIssue[]): Map<string, SquadRecord> & { leftOut: string[]; leftOutEntries: number } {
    const conflicts = [
      findConflicts(this.groups, (g) => g.externalId, 'groups.externalId', 'group external id'),
      findConflicts(this.groups, (g) => g.name, 'groups.name', 'squad name'),
    ];
    const squads = new Map<string, SquadRecord>();
    const leftOut = new Set<string>();
    let leftOutEntries = 0;
    for (const g of this.groups) {
      const mine = [...g.issues, ...conflicts.flatMap((c) => c.get(g) ?? [])];
      if (mine.length === 0 && g.name !== undefined && g.externalId !== undefined) {
        squads.set(g.name, { name: g.name, externalId: g.externalId, source: this.compiled.mapping.source });
      } else {
        leftOutEntries += 1;
        for (const issue of mine) issues.push(issue);
        if (g.externalId !== undefined) leftOut.add(g.externalId);
      }
    }
    // A group left out still names its squad (without an external id), for the same reason as users' squads.
    for (const g of this.groups) if (g.name !== undefined && !squads.has(g.name)) squads.set(g.name, { name: g.name });
    return Object.assign(squads, { leftOut: [...leftOut].sort(byText), leftOutEntries });
  }

  /** An attribute that no entry has is almost always a misspelt column. */
  private *attributeWarnings(): Iterable<MappingWarning> {
    const person = personExpressions(this.compiled);
    const group = groupExpressions(this.compiled);
    const sets: [typeof person, Set<string>, number, string][] = [
      [person, this.personAttributes, this.persons.length, 'person'],
      [group, this.groupAttributes, this.groups.length, 'group'],
    ];
    for (const [exprs, seen, count, kind] of sets) {
      if (count === 0) continue;
      for (const [key, expr] of exprs) {
        for (const attribute of expr?.attributes ?? []) {
          if (seen.has(attribute.toLowerCase())) continue;
          yield {
            field: key,
            message: `no ${kind} entry has the attribute '${attribute}' (${key}; ${count} read); check its spelling against the source`,
          };
        }
      }
    }
  }
}

/** The person expressions of a mapping, each with the key it is written under. */
function personExpressions(c: CompiledMapping): KeyedExpression[] {
  const f = c.fields;
  return [
    ['externalId', c.externalId],
    ['fields.name', f.name],
    ['fields.email', f.email],
    ['fields.enrollment', f.enrollment],
    ['fields.identifier', f.identifier],
    ['fields.status', f.status],
    ['fields.squads', f.squads],
    ['fields.tags', f.tags],
    ['fields.costCenter.code', f.costCenter?.code],
    ['fields.costCenter.name', f.costCenter?.name],
    ['fields.costCenter.description', f.costCenter?.description],
    ...f.documents.map(([type, expr]): KeyedExpression => [`fields.documents.${type}`, expr]),
  ];
}

/** The group expressions of a mapping (none without a groups section). */
function groupExpressions(c: CompiledMapping): KeyedExpression[] {
  return [
    ['groups.externalId', c.groups?.externalId],
    ['groups.name', c.groups?.name],
  ];
}

/** Maps entries that are all in memory. */
export function mapEntriesSync(mapping: Mapping, entries: Iterable<RawEntry>): MapResult {
  const run = new MappingRun(compileMapping(mapping));
  for (const entry of entries) run.add(entry);
  return run.finish();
}

/** Maps the entries of a source as they are read. */
export async function mapEntries(mapping: Mapping, entries: Iterable<RawEntry> | AsyncIterable<RawEntry>): Promise<MapResult> {
  const run = new MappingRun(compileMapping(mapping));
  for await (const entry of entries) run.add(entry);
  return run.finish();
}
