import { describe, expect, it } from 'vitest';
import { renderPlan, renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../src/report/index.js';
import { buildPlan } from './plan-builders.js';

describe('renderPlan', () => {
  it('dispatches by format and passes the text options on', () => {
    const plan = buildPlan();
    expect(renderPlan(plan, 'text')).toBe(renderPlanText(plan, { color: false }));
    expect(renderPlan(plan, 'text', { color: true, verbose: true })).toBe(renderPlanText(plan, { color: true, verbose: true }));
    expect(renderPlan(plan, 'text', { color: true })).not.toBe(renderPlan(plan, 'text'));
    expect(renderPlan(plan, 'markdown')).toBe(renderPlanMarkdown(plan));
    expect(renderPlan(plan, 'json')).toBe(renderPlanJson(plan));
  });
});
