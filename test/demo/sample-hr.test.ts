import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRunContext } from '../../src/context/run-context.js';
import {
  changeCostCenters,
  changeEmails,
  csvFields,
  demoChanges,
  demoWorkforce,
  displayName,
  dropPeople,
  emailSlug,
  employeeId,
  generateWorkforce,
  moveBetweenSquads,
  renamePerson,
  sampleHrColumns,
  toCsv,
  type SamplePerson,
  type Workforce,
} from '../../src/demo/sample-hr.js';
import { ConfigError } from '../../src/errors.js';
import { loadMapping, mapEntries, type MapResult } from '../../src/mapping/index.js';
import { CsvSource } from '../../src/sources/csv/index.js';
import type { RawEntry } from '../../src/sources/source.js';

const mappingPath = fileURLToPath(new URL('../../mappings/hr-csv.yaml', import.meta.url));
const big = { people: 2000, squads: 50, costCenters: 20, seed: 42 };
const base = generateWorkforce(big);

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deskbee-sample-hr-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let files = 0;
/** Writes `csv` to a file and reads it back with the real CSV source. */
async function readBack(csv: string): Promise<RawEntry[]> {
  const path = join(dir, `export-${++files}.csv`);
  await writeFile(path, csv);
  const entries: RawEntry[] = [];
  for await (const entry of new CsvSource({ name: 'hr-csv', path, requiredColumns: [...sampleHrColumns] }).read(defaultRunContext())) {
    entries.push(entry);
  }
  return entries;
}

/** The workforce as the engine sees it: written, read by the CSV source, mapped by the shipped mapping. */
async function mapped(w: Workforce): Promise<MapResult> {
  return mapEntries(await loadMapping(mappingPath), await readBack(toCsv(w)));
}

const count = <T>(items: readonly T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};
const sorted = (values: readonly string[]) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Per employee id: removed, added, or the fields that differ. */
function diff(before: Workforce, after: Workforce): { removed: string[]; added: string[]; changed: Map<string, string[]> } {
  const old = new Map(before.people.map((p) => [p.employeeId, p]));
  const now = new Map(after.people.map((p) => [p.employeeId, p]));
  const changed = new Map<string, string[]>();
  for (const [id, p] of now) {
    const q = old.get(id);
    if (!q) continue;
    const fields = (Object.keys(p) as (keyof SamplePerson)[]).filter((k) => JSON.stringify(p[k]) !== JSON.stringify(q[k]));
    if (fields.length > 0) changed.set(id, fields);
  }
  return {
    removed: [...old.keys()].filter((id) => !now.has(id)),
    added: [...now.keys()].filter((id) => !old.has(id)),
    changed,
  };
}

function expectAllUsed(w: Workforce): void {
  const teams = count(w.people.flatMap((p) => p.teams), (t) => t);
  expect(w.squads.filter((s) => !teams.has(s))).toEqual([]);
  const ccs = count(w.people, (p) => p.costCenter.code);
  expect(w.costCenters.filter((cc) => !ccs.has(cc.code))).toEqual([]);
}

