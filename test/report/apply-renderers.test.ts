import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/plan/plan-types.js';
import { describeChange, renderApply, renderApplyMarkdown, renderApplyText } from '../../src/report/index.js';
import { buildApplyResult, buildPlan, people } from './plan-builders.js';

const failure = {
  status: 422,
  id: 'err-7f3e',
  message: 'The given data was invalid.',
  errors: { email: ['The email has already been taken.'], enrollment: ['The enrollment has already been taken.'] },
};

function scenario(stopped = false) {
  const plan = buildPlan();
  const byKind = (kind: string) => planChanges(plan).find((c) => c.kind === kind)!;
  const create = byKind('createUser');
  const members = byKind('addMembers');
  const deactivate = byKind('deactivateUser');
  const result = buildApplyResult(
    plan,
    { [create.id]: failure },
    { [members.id]: 'the squad it adds to failed', [deactivate.id]: 'the error budget ran out' },
    { stoppedByErrorBudget: stopped },
  );
  return { plan, result, create, members, deactivate };
}

describe('renderApplyText', () => {
  it('counts applied, failed and skipped', () => {
    const { plan, result } = scenario();
    const report = renderApplyText(result, plan, { color: false });
    const total = planChanges(plan).length;
    expect(result.counts).toEqual({ applied: total - 3, unconfirmed: 0, failed: 1, skipped: 2 });
    expect(report).toMatch(new RegExp(`Result\\s+${total - 3} applied, 0 unconfirmed, 1 failed, 2 skipped`));
    expect(report).toMatch(/^ {2}create user\s+0\s+0\s+1\s+0$/m);
    expect(report).toMatch(new RegExp(`^ {2}total\\s+${total - 3}\\s+0\\s+1\\s+2$`, 'm'));
    expect(report).toContain('(1m 12s)');
  });

  it("lists failed changes with Deskbee's status, error id, message and field errors", () => {
    const { plan, result } = scenario();
    const report = renderApplyText(result, plan, { color: false });
    const failed = report.slice(report.indexOf('Failed (1)'));
    expect(failed).toContain('✗ Create user carla@corp.com (Carla Dias)');
    expect(failed).toContain('Deskbee answered 422 (error id err-7f3e): The given data was invalid.');
    expect(failed).toContain('email: The email has already been taken.');
    expect(failed).toContain('enrollment: The enrollment has already been taken.');
  });

  it('says when no answer came, rather than a status 0', () => {
    const { plan, create } = scenario();
    const result = buildApplyResult(plan, { [create.id]: { status: 0, id: '', message: 'connect ECONNREFUSED', errors: {} } });
    expect(renderApplyText(result, plan, { color: false })).toContain('No answer from Deskbee (timeout or connection failure): connect ECONNREFUSED.');
  });

  it('lists skipped changes with their reasons', () => {
    const { plan, result } = scenario();
    const report = renderApplyText(result, plan, { color: false });
    expect(report).toContain('Add 3 users to squad Finance (skipped: the squad it adds to failed)');
    expect(report).toContain('Deactivate user bob@corp.com: gone from hr-csv (skipped: the error budget ran out)');
  });

  it('lists applied changes in the past tense, and never the failed or skipped ones as applied', () => {
    const { plan, result, create, deactivate } = scenario();
    const report = renderApplyText(result, plan, { color: false });
    const applied = report.slice(report.indexOf('Applied ('), report.indexOf('Requests'));
    for (const outcome of result.outcomes.filter((o) => o.outcome === 'applied')) {
      const change = planChanges(plan).find((c) => c.id === outcome.changeId)!;
      expect(applied).toContain(describeChange(change, 'applied', { source: 'hr-csv' }).split(': ')[0]);
    }
    expect(applied).not.toContain('Would ');
    expect(applied).not.toContain(describeChange(create, 'applied'));
    expect(applied).not.toContain('bob@corp.com');
    expect(applied).not.toContain(deactivate.id);
  });

  it('says when the error budget stopped the run', () => {
    const { plan, result } = scenario(true);
    expect(renderApplyText(result, plan, { color: false })).toContain('Stopped by the error budget after 1 failure');
    const { plan: p2, result: r2 } = scenario(false);
    expect(renderApplyText(r2, p2, { color: false })).not.toContain('error budget after');
  });

  it('reports request statistics', () => {
    const { plan, result } = scenario();
    expect(renderApplyText(result, plan, { color: false })).toContain(
      '57 requests sent (1 token request), 3 retries, 2 throttled (429), 1 server error (5xx), 0 network errors, 1 create recovered by lookup',
    );
  });

  it('uses colour codes only when asked, and strips them from Deskbee messages', () => {
    const { plan, create } = scenario();
    const result = buildApplyResult(plan, { [create.id]: { ...failure, message: 'bad \u001b[2J value', errors: { 'na\u001bme': ['x\u0007y'] } } });
    const plain = renderApplyText(result, plan, { color: false });
    const coloured = renderApplyText(result, plan, { color: true });
    expect(plain).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(plain).toContain('bad [2J value');
    expect(plain).toContain('name: xy');
    expect(coloured).toMatch(/\u001b\[31m/);
    expect(coloured.replace(/\u001b\[(?:1|2|22|31|32|33|39)m/g, '')).toBe(plain);
  });

  it('warns when the result belongs to another plan, and falls back to recorded descriptions', () => {
    const { plan, result } = scenario();
    const other = buildPlan({ fingerprint: 'e'.repeat(64) }, [{ kind: 'createSquad', name: 'Other' }]);
    const report = renderApplyText(result, other, { color: false });
    expect(report).toContain('this result is for plan ffffffffffffffff, not the plan given (eeeeeeeeeeeeeeee)');
    expect(report).not.toContain('Created squad Other');
    // The builder records `<kind> #<n>` as each change's description.
    expect(report).toContain('Not in this plan');
    expect(report).toContain('createCostCenter #1');
    expect(report).not.toMatch(/Squads\n/);
    const md = renderApplyMarkdown(result, other);
    expect(md).toContain('#### Not in this plan\n\n- createCostCenter #1\n');
    expect(md).not.toContain('Other');
  });

  it('shortens long member lists of applied changes unless verbose', () => {
    const plan = buildPlan({}, [{ kind: 'addMembers', squad: 'Big', users: people(9) }]);
    const result = buildApplyResult(plan);
    expect(renderApplyText(result, plan, { color: false })).toContain('(+4 more)');
    expect(renderApplyText(result, plan, { color: false, verbose: true })).toContain('user09@corp.com');
  });
});

describe('renderApplyMarkdown', () => {
  it('has counts, failures with field errors, skips, applied changes and requests', () => {
    const { plan, result } = scenario(true);
    const md = renderApplyMarkdown(result, plan);
    const total = planChanges(plan).length;
    expect(md).toContain(`- **Result:** **${total - 3} applied, 0 unconfirmed, 1 failed, 2 skipped**`);
    expect(md).toContain('> **Stopped by the error budget after 1 failure');
    expect(md).toContain('| create user | 0 | 0 | 1 | 0 |');
    expect(md).toContain(
      '- Create user carla@corp.com (Carla Dias)\n  - Deskbee answered 422 (error id err-7f3e): The given data was invalid.\n    - email: The email has already been taken.\n    - enrollment: The enrollment has already been taken.',
    );
    expect(md).toContain('| Add 3 users to squad Finance | the squad it adds to failed |');
    expect(md).toContain('- `~` Changed cost center CC-10\n  - name: "Finance" → "Finance & Tax"');
    expect(md).toContain('### Requests\n\n57 requests sent');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('escapes table-breaking characters in reasons', () => {
    const { plan, members } = scenario();
    const result = buildApplyResult(plan, {}, { [members.id]: 'depends on squad A|B' });
    expect(renderApplyMarkdown(result, plan)).toContain('| Add 3 users to squad Finance | depends on squad A\\|B |');
  });
});

describe('renderApply', () => {
  it('dispatches by format', () => {
    const { plan, result } = scenario();
    expect(renderApply(result, plan, 'text')).toBe(renderApplyText(result, plan, { color: false }));
    expect(renderApply(result, plan, 'markdown')).toBe(renderApplyMarkdown(result, plan));
    expect(JSON.parse(renderApply(result, plan, 'json'))).toStrictEqual(result);
  });
});
