/**
 * The workforce the `deskbee-sync demo` command starts from, and the second
 * day of its story: one rename, one move between squads, one leaver and one
 * cost-center change, each on a different person.
 */
import { ConfigError } from '../errors.js';
import { lastNames } from './sample-hr-catalogue.js';
import { generateWorkforce } from './sample-hr-generate.js';
import { changeCostCenters, dropPeople, moveBetweenSquads, renamePerson } from './sample-hr-mutations.js';
import { sampleRandom } from './sample-hr-random.js';
import { displayName, type CostCenterChange, type SamplePerson, type ValueChange, type Workforce } from './sample-hr-types.js';

/** The demo's fixed seed: the demo shows the same people every time. */
export const demoSeed = 20240611;

/** 300 people in 12 squads and 6 cost centers, always the same. */
export function demoWorkforce(): Workforce {
  return generateWorkforce({ people: 300, squads: 12, costCenters: 6, seed: demoSeed });
}

/** The demo's second export and what it changed. */
export interface DemoChanges {
  /** The workforce after all four changes. */
  workforce: Workforce;
  /** One line per change, in the order below, for the demo's narrative. */
  descriptions: string[];
  /** The last name changed (email unchanged). */
  rename: ValueChange;
  /** The squad left and the squad joined. */
  move: ValueChange;
  /** The row removed. */
  leaver: SamplePerson;
  /** The cost center left and the one joined. */
  costCenter: CostCenterChange;
}

/**
 * Applies the demo's second-day changes to `w` (normally `demoWorkforce()`),
 * each to a different person, all chosen by the fixed seed.
 */
export function demoChanges(w: Workforce): DemoChanges {
  const random = sampleRandom(demoSeed, 'demoChanges');
  // A marriage: someone active with a single family name takes a second one.
  const single = (name: string) => !name.includes('-') && !name.includes(' ');
  const candidates = w.people.filter((p) => p.status === 'active' && single(p.lastName));
  if (candidates.length === 0) throw new ConfigError('demoChanges: the workforce has no active person with a single family name to rename.');
  const renamed = random.pick(candidates);
  const other = random.pick(lastNames.filter((n) => single(n) && n !== renamed.lastName));
  const step1 = renamePerson(w, renamed.employeeId, `${renamed.lastName}-${other}`);

  const touched = new Set(step1.employeeIds);
  const step2 = moveBetweenSquads(step1.workforce, 1, demoSeed, touched);
  step2.employeeIds.forEach((id) => touched.add(id));
  const step3 = dropPeople(step2.workforce, 1, demoSeed, touched);
  step3.employeeIds.forEach((id) => touched.add(id));
  const step4 = changeCostCenters(step3.workforce, 1, demoSeed, touched);

  const [rename] = step1.changes;
  const [move] = step2.changes;
  const [leaver] = step3.changes;
  const [costCenter] = step4.changes;
  if (!rename || !move || !leaver || !costCenter) throw new Error('demoChanges: a change is missing');
  const who = (id: string) => {
    const person = step4.workforce.people.find((p) => p.employeeId === id) ?? w.people.find((p) => p.employeeId === id);
    return `${person ? displayName(person) : id} (${id})`;
  };
  const descriptions = [
    `Renamed: ${renamed.firstName} ${rename.from} (${rename.employeeId}) is now ${renamed.firstName} ${rename.to}`,
    `Moved: ${who(move.employeeId)} left squad ${move.from} and joined ${move.to}`,
    `Left: ${displayName(leaver)} (${leaver.employeeId}) is no longer in the HR export`,
    `Cost center: ${who(costCenter.employeeId)} moved from ${costCenter.from.code} ${costCenter.from.name} to ${costCenter.to.code} ${costCenter.to.name}`,
  ];
  return { workforce: step4.workforce, descriptions, rename, move, leaver, costCenter };
}
