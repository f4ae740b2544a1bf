/**
 * Generating a workforce: realistic, varied people drawn from the catalogue
 * with a seeded generator, so that a seed always gives the same export.
 */
import { ConfigError } from '../errors.js';
import { defaultTagNames, departments, firstNames, lastNames } from './sample-hr-catalogue.js';
import { claimEmail, emailSlug } from './sample-hr-emails.js';
import { at, sampleRandom, type SampleRandom } from './sample-hr-random.js';
import type { SampleCostCenter, SamplePerson, SampleStatus, Workforce } from './sample-hr-types.js';

/** What to generate. */
export interface WorkforceOptions {
  /** Number of people; at least as many as squads and as cost centers. */
  people: number;
  /** Number of distinct squads, at least 1; every one is used. */
  squads: number;
  /** Number of distinct cost centers, at least 1; every one is used. */
  costCenters: number;
  /** Seed of the generator. Default 1. */
  seed?: number;
  /**
   * Tag names people may carry (0–2 each). Default: remote, parking, hybrid,
   * first-aid, fire-warden. Names must be distinct and free of `,` and `|`.
   */
  tagNames?: string[];
}

/** The default seed of `generateWorkforce`. */
export const defaultSeed = 1;

// Shares that make an export look like a real one.
const leaveShare = 0.04;
const secondTeamShare = 0.3;
const ownDepartmentShare = 0.9;
const doubleBarrelledShare = 0.06;
const badgeShare = 0.88;

/**
 * A workforce of `people` employees (`E00001`, …) spread over `squads`
 * squads and `costCenters` cost centers, every squad and cost center used.
 * Most people are active, a few on leave, none terminated.
 * @throws ConfigError when the counts or tag names cannot make such a workforce.
 */
export function generateWorkforce(options: WorkforceOptions): Workforce {
  const tagNames = [...(options.tagNames ?? defaultTagNames)];
  checkOptions(options, tagNames);
  const random = sampleRandom(options.seed ?? defaultSeed, 'workforce');

  const costCenters = costCenterCatalogue(options.costCenters);
  const squads = squadCatalogue(options.squads, options.costCenters);
  const squadNames = squads.map((s) => s.name);

  // Every squad is someone's first team: the first `squads` slots, shuffled among everyone.
  const firstTeams = random.shuffle(
    Array.from({ length: options.people }, (_, i) => (i < squads.length ? i : random.int(squads.length))),
  );
  const emails = new Set<string>();
  const badges = new Set<string>();
  const people: SamplePerson[] = firstTeams.map((squadIndex, i) => {
    const squad = at(squads, squadIndex);
    const teams = [squad.name];
    if (squads.length > 1 && random.chance(secondTeamShare)) {
      teams.push(random.pick(squadNames.filter((name) => name !== squad.name)));
    }
    const costCenter = random.chance(ownDepartmentShare) ? at(costCenters, squad.costCenter) : random.pick(costCenters);
    const firstName = random.pick(firstNames);
    const lastName = pickLastName(random);
    const status: SampleStatus = random.chance(leaveShare) ? 'leave' : 'active';
    return {
      employeeId: employeeId(i + 1),
      firstName,
      lastName,
      email: claimEmail(`${emailSlug(firstName)}.${emailSlug(lastName)}`, emails),
      teams,
      costCenter,
      status,
      tags: pickTags(random, tagNames),
      badgeNumber: random.chance(badgeShare) ? newBadge(random, badges) : null,
    };
  });
  coverCostCenters(people, costCenters, random);
  return { people, squads: squadNames, costCenters, tagNames };
}

/** `E00001` for 1. */
export function employeeId(n: number): string {
  return `E${String(n).padStart(5, '0')}`;
}

function checkOptions(options: WorkforceOptions, tagNames: string[]): void {
  const problems: string[] = [];
  const { people, squads, costCenters } = options;
  for (const [name, value] of Object.entries({ people, squads, costCenters })) {
    if (!Number.isInteger(value) || value < 1) problems.push(`${name} must be a whole number of at least 1 (got ${value})`);
  }
  if (problems.length === 0 && people < Math.max(squads, costCenters)) {
    problems.push(`${people} people cannot fill ${squads} squads and ${costCenters} cost centers (each needs at least one person)`);
  }
  if (options.seed !== undefined && !Number.isFinite(options.seed)) problems.push(`the seed must be a number (got ${options.seed})`);
  const bad = tagNames.filter((tag) => tag.trim() === '' || /[,|]/.test(tag));
  if (bad.length > 0) problems.push(`tag names must be non-blank and free of "," and "|" (got ${bad.map((t) => JSON.stringify(t)).join(', ')})`);
  if (new Set(tagNames.map((t) => t.trim().toLowerCase())).size !== tagNames.length) problems.push('tag names must be distinct (ignoring case)');
  if (problems.length > 0) throw new ConfigError(`the sample HR workforce cannot be generated: ${problems.join('; ')}.`);
}