describe('generateWorkforce', () => {
  it('is deterministic: the same seed gives the same CSV, another seed another', () => {
    expect(toCsv(generateWorkforce(big))).toBe(toCsv(base));
    expect(toCsv(generateWorkforce({ ...big, seed: 43 }))).not.toBe(toCsv(base));
    const small = { people: 50, squads: 5, costCenters: 3 };
    expect(toCsv(generateWorkforce(small))).toBe(toCsv(generateWorkforce({ ...small, seed: 1 })));
  });

  it('numbers employees E00001… and gives each a unique lower-case first.last address, numbered on a clash', () => {
    expect(base.people.map((p) => p.employeeId)).toEqual(Array.from({ length: 2000 }, (_, i) => employeeId(i + 1)));
    expect(base.people[0]?.employeeId).toBe('E00001');
    const emails = base.people.map((p) => p.email);
    expect(new Set(emails).size).toBe(2000);
    let clashes = 0;
    for (const p of base.people) {
      const local = `${emailSlug(p.firstName)}.${emailSlug(p.lastName)}`;
      const match = /^(.*?)(\d*)@corp\.example$/.exec(p.email);
      expect(match?.[1], p.email).toBe(local);
      expect(p.email).toMatch(/^[a-z0-9.-]+@corp\.example$/);
      if (match?.[2]) {
        clashes++;
        // The unnumbered address and every lower number are someone else's.
        expect(emails).toContain(`${local}@corp.example`);
        for (let n = 2; n < Number(match[2]); n++) expect(emails).toContain(`${local}${n}@corp.example`);
      }
    }
    expect(clashes).toBeGreaterThan(0);
    expect(emailSlug('Ångström')).toBe('angstrom');
    expect(emailSlug("O'Brien")).toBe('obrien');
    expect(emailSlug('van der Berg')).toBe('vanderberg');
    expect(emailSlug('Weiß-Øberg')).toBe('weiss-oberg');
    expect(emailSlug('İpek')).toBe('ipek');
  });

  it('has varied names: accents, double-barrelled family names, apostrophes', () => {
    const names = base.people.flatMap((p) => [p.firstName, p.lastName]);
    expect(new Set(base.people.map((p) => p.firstName)).size).toBeGreaterThan(80);
    expect(new Set(base.people.map((p) => p.lastName)).size).toBeGreaterThan(120);
    expect(names.filter((n) => /[^\x00-\x7f]/.test(n)).length).toBeGreaterThan(200);
    expect(base.people.filter((p) => /^[^ -]+-[^ -]+$/.test(p.lastName)).length).toBeGreaterThan(20);
    expect(names.some((n) => n.includes("'"))).toBe(true);
  });

  it('uses every one of the requested squads and cost centers, with realistic distinct names', () => {
    expect(base.squads).toHaveLength(50);
    expect(new Set(base.squads).size).toBe(50);
    expect(base.squads).toEqual(expect.arrayContaining(['Finance', 'Payroll', 'Platform Engineering']));
    expect(base.costCenters).toHaveLength(20);
    expect(new Set(base.costCenters.map((c) => c.code)).size).toBe(20);
    expect(new Set(base.costCenters.map((c) => c.name)).size).toBe(20);
    expect(base.costCenters.slice(0, 2)).toEqual([{ code: 'CC-100', name: 'Finance' }, { code: 'CC-110', name: 'Engineering' }]);
    for (const cc of base.costCenters) expect(cc.code).toMatch(/^CC-\d{3}$/);
    expectAllUsed(base);
    for (const p of base.people) {
      expect(p.teams.length === 1 || p.teams.length === 2).toBe(true);
      expect(new Set(p.teams).size).toBe(p.teams.length);
      for (const t of p.teams) expect(base.squads).toContain(t);
      expect(base.costCenters).toContainEqual(p.costCenter);
    }
    expect(base.people.some((p) => p.teams.length === 2)).toBe(true);
  });

  it('keeps every squad and cost center used at the edges: as many people as squads, more cost centers than squads, past the catalogue', () => {
    for (const options of [
      { people: 4, squads: 4, costCenters: 4 },
      { people: 30, squads: 2, costCenters: 25 },
      { people: 200, squads: 90, costCenters: 30 },
    ]) {
      const w = generateWorkforce(options);
      expect(w.people).toHaveLength(options.people);
      expect(new Set(w.squads).size).toBe(options.squads);
      expect(new Set(w.costCenters.map((c) => c.name)).size).toBe(options.costCenters);
      expectAllUsed(w);
    }
  });

  it('makes most people active and a few on leave, never terminated', () => {
    const statuses = count(base.people, (p) => p.status);
    expect([...statuses.keys()].sort()).toEqual(['active', 'leave']);
    expect(statuses.get('leave')).toBeGreaterThan(10);
    expect(statuses.get('active')).toBeGreaterThan(1800);
  });

  it('gives zero to two distinct tags from the tag names, and badge numbers to most', () => {
    const tagCounts = count(base.people, (p) => String(p.tags.length));
    expect([...tagCounts.keys()].sort()).toEqual(['0', '1', '2']);
    for (const p of base.people) {
      expect(new Set(p.tags).size).toBe(p.tags.length);
      for (const t of p.tags) expect(base.tagNames).toContain(t);
    }
    const badges = base.people.flatMap((p) => (p.badgeNumber === null ? [] : [p.badgeNumber]));
    expect(badges.length).toBeGreaterThan(1600);
    expect(badges.length).toBeLessThan(2000);
    expect(new Set(badges).size).toBe(badges.length);
    for (const b of badges) expect(b).toMatch(/^\d{6}$/);
    const custom = generateWorkforce({ people: 100, squads: 3, costCenters: 2, tagNames: ['desk-a', 'desk-b'] });
    expect(new Set(custom.people.flatMap((p) => p.tags))).toEqual(new Set(['desk-a', 'desk-b']));
  });

  it('refuses counts and tag names that cannot make a workforce', () => {
    expect(() => generateWorkforce({ people: 10, squads: 11, costCenters: 2 })).toThrow(ConfigError);
    expect(() => generateWorkforce({ people: 10, squads: 0, costCenters: 2 })).toThrow(/squads must be a whole number/);
    expect(() => generateWorkforce({ people: 10.5, squads: 2, costCenters: 2 })).toThrow(ConfigError);
    expect(() => generateWorkforce({ people: 10, squads: 2, costCenters: 2, tagNames: ['a,b'] })).toThrow(/free of/);
    expect(() => generateWorkforce({ people: 10, squads: 2, costCenters: 2, tagNames: ['a', 'A'] })).toThrow(/distinct/);
  });
});

