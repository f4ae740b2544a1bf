import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../../../src/plan/apply-result.js';
import { planChanges, type Plan } from '../../../src/plan/plan-types.js';
import { applyFacts, errorSentence, requestSentence } from '../../../src/report/apply-summary.js';
import { changeHeadline } from '../../../src/report/change-sentences.js';
import { escapeHtmlText } from '../../../src/report/html/html-text.js';
import { renderApply, renderApplyHtml, renderPlan, renderPlanHtml } from '../../../src/report/index.js';
import { accountingSentences, driftValues, headerFacts, verdictFigures } from '../../../src/report/plan-summary.js';
import { unconfirmedParagraphs } from '../../../src/report/unconfirmed-summary.js';
import { formatIssueLocation } from '../../../src/plan/value-format.js';
import { buildApplyResult, buildPlan, issues } from '../plan-builders.js';

/** The page's inline script, and its Content-Security-Policy. */
function scriptAndPolicy(page: string): { script: string; policy: string } {
  const script = /<script>([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
  const policy = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)?.[1]?.replace(/&#39;/g, "'") ?? '';
  return { script, policy };
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text).digest('base64')}`;
}

describe('renderPlanHtml', () => {
  it("holds the Markdown report's facts: header, accounting, verdicts, entries left out, drift, every change", () => {
    const plan = buildPlan();
    const page = renderPlanHtml(plan);
    const expected = [
      ...headerFacts(plan).flat(),
      ...accountingSentences(plan),
      ...plan.safety.verdicts.flatMap((v) => [v.message, verdictFigures(v)]),
      ...plan.issues.flatMap((i) => [formatIssueLocation({ ...i, field: undefined }), i.message]),
      ...plan.drift.flatMap((d) => Object.values(driftValues(d))),
      ...planChanges(plan).map((c) => changeHeadline(c, 'plan', { source: plan.source.name })),
      'Over 1 safety limit: deactivations. Apply will refuse this plan.',
      'Every entry accounted for',
    ];
    for (const text of expected) expect(page, text).toContain(escapeHtmlText(text));
  });

  it('is self-contained: one inline script and stylesheet, allowed by hash, nothing fetched', () => {
    const page = renderPlanHtml(buildPlan());
    const { script, policy } = scriptAndPolicy(page);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    expect(policy.split('; ')).toEqual(expect.arrayContaining(["default-src 'none'", `script-src '${sha256(script)}'`, `style-src '${sha256(style)}'`, "connect-src 'none'"]));
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/\s(?:src|href|action|srcset|poster)=/i);
    expect(page).not.toMatch(/url\(|@import|@font-face/i);
    expect(page).not.toMatch(/\sstyle=/i);
  });

  it('escapes every value that reaches the page', () => {
    const hostile = '<script>alert(1)</script>"\'&';
    const plan = buildPlan(
      {
        source: { name: hostile, kind: 'csv', fingerprint: 'a'.repeat(64), entries: 1, mappingFingerprint: 'b'.repeat(64) },
        issues: [{ origin: hostile, line: 2, field: hostile, message: hostile }],
      },
      [
        { kind: 'createUser', user: { email: `${hostile}@corp.com`, name: hostile, externalId: hostile }, after: { name: hostile } },
        { kind: 'addMembers', squad: hostile, users: [{ email: 'a@corp.com', name: hostile }, { email: 'b@corp.com', name: 'B' }] },
      ],
    );
    const page = renderPlanHtml(plan);
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain(`"'&`);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    expect(page.match(/<script/g)).toHaveLength(1);
  });

  it('lists at most 20,000 changes and says where the rest are; counts stay exact', () => {
    const inputs = Array.from({ length: 20_005 }, (_, i) => ({
      kind: 'createUser' as const,
      user: { email: `u${i}@corp.com`, name: `U ${i}` },
      after: { name: `U ${i}` },
    }));
    const plan = buildPlan({ issues: issues(20_003) }, inputs);
    const page = renderPlanHtml(plan);
    expect(page.match(/<li class="change"/g)).toHaveLength(20_000);
    expect(page).toContain('Listing the first 20,000 of 20,005 changes; the plan file (plan --out) lists every change.');
    expect(page).toContain('data-count="20005"');
    expect(page).toContain('… and 3 more entries left out (the plan file lists all).');
    expect(page).toContain('u19999@corp.com');
    expect(page).not.toContain('u20000@corp.com');
  });

  it('says so when there is nothing to change, without a change list', () => {
    const plan: Plan = { ...buildPlan(), batches: [], counts: {} };
    const page = renderPlanHtml(plan);
    expect(page).toContain('No changes: Deskbee already matches hr-csv.');
    expect(page).not.toContain('id="change-section"');
  });

  it('is what renderPlan gives for the html format', () => {
    const plan = buildPlan();
    expect(renderPlan(plan, 'html')).toBe(renderPlanHtml(plan));
  });
});

describe('renderApplyHtml', () => {
  it('shows failures with Deskbee answers, unconfirmed paragraphs, skips, the budget stop and the requests', () => {
    const plan = buildPlan();
    const [first, second, third] = planChanges(plan);
    const base = buildApplyResult(
      plan,
      { [first!.id]: { status: 422, id: 'e-1', message: 'The given data was invalid.', errors: { code: ['The code has already been taken.'] } } },
      { [second!.id]: 'a change it depends on failed' },
    );
    const result: ApplyResult = {
      ...base,
      stoppedByErrorBudget: true,
      outcomes: base.outcomes.map((o) =>
        o.changeId === third!.id
          ? { ...o, outcome: 'unconfirmed', unconfirmed: [{ field: 'costCenter', sentAs: 'cost_center_uuid', route: 'PUT /users/{uuid}', readBack: 'GET /users/{uuid}' }] }
          : o,
      ),
      counts: { ...base.counts, applied: base.counts.applied - 1, unconfirmed: 1 },
    };
    const page = renderApplyHtml(result, plan);
    const expected = [
      ...applyFacts(result, plan).flat(),
      errorSentence(result.outcomes.find((o) => o.outcome === 'failed')!),
      'code: The code has already been taken.',
      'a change it depends on failed',
      ...unconfirmedParagraphs(result),
      requestSentence(result),
      'Stopped by the error budget after 1 failure',
    ];
    for (const text of expected) expect(page, text).toContain(escapeHtmlText(text));
    expect(page).toContain(`data-change="${first!.id}" data-kind="${first!.kind}" data-outcome="failed"`);
    expect(page).toContain(`data-change="${third!.id}" data-kind="${third!.kind}" data-outcome="unconfirmed"`);
    expect(renderApply(result, plan, 'html')).toBe(page);
  });

  it('shows the recorded sentences of a result for another plan', () => {
    const plan = buildPlan();
    const result = { ...buildApplyResult(plan), planFingerprint: 'e'.repeat(64) };
    const page = renderApplyHtml(result, plan);
    expect(page).toContain('Not in this plan');
    expect(page).toContain(escapeHtmlText(result.outcomes[0]!.description));
    expect(page).toContain('this result is for plan eeeeeeeeeeeeeeee');
  });

  it('lists the changes of every stage in apply order', () => {
    const plan = buildPlan();
    const page = renderApplyHtml(buildApplyResult(plan), plan);
    const ids = [...page.matchAll(/<li class="change" data-change="(c\d+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(planChanges(plan).map((c) => c.id));
  });
});
