import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/plan-types.js';
import { renderPlan, renderPlanJson } from '../../src/report/index.js';
import { buildPlan, people } from './plan-builders.js';

describe('renderPlanJson', () => {
  it('round-trips: parsing the text gives the plan back', () => {
    const plan = buildPlan({}, [
      { kind: 'createUser', user: { email: 'ünïcode@corp.com', name: 'Zoë \u2028 "Q" \\ <b>' }, after: { documents: { badge: 'α-1' } } },
      { kind: 'addMembers', squad: 'Ops | Night', users: people(12) },
    ]);
    const text = renderPlanJson(plan);
    expect(JSON.parse(text)).toStrictEqual(plan);
  });

  it('is pretty-printed with two spaces and ends with a newline', () => {
    const text = renderPlanJson(buildPlan());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "version": 1,');
    expect(text).toMatch(/^ {4}"name": "hr-csv",$/m);
  });

  it('writes the same bytes whatever order the plan was built in', () => {
    const plan = buildPlan();
    const shuffled = Object.fromEntries(Object.entries(plan).reverse()) as unknown as Plan;
    expect(Object.keys(shuffled)[0]).toBe('fingerprint');
    expect(renderPlanJson(shuffled)).toBe(renderPlanJson(plan));
    const keys = Object.keys(JSON.parse(renderPlanJson(shuffled)) as object);
    expect(keys).toEqual(['version', 'createdAt', 'mode', 'source', 'deskbee', 'store', 'accounting', 'issues', 'drift', 'safety', 'batches', 'counts', 'fingerprint']);
  });

  it('keeps keys the Plan type does not know', () => {
    const plan = { ...buildPlan(), future: { x: 1 } } as Plan;
    expect(JSON.parse(renderPlanJson(plan))).toStrictEqual(plan);
  });

  it('is what renderPlan gives for json', () => {
    const plan = buildPlan();
    expect(renderPlan(plan, 'json', { color: true })).toBe(renderPlanJson(plan));
  });
});