describe('toCsv', () => {
  const person: SamplePerson = {
    employeeId: 'E00001',
    firstName: 'Zoë "Zo"',
    lastName: 'Müller; Ångström',
    email: 'zoe.muller@corp.example',
    teams: ['Finance', 'Payroll'],
    costCenter: { code: 'CC-100', name: 'Finance, Tax\nand Treasury' },
    status: 'leave',
    tags: ['remote', 'parking'],
    badgeNumber: null,
  };
  const tiny: Workforce = { people: [person], squads: ['Finance', 'Payroll'], costCenters: [person.costCenter], tagNames: ['remote', 'parking'] };

  it('writes the exact header, one row per person, \\n line ends and a final line end', () => {
    const csv = toCsv(base);
    const lines = csv.split('\n');
    expect(lines[0]).toBe('employee_id,first_name,last_name,email,teams,cost_center_code,cost_center_name,status,tags,badge_number');
    expect(lines).toHaveLength(2002);
    expect(lines.at(-1)).toBe('');
    expect(csv).not.toContain('\r');
    expect(toCsv(base, { delimiter: ';' }).split('\n')[0]).toBe(sampleHrColumns.join(';'));
  });

  it('quotes by RFC 4180 only where needed, for either delimiter', () => {
    expect(toCsv(tiny)).toBe(
      `${sampleHrColumns.join(',')}\n` +
        'E00001,"Zoë ""Zo""",Müller; Ångström,zoe.muller@corp.example,Finance|Payroll,CC-100,"Finance, Tax\nand Treasury",leave,"remote, parking",\n',
    );
    expect(toCsv(tiny, { delimiter: ';' }).split('\n').slice(1).join('\n')).toBe(
      'E00001;"Zoë ""Zo""";"Müller; Ångström";zoe.muller@corp.example;Finance|Payroll;CC-100;"Finance, Tax\nand Treasury";leave;remote, parking;\n',
    );
  });

  it('reads back through the real CSV source with every value intact, with either delimiter', async () => {
    for (const delimiter of [',', ';'] as const) {
      const entries = await readBack(toCsv(base, { delimiter }));
      expect(entries).toHaveLength(2000);
      entries.forEach((entry, i) => {
        const p = base.people[i] as SamplePerson;
        const expected = Object.fromEntries(sampleHrColumns.map((column, k) => [column, [csvFields(p)[k]]]));
        expect(entry.attributes).toEqual(expected);
        expect(entry.line).toBe(i + 2);
      });
      const accented = entries.find((e) => e.attributes.first_name?.[0] === 'Zoë' || e.attributes.last_name?.[0] === 'Ångström');
      expect(accented).toBeDefined();
      expect(entries.some((e) => String(e.attributes.teams?.[0]).includes('|'))).toBe(true);
    }
    const [entry] = await readBack(toCsv(tiny));
    expect(entry?.attributes.first_name).toEqual(['Zoë "Zo"']);
    expect(entry?.attributes.cost_center_name).toEqual(['Finance, Tax\nand Treasury']);
  });

  it('maps through mappings/hr-csv.yaml into 2,000 users, 50 squads and 20 cost centers, with no issue', async () => {
    const result = await mapped(base);
    expect(result.issues).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.leftOut).toEqual({ users: [], groups: [] });
    const { state } = result;
    expect(state.users).toHaveLength(2000);
    expect(state.squads.map((s) => s.name)).toEqual(sorted(base.squads));
    expect(state.costCenters).toHaveLength(20);
    expect(new Map(state.costCenters.map((c) => [c.code, c.name]))).toEqual(new Map(base.costCenters.map((c) => [c.code, c.name])));
    expect(state.tags.map((t) => t.name)).toEqual(sorted([...new Set(base.people.flatMap((p) => p.tags))]));
    state.users.forEach((user, i) => {
      const p = base.people[i] as SamplePerson;
      expect(user).toMatchObject({
        externalId: p.employeeId,
        enrollment: p.employeeId,
        name: displayName(p),
        email: p.email,
        status: true,
        squads: sorted(p.teams),
        costCenter: p.costCenter.code,
        tags: sorted(p.tags),
        documents: p.badgeNumber === null ? {} : { badge: p.badgeNumber },
      });
    });
  });
});

