import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/plan/plan-types.js';
import { changeKinds } from '../../src/engine/change-kinds/index.js';
import { describeChange, renderPlanText } from '../../src/report/index.js';
import { batchChanges, buildPlan, everyKindOfChange, issues, people, person } from './plan-builders.js';

const ansi = /\u001b\[/;

/** The lines of one section: from its title line to the next blank line. */
function section(report: string, title: string): string[] {
  const lines = report.split('\n');
  const start = lines.findIndex((l) => l.startsWith(title));
  if (start < 0) throw new Error(`no section "${title}" in:\n${report}`);
  const end = lines.indexOf('', start);
  return lines.slice(start, end < 0 ? undefined : end);
}

describe('renderPlanText', () => {
  it('has a header naming the source, Deskbee, mode and time', () => {
    const report = renderPlanText(buildPlan(), { color: false });
    expect(report).toContain('hr-csv (csv), 1,234 entries read');
    expect(report).toContain('https://api.deskbee.io/v1.1, now holding 330 users, 12 squads, 8 cost centers, 3 tags');
    expect(report).toMatch(/Mode\s+sync/);
    expect(report).toContain('2025-03-04T05:06:07.000Z');
    expect(report.endsWith('\n')).toBe(true);
  });

  it('counts changes by kind, in changeKinds order, only kinds present, with the total', () => {
    const extra = [
      { kind: 'createUser' as const, user: { email: 'z1@corp.com', name: 'Z1' }, after: {} },
      { kind: 'createUser' as const, user: { email: 'z2@corp.com', name: 'Z2' }, after: {} },
      { kind: 'addMembers' as const, squad: 'Ops', users: people(7) },
    ];
    const plan = buildPlan({}, [...everyKindOfChange().filter((c) => c.kind !== 'createTag'), ...extra]);
    const rows = section(renderPlanText(plan, { color: false }), 'Changes to make').slice(1);
    const parsed = rows.map((row) => /^\s+[+~\- ] (.+?)\s{2,}([\d,]+)(?:\s+\((.+)\))?$/.exec(row));
    expect(parsed.every((m) => m !== null)).toBe(true);
    const table = parsed.map((m) => ({ label: m![1]!.trim(), count: Number(m![2]), note: m![3] }));
    const expected = new Map<string, number>();
    for (const c of planChanges(plan)) expected.set(c.kind, (expected.get(c.kind) ?? 0) + 1);
    const kindsPresent = changeKinds.filter((k) => expected.has(k));
    expect(table.length).toBe(kindsPresent.length + 1);
    expect(table.map((r) => r.count)).toEqual([...kindsPresent.map((k) => expected.get(k)), planChanges(plan).length]);
    expect(table.at(-1)?.label).toBe('total');
    expect(table.find((r) => r.label === 'create user')?.count).toBe(3);
    expect(table.some((r) => r.label === 'create tag')).toBe(false);
    expect(table.find((r) => r.label === 'add squad members')?.note).toBe('10 people');
    // Aligned: every count ends in the same column.
    const ends = rows.map((row) => row.replace(/\s+\(.+\)$/, '').length);
    expect(new Set(ends).size).toBe(1);
  });

  it('shows a failed safety limit prominently, with which limit and by how much', () => {
    const report = renderPlanText(buildPlan(), { color: false });
    expect(report.split('\n').slice(0, 10).join('\n')).toContain('Over 1 safety limit: deactivations. Apply will refuse this plan.');
    const safety = section(report, 'Safety limits');
    const over = safety.findIndex((l) => l.includes('OVER LIMIT'));
    expect(safety[over]).toContain('deactivations: Would deactivate 40 users; the limit is 25.');
    expect(safety[over + 1]).toContain('40 against a limit of 25: over by 15; apply will refuse this plan.');
    expect(safety.some((l) => /ok\s+deactivations \(%\): 12\.1% within a limit of 15%/.test(l))).toBe(true);
  });

  it('marks an overridden limit as overridden, not as refused', () => {
    const base = buildPlan();
    const plan = buildPlan({ safety: { ...base.safety, overridden: ['deactivations'] } });
    const report = renderPlanText(plan, { color: false });
    expect(report).toContain('OVERRIDDEN');
    expect(report).not.toContain('Apply will refuse');
  });

  it('lists entries left out, collapsing beyond 20 unless verbose', () => {
    const plan = buildPlan({ issues: issues(23) });
    const short = section(renderPlanText(plan, { color: false }), 'Entries left out (23)');
    expect(short).toHaveLength(1 + 20 + 1);
    expect(short[1]).toBe('  hr.csv line 2, email: "bad-1" is not an email address');
    expect(short.at(-1)).toContain('… and 3 more');
    const full = section(renderPlanText(plan, { color: false, verbose: true }), 'Entries left out (23)');
    expect(full).toHaveLength(1 + 23);
    expect(full.at(-1)).toContain('"bad-23"');
  });

  it('names the line of an issue when the origin does not', () => {
    const plan = buildPlan({ issues: [{ origin: 'hr.csv', line: 9, message: 'row has 3 columns, header has 5' }] });
    expect(renderPlanText(plan, { color: false })).toContain('  hr.csv line 9: row has 3 columns, header has 5');
  });

  it('shows drift with the three values and the resolution', () => {
    const drift = section(renderPlanText(buildPlan(), { color: false }), 'Drift (2)');
    expect(drift[1]).toBe(
      '  ana@corp.com (Ana Souza), name: last applied "Ana Silva" → Deskbee now "Ana S." → source wants "Ana Souza"; overwritten with the source\'s value',
    );
    expect(drift[2]).toContain("cost center: last applied \"CC-10\" → Deskbee now \"CC-99\" → source wants \"CC-10\"; kept: Deskbee's value stays");
  });

  it('lists every change by stage in apply order, with its sign and sentence', () => {
    const plan = buildPlan();
    const report = renderPlanText(plan, { color: false });
    const list = report.slice(report.indexOf('Changes, in apply order'));
    const titles = ['Cost centers', 'Squads', 'Tags', 'Users', 'Squad memberships', 'Removals', 'Deletions'];
    const positions = titles.map((t) => list.indexOf(`\n  ${t}\n`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const signs: Record<string, string> = { createCostCenter: '+', updateCostCenter: '~', renameSquad: '~', linkSquad: '+', updateUser: '~', linkUser: '+', reactivateUser: '+', addMembers: '+', removeMembers: '-', deactivateUser: '-', createUser: '+', createSquad: '+', createTag: '+', deleteUser: '-', deleteSquad: '-', deleteCostCenter: '-', removeUserTag: '-' };
    let last = -1;
    for (const change of planChanges(plan)) {
      const sentence = describeChange(change, 'plan', { source: 'hr-csv' }).split(': ')[0]!;
      const at = list.indexOf(`    ${signs[change.kind]} ${sentence}`);
      expect(at, sentence).toBeGreaterThan(last);
      last = at;
    }
    expect(list).toContain('    ~ Would change cost center CC-10\n        name: "Finance" → "Finance & Tax"\n');
    expect(list).toContain('        cost center: "CC-10" → "CC-20"\n');
  });

  it('shortens long member lists and shows them in full when verbose', () => {
    const plan = buildPlan({}, [{ kind: 'addMembers', squad: 'Finance', users: people(30) }]);
    const short = renderPlanText(plan, { color: false });
    expect(short).toContain('+ Would add 30 users to squad Finance');
    expect(short).toContain('members: user01@corp.com, user02@corp.com, user03@corp.com, user04@corp.com, user05@corp.com, … (+25 more)');
    expect(short).not.toContain('user06@corp.com');
    const full = renderPlanText(plan, { color: false, verbose: true });
    for (const p of people(30)) expect(full).toContain(p.email);
    expect(full).not.toContain('(+25 more)');
  });

  it('caps the changes listed per kind when asked, unless verbose', () => {
    const creates = Array.from({ length: 8 }, (_, i) => ({
      kind: 'createUser' as const,
      user: { email: `n${i}@corp.com`, name: `N ${i}` },
      after: {},
    }));
    const plan = buildPlan({}, [...creates, { kind: 'createSquad', name: 'Ops' }]);
    const capped = renderPlanText(plan, { color: false, maxChangesPerKind: 3 });
    expect(capped).toContain('n2@corp.com');
    expect(capped).not.toContain('n3@corp.com');
    expect(capped).toContain('… and 5 more "create user"');
    expect(capped).toContain('Would create squad Ops');
    const all = renderPlanText(plan, { color: false, maxChangesPerKind: 3, verbose: true });
    expect(all).toContain('n7@corp.com');
  });

  it('says so when there is nothing to change, and still lists issues', () => {
    const plan = buildPlan({ drift: [], ...batchChanges([]) }, []);
    const report = renderPlanText(plan, { color: false });
    expect(report).toContain('No changes: Deskbee already matches hr-csv.');
    expect(report).not.toContain('Changes to make');
    expect(report).not.toContain('Changes, in apply order');
    expect(report).toContain('Entries left out (2)');
  });

  it('uses colour codes only when asked', () => {
    const plan = buildPlan();
    const plain = renderPlanText(plan, { color: false });
    const coloured = renderPlanText(plan, { color: true });
    expect(plain).not.toMatch(ansi);
    expect(coloured).toMatch(ansi);
    expect(coloured).toContain('\u001b[32m+\u001b[39m Would create squad Finance');
    expect(coloured).toContain('\u001b[31m-\u001b[39m Would deactivate user bob@corp.com');
    expect(coloured).toContain('\u001b[1m\u001b[31mOVER LIMIT\u001b[39m\u001b[22m');
    // Same text once the codes are taken out.
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('strips control characters from source-provided strings', () => {
    const evil = 'Mal\u001b[2J\u001b]0;pwned\u0007lory\r\nX\u001b[31m';
    const plan = buildPlan(
      {
        issues: [{ origin: 'hr.csv line 4\u001b[1A', line: 4, field: 'na\u0000me', message: `bad \u009b31m name ${evil}` }],
        drift: [{ user: person('m@corp.com', evil), field: 'name', lastApplied: evil, actual: 'x', desired: evil, resolution: 'kept' }],
      },
      [
        { kind: 'createUser', user: { email: 'm@corp.com', name: evil }, after: { name: evil } },
        { kind: 'createSquad', name: `Squad ${evil}` },
        { kind: 'updateUser', user: person('m@corp.com', evil), before: { name: 'M' }, after: { name: evil }, drift: [] },
      ],
    );
    for (const color of [false, true]) {
      const report = renderPlanText(plan, { color });
      // With colour, take out only the codes the report itself adds (it adds no others).
      const withoutOurCodes = color ? report.replace(/\u001b\[(?:1|2|22|31|32|33|39)m/g, '') : report;
      expect(withoutOurCodes).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(withoutOurCodes).toContain('Would create user m@corp.com (Mal[2J]0;pwnedlory  X[31m)');
    }
  });
});

describe('every entry accounted for', () => {
  it('says where every person read went, in text and Markdown', async () => {
    const { renderPlanMarkdown } = await import('../../src/report/index.js');
    const plan = buildPlan();
    const sentence =
      '1,234 people read from hr-csv: 1,000 to create, 150 to change, 70 unchanged, 2 left out (listed under "Entries left out"), 12 disabled in the source and not in Deskbee (not created).';
    const text = renderPlanText(plan, { color: false });
    expect(text).toContain(`Every entry accounted for\n  ${sentence}\n  4 leavers: linked to hr-csv and gone from it, to deactivate.`);
    expect(renderPlanMarkdown(plan)).toContain(`### Every entry accounted for\n\n- ${sentence.replace(/"/g, '"')}`);
  });
});
