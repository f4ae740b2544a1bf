/**
 * Deterministic changes to a workforce, the kind an HR export shows from
 * one day to the next. Each returns a new workforce and exactly what it
 * changed, so a test can expect a plan with those changes and no others.
 *
 * Every helper keeps every squad and cost center in use (it never takes the
 * last person out of one), so that no squad or cost center drops out of the
 * export as a side effect. Each takes an optional `exclude` set of employee
 * ids it must not pick, so that several changes can be kept on different people.
 */
import { ConfigError } from '../errors.js';
import { claimEmail, localPart } from './sample-hr-emails.js';
import { sampleRandom, type SampleRandom } from './sample-hr-random.js';
import type { CostCenterChange, Mutation, SamplePerson, ValueChange, Workforce } from './sample-hr-types.js';

/**
 * Gives `count` people a new unique address, `<old local part>.new@corp.example`
 * (with a number added on a clash). No one gets an address someone had before.
 * `changes` hold the old and new addresses.
 */
export function changeEmails(w: Workforce, count: number, seed: number, exclude?: ReadonlySet<string>): Mutation<ValueChange> {
  const taken = new Set(w.people.map((p) => p.email));
  return mutate(w, count, seed, exclude, 'changeEmails', (p) => {
    const email = claimEmail(`${localPart(p.email)}.new`, taken);
    return { person: { ...p, email }, change: { employeeId: p.employeeId, from: p.email, to: email } };
  });
}

/**
 * Moves `count` people from one of their squads to an existing squad they
 * are not in (the new squad takes the old one's place in `teams`).
 * `changes` hold the squad names left and joined.
 */
export function moveBetweenSquads(w: Workforce, count: number, seed: number, exclude?: ReadonlySet<string>): Mutation<ValueChange> {
  const members = tally(w.people.flatMap((p) => p.teams));
  return mutate(w, count, seed, exclude, 'moveBetweenSquads', (p, random) => {
    const leavable = p.teams.filter((team) => (members.get(team) ?? 0) > 1);
    const joinable = w.squads.filter((squad) => !p.teams.includes(squad));
    if (leavable.length === 0 || joinable.length === 0) return undefined;
    const from = random.pick(leavable);
    const to = random.pick(joinable);
    bump(members, from, -1);
    bump(members, to, 1);
    const teams = p.teams.map((team) => (team === from ? to : team));
    return { person: { ...p, teams }, change: { employeeId: p.employeeId, from, to } };
  });
}

/** Removes `count` people from the export, as leavers. `changes` hold the rows removed. */
export function dropPeople(w: Workforce, count: number, seed: number, exclude?: ReadonlySet<string>): Mutation<SamplePerson> {
  const members = tally(w.people.flatMap((p) => p.teams));
  const charged = tally(w.people.map((p) => p.costCenter.code));
  return mutate(w, count, seed, exclude, 'dropPeople', (p) => {
    if (p.teams.some((team) => (members.get(team) ?? 0) < 2) || (charged.get(p.costCenter.code) ?? 0) < 2) return undefined;
    for (const team of p.teams) bump(members, team, -1);
    bump(charged, p.costCenter.code, -1);
    return { person: null, change: p };
  });
}

/** Moves `count` people to another existing cost center. `changes` hold the old and new cost centers. */
export function changeCostCenters(w: Workforce, count: number, seed: number, exclude?: ReadonlySet<string>): Mutation<CostCenterChange> {
  const charged = tally(w.people.map((p) => p.costCenter.code));
  return mutate(w, count, seed, exclude, 'changeCostCenters', (p, random) => {
    const others = w.costCenters.filter((cc) => cc.code !== p.costCenter.code);
    if (others.length === 0 || (charged.get(p.costCenter.code) ?? 0) < 2) return undefined;
    const to = random.pick(others);
    bump(charged, p.costCenter.code, -1);
    bump(charged, to.code, 1);
    return { person: { ...p, costCenter: to }, change: { employeeId: p.employeeId, from: p.costCenter, to } };
  });
}

/**
 * Gives one person a new last name (a marriage, a correction); the email
 * stays as it was. `changes` hold the old and new last names.
 * @throws ConfigError when no one has that employee id, or the name is blank or unchanged.
 */
export function renamePerson(w: Workforce, employeeId: string, newLastName: string): Mutation<ValueChange> {
  const index = w.people.findIndex((p) => p.employeeId === employeeId);
  const person = w.people[index];
  if (person === undefined) throw new ConfigError(`renamePerson: no one in the sample workforce has the employee id ${JSON.stringify(employeeId)}.`);
  if (newLastName.trim() === '' || newLastName === person.lastName) {
    throw new ConfigError(`renamePerson: the new last name of ${employeeId} must be non-blank and differ from ${JSON.stringify(person.lastName)}.`);
  }
  const people = [...w.people];
  people[index] = { ...person, lastName: newLastName };
  return {
    workforce: { ...w, people },
    employeeIds: [employeeId],
    changes: [{ employeeId, from: person.lastName, to: newLastName }],
  };
}

/**
 * What a mutation does to one person: their new row (null to remove it) and
 * the change to report; undefined when this person cannot take the change.
 */
type Step<C> = (person: SamplePerson, random: SampleRandom) => { person: SamplePerson | null; change: C } | undefined;

/**
 * Walks the people not in `exclude` in a seeded order and applies `step` to
 * each until `count` have taken it; each person is changed at most once.
 * @throws ConfigError when `count` is not a whole number, or fewer than `count` people can take the change.
 */
function mutate<C>(w: Workforce, count: number, seed: number, exclude: ReadonlySet<string> | undefined, name: string, step: Step<C>): Mutation<C> {
  if (!Number.isInteger(count) || count < 0) throw new ConfigError(`${name}: the count must be a whole number of at least 0 (got ${count}).`);
  const random = sampleRandom(seed, name);
  const candidates = random.shuffle(w.people.filter((p) => !exclude?.has(p.employeeId)));
  const replaced = new Map<string, SamplePerson | null>();
  const employeeIds: string[] = [];
  const changes: C[] = [];
  // One change can make another possible (someone joining a cost center lets its
  // only member leave it), so people passed over are asked again until no one more can take it.
  let pending = candidates;
  while (changes.length < count && pending.length > 0) {
    const passedOver: SamplePerson[] = [];
    for (const candidate of pending) {
      if (changes.length === count) break;
      const result = step(candidate, random);
      if (result === undefined) {
        passedOver.push(candidate);
        continue;
      }
      replaced.set(candidate.employeeId, result.person);
      employeeIds.push(candidate.employeeId);
      changes.push(result.change);
    }
    if (passedOver.length === pending.length) break;
    pending = passedOver;
  }
  if (changes.length < count) {
    throw new ConfigError(
      `${name}: asked to change ${count} ${count === 1 ? 'person' : 'people'} but only ${changes.length} of the ${candidates.length} not excluded can take the change ` +
        'without emptying a squad or cost center; ask for fewer, or exclude fewer people.',
    );
  }
  const people = w.people.flatMap((p) => {
    const next = replaced.get(p.employeeId);
    return next === undefined ? [p] : next === null ? [] : [next];
  });
  return { workforce: { ...w, people }, employeeIds, changes };
}

function tally(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) bump(counts, value, 1);
  return counts;
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}