describe('mutations', () => {
  const before = toCsv(base);
  const byId = new Map(base.people.map((p) => [p.employeeId, p]));
  const person = (id: string) => byId.get(id) as SamplePerson;

  it('changeEmails gives exactly the people it reports a new, unique, never-used address', () => {
    const m = changeEmails(base, 25, 7);
    expect(m.employeeIds).toHaveLength(25);
    expect(m.changes.map((c) => c.employeeId)).toEqual(m.employeeIds);
    const d = diff(base, m.workforce);
    expect(d.removed).toEqual([]);
    expect(d.added).toEqual([]);
    expect(new Map(d.changed)).toEqual(new Map(m.employeeIds.map((id) => [id, ['email']])));
    const old = new Set(base.people.map((p) => p.email));
    for (const c of m.changes) {
      expect(c.from).toBe(person(c.employeeId).email);
      expect(c.to).toMatch(/^[a-z0-9.-]+\.new\d*@corp\.example$/);
      expect(old.has(c.to)).toBe(false);
    }
    expect(new Set(m.workforce.people.map((p) => p.email)).size).toBe(2000);
    expect(toCsv(base)).toBe(before);
  });

  it('moveBetweenSquads replaces one team by an existing squad the person was not in', () => {
    const m = moveBetweenSquads(base, 30, 7);
    const d = diff(base, m.workforce);
    expect(d.removed).toEqual([]);
    expect(new Map(d.changed)).toEqual(new Map(m.employeeIds.map((id) => [id, ['teams']])));
    for (const c of m.changes) {
      const was = person(c.employeeId).teams;
      expect(was).toContain(c.from);
      expect(was).not.toContain(c.to);
      expect(base.squads).toContain(c.to);
      const now = m.workforce.people.find((p) => p.employeeId === c.employeeId);
      expect(now?.teams).toEqual(was.map((t) => (t === c.from ? c.to : t)));
    }
    expectAllUsed(m.workforce);
    expect(toCsv(base)).toBe(before);
  });

  it('dropPeople removes exactly the people it reports and leaves the rest as they were', () => {
    const m = dropPeople(base, 40, 7);
    const d = diff(base, m.workforce);
    expect(sorted(d.removed)).toEqual(sorted(m.employeeIds));
    expect(d.changed.size).toBe(0);
    expect(m.changes).toEqual(m.employeeIds.map(person));
    expect(m.workforce.people).toHaveLength(1960);
    expect(m.workforce.people.map((p) => p.employeeId)).toEqual(base.people.map((p) => p.employeeId).filter((id) => !m.employeeIds.includes(id)));
    expectAllUsed(m.workforce);
  });

  it('changeCostCenters moves people to another existing cost center', () => {
    const m = changeCostCenters(base, 20, 7);
    const d = diff(base, m.workforce);
    expect(d.removed).toEqual([]);
    expect(new Map(d.changed)).toEqual(new Map(m.employeeIds.map((id) => [id, ['costCenter']])));
    for (const c of m.changes) {
      expect(c.from).toEqual(person(c.employeeId).costCenter);
      expect(c.to.code).not.toBe(c.from.code);
      expect(base.costCenters).toContainEqual(c.to);
    }
    expectAllUsed(m.workforce);
  });

  it('renamePerson changes the last name only, and refuses an unknown id or an unchanged name', () => {
    const m = renamePerson(base, 'E00123', 'Ångström-Souza');
    expect(new Map(diff(base, m.workforce).changed)).toEqual(new Map([['E00123', ['lastName']]]));
    expect(m.changes).toEqual([{ employeeId: 'E00123', from: person('E00123').lastName, to: 'Ångström-Souza' }]);
    expect(() => renamePerson(base, 'E99999', 'X')).toThrow(ConfigError);
    expect(() => renamePerson(base, 'E00123', person('E00123').lastName)).toThrow(ConfigError);
  });

  it('is deterministic per seed, and each helper walks the people in its own order', () => {
    expect(changeEmails(base, 10, 3).employeeIds).toEqual(changeEmails(base, 10, 3).employeeIds);
    expect(changeEmails(base, 10, 3).employeeIds).not.toEqual(changeEmails(base, 10, 4).employeeIds);
    expect(dropPeople(base, 10, 3).employeeIds).not.toEqual(changeEmails(base, 10, 3).employeeIds);
  });

  it('never picks an excluded person', () => {
    const exclude = new Set(base.people.filter((_, i) => i % 3 !== 0).map((p) => p.employeeId));
    for (const helper of [changeEmails, moveBetweenSquads, dropPeople, changeCostCenters]) {
      const m = helper(base, 100, 11, exclude);
      expect(m.employeeIds).toHaveLength(100);
      expect(m.employeeIds.filter((id) => exclude.has(id))).toEqual([]);
    }
    const everyone = new Set(base.people.map((p) => p.employeeId));
    expect(() => changeEmails(base, 1, 1, everyone)).toThrow(/only 0 of the 0/);
  });

  it('refuses to take the last person out of a squad or cost center', () => {
    // As many people as cost centers: each has exactly one.
    const w = generateWorkforce({ people: 4, squads: 4, costCenters: 4 });
    expect(() => dropPeople(w, 1, 1)).toThrow(ConfigError);
    expect(() => changeCostCenters(w, 1, 1)).toThrow(ConfigError);
    expect(() => changeEmails(w, 1.5, 1)).toThrow(ConfigError);
    expect(changeEmails(w, 4, 1).employeeIds).toHaveLength(4);

    // Two people share squad Shared and cost center CC-100; Solo and CC-110 have one each.
    const cc = (code: string) => ({ code, name: code });
    const row = (n: number, teams: string[], code: string): SamplePerson => ({
      employeeId: employeeId(n),
      firstName: 'Ana',
      lastName: `Souza${n}`,
      email: `ana.souza${n}@corp.example`,
      teams,
      costCenter: cc(code),
      status: 'active',
      tags: [],
      badgeNumber: null,
    });
    const few: Workforce = {
      people: [row(1, ['Shared'], 'CC-100'), row(2, ['Shared'], 'CC-100'), row(3, ['Solo'], 'CC-110')],
      squads: ['Shared', 'Solo', 'Spare'],
      costCenters: [cc('CC-100'), cc('CC-110')],
      tagNames: [],
    };
    for (const seed of [1, 2, 3, 4]) {
      const [move] = moveBetweenSquads(few, 1, seed).changes;
      expect(move?.from).toBe('Shared');
      const [leaver] = dropPeople(few, 1, seed).changes;
      expect(leaver?.teams).toEqual(['Shared']);
      const [change] = changeCostCenters(few, 1, seed).changes;
      expect(change?.from.code).toBe('CC-100');
    }
    expect(() => moveBetweenSquads(few, 2, 1)).toThrow(/only 1 of the 3/);
    expect(() => dropPeople(few, 2, 1)).toThrow(/only 1 of the 3/);

    // The same squads, everyone in CC-100: only squads hold the changes back.
    const flat: Workforce = {
      ...few,
      people: few.people.map((p) => ({ ...p, costCenter: cc('CC-100') })),
      squads: ['Shared', 'Solo'],
      costCenters: [cc('CC-100')],
    };
    expect(() => dropPeople(flat, 2, 1)).toThrow(/only 1 of the 3/);
    for (const seed of [1, 2, 3, 4]) {
      // Once someone joins Solo, its first member may leave it.
      const moved = moveBetweenSquads(flat, 2, seed).workforce;
      expectAllUsed(moved);
    }
    // Once someone joins CC-110, its first member may leave it.
    for (const seed of [1, 2, 3, 4]) {
      const codes = changeCostCenters(few, 2, seed).workforce.people.map((p) => p.costCenter.code);
      expect(new Set(codes)).toEqual(new Set(['CC-100', 'CC-110']));
    }
  });

  it('kept disjoint, the changes are exactly what the mapped export shows', async () => {
    const touched = new Set<string>();
    const emails = changeEmails(base, 15, 5, touched);
    emails.employeeIds.forEach((id) => touched.add(id));
    const moves = moveBetweenSquads(emails.workforce, 15, 5, touched);
    moves.employeeIds.forEach((id) => touched.add(id));
    const leavers = dropPeople(moves.workforce, 15, 5, touched);
    leavers.employeeIds.forEach((id) => touched.add(id));
    const ccs = changeCostCenters(leavers.workforce, 15, 5, touched);
    ccs.employeeIds.forEach((id) => touched.add(id));
    expect(touched.size).toBe(60);

    const [was, now] = await Promise.all([mapped(base), mapped(ccs.workforce)]);
    expect(now.issues).toEqual([]);
    const wasUsers = new Map(was.state.users.map((u) => [u.externalId, u]));
    const nowUsers = new Map(now.state.users.map((u) => [u.externalId, u]));
    expect(sorted([...wasUsers.keys()].filter((id) => !nowUsers.has(id)))).toEqual(sorted(leavers.employeeIds));
    const expected = new Map<string, Record<string, unknown>>();
    for (const c of emails.changes) expected.set(c.employeeId, { email: c.to });
    for (const c of moves.changes) {
      const teams = person(c.employeeId).teams.map((t) => (t === c.from ? c.to : t));
      expected.set(c.employeeId, { squads: sorted(teams) });
    }
    for (const c of ccs.changes) expected.set(c.employeeId, { costCenter: c.to.code });
    const seen = new Map<string, Record<string, unknown>>();
    for (const [id, user] of nowUsers) {
      const old = wasUsers.get(id);
      if (!old) throw new Error(`${id} appeared`);
      const fields = Object.fromEntries(Object.entries(user).filter(([k, v]) => k !== 'origin' && JSON.stringify(v) !== JSON.stringify(old[k as keyof typeof old])));
      if (Object.keys(fields).length > 0) seen.set(id, fields);
    }
    expect(seen).toEqual(expected);
    expect(now.state.squads).toEqual(was.state.squads);
    expect(now.state.costCenters).toEqual(was.state.costCenters);
  });
});

