import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestBody, planFingerprint, planJson } from '../../src/plan/plan-json.js';
import { sealHolds, sealPlan } from '../../src/plan/plan-seal.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { Secret } from '../../src/secret.js';
import { buildPlan, people } from '../report/plan-builders.js';

const key = new Secret('11'.repeat(32));

describe('the plan file text', () => {
  it('puts every change, issue and drift notice on a line of its own, and parses back to the plan', () => {
    const plan = buildPlan({}, [{ kind: 'addMembers', squad: 'Ops', users: people(3) }, { kind: 'createUser', user: { email: 'a@corp.com', name: 'A' }, after: {} }]);
    const text = planJson(plan);
    expect(JSON.parse(text)).toStrictEqual(plan);
    const changeLines = text.split('\n').filter((line) => /^ {6}\{"kind":/.test(line));
    expect(changeLines).toHaveLength(2);
    for (const line of changeLines) expect(() => JSON.parse(line.trim().replace(/,$/, ''))).not.toThrow();
    const issueLines = text.split('\n').filter((line) => /^ {4}\{"origin":/.test(line));
    expect(issueLines).toHaveLength(plan.issues.length);
  });

  it('has a fingerprint that is the sha256 of every byte before the fingerprint line', () => {
    const plan = buildPlan();
    const text = planJson(plan);
    const body = text.slice(0, text.indexOf('\n  "fingerprint"') + 1);
    expect(planFingerprint(plan)).toBe(createHash('sha256').update(body).digest('hex'));
    expect(digestBody(plan, createHash('sha256')).digest('hex')).toBe(planFingerprint(plan));
  });
});

describe('the seal', () => {
  const sealed = (): Plan => {
    const plan = buildPlan();
    return sealPlan({ ...plan, fingerprint: planFingerprint(plan) }, key);
  };

  it('holds for the plan as sealed, and after a round trip through its file text', () => {
    const plan = sealed();
    expect(sealHolds(plan, key)).toBe(true);
    expect(sealHolds(JSON.parse(planJson(plan)) as Plan, key)).toBe(true);
    expect(planJson(plan).trimEnd().split('\n').at(-2)).toMatch(/^ {2}"seal": "[0-9a-f]{64}"$/);
  });

  it('fails for a plan edited by hand even with its fingerprint recomputed', () => {
    const plan = sealed();
    const edited = JSON.parse(planJson(plan).replace('"Ana Souza"', '"Mallory"')) as Plan;
    expect(planJson(edited)).toContain('Mallory');
    const recomputed = { ...edited, fingerprint: planFingerprint(edited) };
    expect(recomputed.fingerprint).not.toBe(plan.fingerprint);
    expect(sealHolds(recomputed, key)).toBe(false);
  });

  it('fails with another store key, and without a seal', () => {
    const plan = sealed();
    expect(sealHolds(plan, new Secret('22'.repeat(32)))).toBe(false);
    const { seal: _seal, ...unsealed } = plan;
    expect(sealHolds(unsealed as Plan, key)).toBe(false);
    expect(sealHolds({ ...plan, seal: 'not-hex' }, key)).toBe(false);
  });
});
