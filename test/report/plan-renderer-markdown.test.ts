import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/plan/plan-types.js';
import { describeChange, renderPlanMarkdown } from '../../src/report/index.js';
import { escapeMarkdown } from '../../src/report/markdown-format.js';
import { batchChanges, buildPlan, everyKindOfChange, issues, people, person } from './plan-builders.js';

/** Table rows (`| … |`) of the section under `heading`. */
function tableUnder(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`${heading}`);
  if (start < 0) throw new Error(`no "${heading}" in:\n${markdown}`);
  const rest = markdown.slice(start).split('\n').slice(1);
  const rows: string[][] = [];
  for (const line of rest) {
    if (line.startsWith('#')) break;
    if (!line.startsWith('|')) {
      if (rows.length > 0 && line === '') break;
      continue;
    }
    // Split on pipes that are not escaped.
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
  }
  return rows;
}

describe('renderPlanMarkdown', () => {
  it('has a heading, the header facts and the safety stop', () => {
    const md = renderPlanMarkdown(buildPlan());
    expect(md.startsWith('## Deskbee sync plan: hr-csv → Deskbee\n')).toBe(true);
    expect(md).toContain('- **Source:** hr-csv (csv), 1,234 entries read');
    expect(md).toContain('> **Over 1 safety limit: deactivations.** Apply will refuse this plan.');
    expect(md).toContain('- **OVER LIMIT: deactivations**: Would deactivate 40 users; the limit is 25. (40 against a limit of 25: over by 15; apply will refuse this plan.)');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('has a counts table with one row per kind present and the total', () => {
    const plan = buildPlan();
    const rows = tableUnder(renderPlanMarkdown(plan), '### Changes to make');
    expect(rows[0]).toEqual(['', 'Change', 'Count']);
    expect(rows[1]).toEqual(['---', '---', '---:']);
    const body = rows.slice(2);
    const kinds = new Set(planChanges(plan).map((c) => c.kind));
    expect(body).toHaveLength(kinds.size + 1);
    expect(body.find((r) => r[1] === 'deactivate user')).toEqual(['`-`', 'deactivate user', '2']);
    expect(body.at(-1)).toEqual(['', '**total**', `**${planChanges(plan).length}**`]);
  });

  it('lists every change under its stage heading', () => {
    const plan = buildPlan();
    const md = renderPlanMarkdown(plan);
    for (const change of planChanges(plan)) {
      const headline = describeChange(change, 'plan', { source: 'hr-csv' }).split(': ')[0]!;
      expect(md).toContain(escapeMarkdown(headline));
    }
    expect(md).toMatch(/#### Users \(4\)\n\n- `\+` Would create user carla@corp.com \(Carla Dias\)/);
    expect(md).toContain('- `~` Would change user ana@corp.com\n  - name: "Ana Silva" → "Ana Souza" (changed by hand in Deskbee; overwritten)');
  });

  it('escapes pipes, backticks and angle brackets in values', () => {
    const plan = buildPlan({}, [
      { kind: 'createSquad', name: 'Ops | Night' },
      { kind: 'createUser', user: { email: 'x@corp.com', name: 'X `rm -rf` <script>alert(1)</script>' }, after: {} },
    ]);
    const md = renderPlanMarkdown(plan);
    expect(md).toContain('Would create squad Ops \\| Night');
    expect(md).toContain('X \\`rm -rf\\` \\<script\\>alert(1)\\</script\\>');
    expect(md).not.toContain('<script>');
  });

  it('keeps a table intact when an issue holds a pipe or a line break', () => {
    const plan = buildPlan({ issues: [{ origin: 'hr.csv line 3', line: 3, field: 'squad', message: 'unknown squad "A|B"\nsee row' }] });
    const rows = tableUnder(renderPlanMarkdown(plan), '### Entries left out');
    expect(rows[2]).toEqual(['hr.csv line 3', 'squad', 'unknown squad "A\\|B" see row']);
  });

  it('puts issues beyond 20 in a details block', () => {
    const md = renderPlanMarkdown(buildPlan({ issues: issues(23) }));
    const section = md.slice(md.indexOf('### Entries left out (23)'), md.indexOf('### Drift'));
    const open = section.slice(0, section.indexOf('<details>'));
    expect(open.match(/^\| hr\.csv line/gm)).toHaveLength(20);
    expect(section).toContain('<details><summary>3 more entries</summary>');
    expect(section.slice(section.indexOf('<details>')).match(/^\| hr\.csv line/gm)).toHaveLength(3);
  });

  it('has a drift table', () => {
    const rows = tableUnder(renderPlanMarkdown(buildPlan()), '### Drift');
    expect(rows[0]).toEqual(['User', 'Field', 'Last applied', 'Deskbee now', 'Source wants', 'Resolution']);
    expect(rows[2]).toEqual(['ana@corp.com (Ana Souza)', 'name', '"Ana Silva"', '"Ana S."', '"Ana Souza"', "overwritten with the source's value"]);
  });

  it('lists short member lists inline and long ones in full inside details', () => {
    const plan = buildPlan({}, [
      { kind: 'addMembers', squad: 'Small', users: people(3) },
      { kind: 'addMembers', squad: 'Big', users: people(30, 'big') },
    ]);
    const md = renderPlanMarkdown(plan);
    expect(md).toContain('- `+` Would add 3 users to squad Small\n  - members: user01@corp.com, user02@corp.com, user03@corp.com\n');
    const big = md.slice(md.indexOf('squad Big'));
    expect(big).toContain('<details><summary>30 members</summary>');
    for (const p of people(30, 'big')) expect(big).toContain(p.email);
  });

  it('wraps a stage of more than 50 changes in a details block', () => {
    const creates = Array.from({ length: 51 }, (_, i) => ({ kind: 'createUser' as const, user: { email: `n${i}@corp.com`, name: `N${i}` }, after: {} }));
    const md = renderPlanMarkdown(buildPlan({}, creates));
    expect(md).toContain('#### Users (51)\n\n<details><summary>51 changes</summary>');
    expect(md).toContain('n50@corp.com');
  });

  it('says so when there is nothing to change', () => {
    const md = renderPlanMarkdown(buildPlan({ ...batchChanges([]) }, []));
    expect(md).toContain('**No changes: Deskbee already matches hr-csv.**');
    expect(md).not.toContain('### Changes');
  });

  it('has no control characters from the data', () => {
    const plan = buildPlan({}, [...everyKindOfChange(), { kind: 'deactivateUser', user: person('q\u001b[31m@corp.com', 'Q'), reason: 'left' }]);
    expect(renderPlanMarkdown(plan)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('escapeMarkdown', () => {
  it('escapes inline syntax and leading @, and leaves ordinary text alone', () => {
    expect(escapeMarkdown('a|b `c` <d> *e* _f_ [g](h) ~i~')).toBe('a\\|b \\`c\\` \\<d\\> \\*e\\* \\_f\\_ \\[g\\](h) \\~i\\~');
    expect(escapeMarkdown('@security team, ana@corp.com')).toBe('\\@security team, ana@corp.com');
    expect(escapeMarkdown('Finance & Tax &amp;')).toBe('Finance & Tax \\&amp;');
    expect(escapeMarkdown('\\')).toBe('\\\\');
  });
});
