import { describe, expect, it } from 'vitest';
import { planChanges, type Change } from '../../src/plan/plan-types.js';
import { changeKinds } from '../../src/engine/change-kinds/index.js';
import { changeDetails, describeChange } from '../../src/report/index.js';
import { batchChanges, buildPlan, people, person } from './plan-builders.js';

function only(inputs: Parameters<typeof batchChanges>[0]): Change {
  const [change] = planChanges(batchChanges(inputs));
  if (!change) throw new Error('no change built');
  return change;
}

const ctx = { source: 'hr-csv' };

describe('describeChange', () => {
  it('speaks of every kind in the plan, applied and imperative tenses', () => {
    const changes = planChanges(buildPlan());
    expect(new Set(changes.map((c) => c.kind))).toEqual(new Set(changeKinds));
    for (const change of changes) {
      const planned = describeChange(change, 'plan', ctx);
      const applied = describeChange(change, 'applied', ctx);
      const imperative = describeChange(change, 'imperative', ctx);
      expect(planned).toMatch(/^Would [a-z]+ /);
      expect(applied).toMatch(/^[A-Z][a-z]+ed /);
      expect(imperative).toMatch(/^[A-Z][a-z]+ /);
      // The same sentence apart from the verb.
      expect(planned.replace(/^Would \S+/, '')).toBe(applied.replace(/^\S+/, ''));
      expect(imperative.replace(/^\S+/, '')).toBe(applied.replace(/^\S+/, ''));
    }
  });

  it('creates users with their name', () => {
    const change = only([{ kind: 'createUser', user: { email: 'ana@corp.com', name: 'Ana Silva' }, after: { name: 'Ana Silva' } }]);
    expect(describeChange(change, 'plan')).toBe('Would create user ana@corp.com (Ana Silva)');
    expect(describeChange(change, 'applied')).toBe('Created user ana@corp.com (Ana Silva)');
    expect(describeChange(change, 'imperative')).toBe('Create user ana@corp.com (Ana Silva)');
  });

  it('counts members added and names a single one', () => {
    const three = only([{ kind: 'addMembers', squad: 'Finance', users: people(3) }]);
    expect(describeChange(three, 'plan')).toBe('Would add 3 users to squad Finance');
    expect(describeChange(three, 'applied')).toBe('Added 3 users to squad Finance');
    const one = only([{ kind: 'removeMembers', squad: 'Finance', squadUuid: 'sq', users: [person('tom@corp.com', 'Tom')] }]);
    expect(describeChange(one, 'plan')).toBe('Would remove tom@corp.com from squad Finance');
  });

  it('says why a user is deactivated or reactivated, naming the source', () => {
    const bob = person('bob@corp.com', 'Bob Lee');
    const left = only([{ kind: 'deactivateUser', user: bob, reason: 'left' }]);
    const disabled = only([{ kind: 'deactivateUser', user: bob, reason: 'disabled' }]);
    expect(describeChange(left, 'plan', ctx)).toBe('Would deactivate user bob@corp.com: gone from hr-csv');
    expect(describeChange(left, 'plan')).toBe('Would deactivate user bob@corp.com: gone from the source');
    expect(describeChange(disabled, 'plan', ctx)).toBe('Would deactivate user bob@corp.com: disabled in the source');
    const back = only([{ kind: 'reactivateUser', user: bob, reason: 'returned' }]);
    expect(describeChange(back, 'applied', ctx)).toBe('Reactivated user bob@corp.com: back in hr-csv');
  });

  it('links by match rule, and says when it replaces an earlier external id', () => {
    const x = person('x@corp.com', 'Xavier', 'E123');
    const link = only([{ kind: 'linkUser', user: x, matchedBy: 'enrollment' }]);
    expect(describeChange(link, 'plan', ctx)).toBe('Would link Deskbee user x@corp.com to hr-csv id E123 (matched by enrollment)');
    const relink = only([{ kind: 'linkUser', user: x, matchedBy: 'email', previousExternalId: 'E001' }]);
    expect(describeChange(relink, 'applied', ctx)).toBe('Linked Deskbee user x@corp.com to hr-csv id E123, replacing id E001 (matched by email)');
  });

  it('renames squads and changes cost centers field by field', () => {
    const rename = only([{ kind: 'renameSquad', uuid: 'sq', before: 'Sales', after: 'Sales EMEA' }]);
    expect(describeChange(rename, 'plan')).toBe('Would rename squad Sales → Sales EMEA');
    const cc = only([
      {
        kind: 'updateCostCenter',
        uuid: 'cc',
        code: 'CC-10',
        before: { code: 'CC-10', name: 'Finance', description: null },
        after: { code: 'CC-10', name: 'Finance & Tax', description: 'Tax, payroll' },
      },
    ]);
    expect(describeChange(cc, 'plan')).toBe('Would change cost center CC-10: name Finance → Finance & Tax; description (none) → "Tax, payroll"');
  });

  it('changes users field by field, with list deltas, status words and drift', () => {
    const change = only([
      {
        kind: 'updateUser',
        user: person('ana@corp.com', 'Ana Souza'),
        before: { name: 'Ana Silva', status: false, tags: ['onsite'], documents: { badge: '11' } },
        after: { name: 'Ana Souza', status: true, tags: ['onsite', 'remote'], documents: { badge: '12', locker: '7' } },
        drift: ['name'],
      },
    ]);
    expect(describeChange(change, 'plan')).toBe(
      'Would change user ana@corp.com: name Ana Silva → Ana Souza (overwriting a hand edit); status deactivated → active; tags +remote; documents.badge 11 → 12; documents.locker (none) → 7',
    );
    expect(changeDetails(change)).toEqual([
      'name: "Ana Silva" → "Ana Souza" (changed by hand in Deskbee; overwritten)',
      'status: deactivated → active',
      'tags: +remote',
      'documents.badge: "11" → "12"',
      'documents.locker: (none) → "7"',
    ]);
  });

  it('shows a value Deskbee did not report as unknown', () => {
    const change = only([
      { kind: 'updateUser', user: person('a@corp.com', 'A'), before: {}, after: { costCenter: 'CC-1' }, drift: [] },
    ]);
    expect(describeChange(change, 'plan')).toBe('Would change user a@corp.com: cost center (unknown) → CC-1');
  });

  it('strips control and bidi characters from every value', () => {
    const change = only([
      { kind: 'createUser', user: { email: 'e\u0007vil@corp.com', name: 'Eve\u001b[31m Red\u001b[0m\u202e' }, after: {} },
    ]);
    const sentence = describeChange(change, 'plan');
    expect(sentence).toBe('Would create user evil@corp.com (Eve[31m Red[0m)');
    expect(sentence).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('quotes values that would be ambiguous bare', () => {
    const rename = only([{ kind: 'renameSquad', uuid: 'sq', before: ' Ops', after: 'Ops: night (EU)' }]);
    expect(describeChange(rename, 'plan')).toBe('Would rename squad " Ops" → "Ops: night (EU)"');
  });
});

describe('changeDetails', () => {
  it('shortens a long member list unless verbose', () => {
    const change = only([{ kind: 'addMembers', squad: 'Finance', users: people(30) }]);
    const [short] = changeDetails(change);
    expect(short).toBe('members: user01@corp.com, user02@corp.com, user03@corp.com, user04@corp.com, user05@corp.com, … (+25 more)');
    const [full] = changeDetails(change, { verbose: true });
    for (const p of people(30)) expect(full).toContain(p.email);
    expect(full).not.toContain('more');
  });

  it('has nothing to add for a single member or a create', () => {
    expect(changeDetails(only([{ kind: 'addMembers', squad: 'F', users: people(1) }]))).toEqual([]);
    expect(changeDetails(only([{ kind: 'createSquad', name: 'F' }]))).toEqual([]);
  });
});

describe('provenance beside each changed field', () => {
  it('names the source and entry of every field an update writes, and the other source of a merged field', async () => {
    const { changeDetails } = await import('../../src/report/index.js');
    const update = {
      id: 'c0001',
      kind: 'updateUser' as const,
      description: 'Update user ana@corp.com',
      user: { uuid: 'u-1', externalId: 'guid-1', source: 'ad', email: 'ana@corp.com', name: 'Ana' },
      before: { name: 'Ana S.', costCenter: 'CC-100' },
      after: { name: 'Ana Souza', costCenter: 'CC-110' },
      drift: [],
      origin: 'CN=Ana,OU=People,DC=corp',
      fieldsFrom: { costCenter: 'hr (hr.csv line 42)' },
    };
    expect(changeDetails(update)).toEqual([
      'name: "Ana S." → "Ana Souza" ← ad (CN=Ana,OU=People,DC=corp)',
      'cost center: "CC-100" → "CC-110" ← hr (hr.csv line 42)',
    ]);
    const create = { ...update, kind: 'createUser' as const, user: { externalId: 'guid-2', source: 'ad', email: 'bo@corp.com', name: 'Bo' }, after: { name: 'Bo', costCenter: 'CC-110' } };
    const { before: _b, drift: _d, ...created } = create;
    expect(changeDetails(created)).toEqual(['from ad (CN=Ana,OU=People,DC=corp)', 'cost center: "CC-110" ← hr (hr.csv line 42)']);
  });
});
