/**
 * Generated deskbird companies: N users and M groups with plausible names,
 * unique emails and random memberships, the same for the same seed.
 */
import { createRandom, randomUuid, seedToInt, type Random } from '../prng.js';
import type { DeskbirdGenerateSpec, DeskbirdRole, DeskbirdSeedGroup, DeskbirdSeedUser } from './deskbird-seed-schema.js';

const firstNames = ['Ana', 'Bruno', 'Clara', 'Daniel', 'Elena', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Katrin', 'Lukas', 'Mia', 'Noah', 'Olivia', 'Paul', 'Rosa', 'Stefan', 'Tereza', 'Yusuf'];
const lastNames = ['Almeida', 'Becker', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Hoffmann', 'Ivanova', 'Jansen', 'Keller', 'Lang', 'Müller', 'Novak', "O'Brien", 'Peters', 'Rossi', 'Schmidt', 'Weber', 'Zimmermann'];
const groupWords = ['Engineering', 'Finance', 'Marketing', 'Sales', 'Operations', 'People', 'Legal', 'Design', 'Support', 'Research'];
const offices = ['3241', '3242', '3243'];
const roles: readonly DeskbirdRole[] = ['user', 'user', 'user', 'user', 'user', 'user', 'user', 'groupManager', 'officeManager', 'admin'];

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random.next() * list.length)] as T;
}

/** Users and groups (ids filled in, members by user id) for `spec`. */
export function generateDeskbirdCompany(spec: DeskbirdGenerateSpec): { users: DeskbirdSeedUser[]; groups: DeskbirdSeedGroup[] } {
  const seed = spec.seed ?? 1;
  const random = createRandom(seed);
  const ids = createRandom(seedToInt(seed) ^ 0x5bd1e995);
  const groupCount = spec.groups ?? 0;
  const perUser = spec.groupsPerUser ?? 2;
  const start = Date.parse('2024-01-08T09:00:00.000Z');

  const groups: DeskbirdSeedGroup[] = [];
  for (let g = 0; g < groupCount; g++) {
    const at = new Date(start + g * 60_000).toISOString();
    groups.push({
      id: randomUuid(ids),
      name: `${groupWords[g % groupWords.length]} ${String(Math.floor(g / groupWords.length) + 1).padStart(2, '0')}`,
      description: g % 3 === 0 ? `Team ${g + 1}` : null,
      members: [],
      createdAt: at,
      updatedAt: at,
    });
  }

  const users: DeskbirdSeedUser[] = [];
  for (let u = 0; u < spec.users; u++) {
    const firstName = pick(random, firstNames);
    const lastName = pick(random, lastNames);
    const local = `${firstName}.${lastName}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    const at = new Date(start + (groupCount + u) * 60_000).toISOString();
    const user: DeskbirdSeedUser = {
      id: randomUuid(ids),
      firstName,
      lastName,
      email: `${local}.${u + 1}@example.com`,
      role: pick(random, roles),
      primaryOfficeId: random.next() < 0.1 ? null : pick(random, offices),
      createdAt: at,
      updatedAt: at,
    };
    users.push(user);
    if (groups.length === 0) continue;
    const count = Math.min(groups.length, Math.floor(random.next() * (perUser + 1)));
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(Math.floor(random.next() * groups.length));
    for (const g of [...chosen].sort((a, b) => a - b)) groups[g]?.members.push(user.id as string);
  }
  return { users, groups };
}