/** `CC-100`, `CC-110`, … named after the departments in order (`Finance 2` past the end of the list). */
function costCenterCatalogue(count: number): SampleCostCenter[] {
  return Array.from({ length: count }, (_, i) => ({
    code: `CC-${100 + 10 * i}`,
    name: repeatName(at(departments, i % departments.length).costCenter, Math.floor(i / departments.length)),
  }));
}

/**
 * `count` squads, each with the index of the cost center it is charged to.
 * They are taken round-robin from the departments that have a cost center
 * (Finance, Platform Engineering, Sales DACH, …, then Payroll, …) so that
 * every cost center gets squads; only then from the other departments.
 */
function squadCatalogue(count: number, costCenters: number): { name: string; costCenter: number }[] {
  const order = departments.map((d, index) => ({ d, index }));
  const withCostCenter = order.filter(({ index }) => index < costCenters);
  const without = order.filter(({ index }) => index >= costCenters);
  const base: { name: string; costCenter: number }[] = [];
  for (const group of [withCostCenter, without]) {
    // bounded: the departments of the catalogue
    const depth = Math.max(...group.map(({ d }) => d.squads.length), 0);
    for (let k = 0; k < depth; k++) {
      for (const { d, index } of group) {
        const name = d.squads[k];
        if (name !== undefined) base.push({ name, costCenter: index % costCenters });
      }
    }
  }
  return Array.from({ length: count }, (_, i) => {
    const squad = at(base, i % base.length);
    return { name: repeatName(squad.name, Math.floor(i / base.length)), costCenter: squad.costCenter };
  });
}

/** `Finance`, then `Finance 2`, `Finance 3` once the catalogue has run out. */
function repeatName(name: string, round: number): string {
  return round === 0 ? name : `${name} ${round + 1}`;
}

function pickLastName(random: SampleRandom): string {
  const first = random.pick(lastNames);
  if (!random.chance(doubleBarrelledShare)) return first;
  // Double-barrelled names join two single ones (never a name with a space).
  const singles = lastNames.filter((name) => name !== first && !name.includes(' '));
  const a = first.includes(' ') ? random.pick(singles) : first;
  return `${a}-${random.pick(singles.filter((name) => name !== a))}`;
}

/** None for about 45%, one for 40%, two for the rest. */
function pickTags(random: SampleRandom, tagNames: readonly string[]): string[] {
  const roll = random.int(100);
  const count = Math.min(tagNames.length, roll < 45 ? 0 : roll < 85 ? 1 : 2);
  return random.shuffle(tagNames).slice(0, count);
}

function newBadge(random: SampleRandom, taken: Set<string>): string {
  let badge: string;
  do badge = String(random.int(1_000_000)).padStart(6, '0');
  while (taken.has(badge));
  taken.add(badge);
  return badge;
}

/**
 * Gives each cost center nobody is charged to one person from a cost center
 * that has several, so that every cost center is used (the counts were
 * checked: there are at least as many people as cost centers).
 */
function coverCostCenters(people: SamplePerson[], costCenters: readonly SampleCostCenter[], random: SampleRandom): void {
  const counts = new Map<string, number>(costCenters.map((cc) => [cc.code, 0]));
  for (const p of people) counts.set(p.costCenter.code, (counts.get(p.costCenter.code) ?? 0) + 1);
  for (const cc of costCenters) {
    if ((counts.get(cc.code) ?? 0) > 0) continue;
    const donors = people.map((p, i) => ({ p, i })).filter(({ p }) => (counts.get(p.costCenter.code) ?? 0) > 1);
    const { p, i } = random.pick(donors);
    counts.set(p.costCenter.code, (counts.get(p.costCenter.code) ?? 0) - 1);
    counts.set(cc.code, 1);
    people[i] = { ...p, costCenter: cc };
  }
}