describe('demo workforce', () => {
  it('has 300 people in 12 squads and 6 cost centers, the same every time', () => {
    const w = demoWorkforce();
    expect(w.people).toHaveLength(300);
    expect(w.squads).toHaveLength(12);
    expect(w.costCenters.map((c) => c.name)).toEqual(['Finance', 'Engineering', 'Sales', 'Marketing', 'Human Resources', 'Operations']);
    expectAllUsed(w);
    expect(toCsv(demoWorkforce())).toBe(toCsv(w));
  });

  it('second day: one rename, one move, one leaver, one cost-center change, on four people, each described', () => {
    const w = demoWorkforce();
    const day2 = demoChanges(w);
    const d = diff(w, day2.workforce);
    expect(d.removed).toEqual([day2.leaver.employeeId]);
    expect(new Map(d.changed)).toEqual(
      new Map([
        [day2.rename.employeeId, ['lastName']],
        [day2.move.employeeId, ['teams']],
        [day2.costCenter.employeeId, ['costCenter']],
      ]),
    );
    expect(day2.descriptions).toHaveLength(4);
    const ids = [day2.rename.employeeId, day2.move.employeeId, day2.leaver.employeeId, day2.costCenter.employeeId];
    day2.descriptions.forEach((line, i) => {
      expect(line).toContain(ids[i]);
      expect(line).not.toContain('\n');
    });
    expect(day2.descriptions[0]).toContain(day2.rename.to);
    expect(day2.descriptions[1]).toContain(`${day2.move.from} and joined ${day2.move.to}`);
    expect(day2.descriptions[2]).toContain(displayName(day2.leaver));
    expect(day2.descriptions[3]).toContain(`${day2.costCenter.from.code} ${day2.costCenter.from.name} to ${day2.costCenter.to.code}`);
    expect(demoChanges(demoWorkforce()).descriptions).toEqual(day2.descriptions);
    expectAllUsed(day2.workforce);
  });
});
