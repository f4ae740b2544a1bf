import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planChanges, type Change, type Plan } from '../../../src/plan/plan-types.js';
import { renderApplyHtml, renderPlanHtml } from '../../../src/report/index.js';
import { quoteWhenNeeded } from '../../../src/plan/value-format.js';
import { batchChanges, buildApplyResult, buildPlan, everyKindOfChange, issues, person } from '../plan-builders.js';
import { launchChromium, openReport } from './report-browser.js';

const hostileScript = '<script>window.__pwned = 1</script>';
const hostileImage = '<img src=x onerror="window.__pwned = 2">';

type ChangeInput = Parameters<typeof batchChanges>[0][number];

function newUser(email: string, name: string, externalId: string): ChangeInput {
  return { kind: 'createUser', user: { email, name, externalId }, after: { name, email, status: true } };
}

/** Every kind, a few dozen people, one with an accented name, and hostile names, squads, issues and drift. */
function reviewPlan(): Plan {
  const changes: ChangeInput[] = [
    ...everyKindOfChange(),
    newUser('mallory@corp.com', `Mallory ${hostileScript}`, 'E666'),
    newUser('joao.araujo@corp.com', 'João Araújo', 'E777'),
    { kind: 'createSquad', name: `Night shift ${hostileImage}` },
    ...Array.from({ length: 40 }, (_, i) => newUser(`p${i}@corp.com`, `Person ${i}`, `P${i}`)),
    { kind: 'addMembers', squad: 'Sales', users: [person('carla@corp.com', 'Carla Dias', 'E200'), person('p1@corp.com', 'Person 1', 'P1')] },
  ];
  const plan = buildPlan({}, changes);
  return {
    ...plan,
    issues: [...issues(2), { origin: 'hr.csv line 9', line: 9, field: 'name', message: `bad name ${hostileScript}` }],
    drift: [...plan.drift, { ...plan.drift[0]!, actual: hostileImage }],
  };
}

/** Ids of the changes a person sees now. */
function visibleChanges(page: Page): Promise<string[]> {
  return page.$$eval('li.change', (items) => items.filter((item) => item.checkVisibility()).map((item) => item.getAttribute('data-change') ?? ''));
}

/** Ids of the plan's changes whose data mentions `text`, in plan order. */
function mentioning(plan: Plan, text: string): string[] {
  return planChanges(plan)
    .filter((c: Change) => JSON.stringify(c).toLowerCase().includes(text.toLowerCase()))
    .map((c) => c.id);
}

describe('HTML reports in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await launchChromium();
    dir = await mkdtemp(join(tmpdir(), 'deskbee-sync-html-'));
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(name: string, page: string) {
    const path = join(dir, name);
    await writeFile(path, page);
    return openReport(browser, path);
  }

  it('a plan page loads with no console error and no request, shows its counts, and runs no injected script', async () => {
    const plan = reviewPlan();
    const { page, problems } = await open('plan.html', renderPlanHtml(plan));
    const counts = await page.$$eval('#counts tr[data-kind]', (rows) =>
      Object.fromEntries(rows.map((row) => [row.getAttribute('data-kind'), Number(row.querySelector('[data-count]')?.getAttribute('data-count'))])),
    );
    expect(counts).toEqual(plan.counts);
    expect(await page.locator('#counts tr.total [data-total]').innerText()).toBe(String(planChanges(plan).length));
    expect(await page.locator('#shown-count').innerText()).toBe(`Showing all ${planChanges(plan).length} changes`);
    expect(await visibleChanges(page)).toEqual(planChanges(plan).map((c) => c.id));

    // Hostile names are text: shown as written, never markup, never run.
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.evaluate('[document.scripts.length, document.images.length, document.title]')).toEqual([1, 0, 'Deskbee sync plan: hr-csv']);
    // textContent: the list's items off screen are not laid out (content-visibility), so innerText skips them.
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(`Would create user mallory@corp.com (Mallory ${hostileScript})`);
    expect(text).toContain(`Would create squad ${quoteWhenNeeded(`Night shift ${hostileImage}`)}`);
    expect(text).toContain(`bad name ${hostileScript}`);
    expect(await page.locator('#safety [data-state="over"]').innerText()).toContain('OVER LIMIT');
    expect(problems).toEqual([]);

    // The page's policy refuses any request a script might try.
    const refused = await page.evaluate(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (event) => resolve(event.effectiveDirective));
      fetch('http://127.0.0.1:9/').catch(() => undefined);
    })`);
    expect(refused).toBe('connect-src');
    await page.close();
  });

  it('typing in the search box narrows the list as one types; clearing it restores every change', async () => {
    const plan = reviewPlan();
    const { page, problems } = await open('search.html', renderPlanHtml(plan));
    const all = planChanges(plan).map((c) => c.id);
    const search = page.locator('#change-search');

    await search.pressSequentially('carla');
    const carla = mentioning(plan, 'carla@corp.com');
    expect(carla).toHaveLength(2);
    expect(await visibleChanges(page)).toEqual(carla);
    await search.pressSequentially('@corp.com');
    expect(await visibleChanges(page)).toEqual(carla);
    expect(await page.locator('#shown-count').innerText()).toBe(`Showing 2 of ${all.length} changes`);

    // By a squad, by a member's name (not shown until opened), by a name without its accents.
    await search.fill('Sales EMEA');
    expect(await visibleChanges(page)).toEqual(mentioning(plan, 'Sales EMEA'));
    await search.fill('User 02');
    const finance = mentioning(plan, 'User 02');
    expect(finance).toHaveLength(1);
    expect(await visibleChanges(page)).toEqual(finance);
    expect(await page.locator(`li[data-change="${finance[0]}"] details`).getAttribute('open')).toBe('');
    await search.fill('araujo');
    expect(await visibleChanges(page)).toEqual(mentioning(plan, 'joao.araujo@corp.com'));

    await search.fill('nobody-at-all');
    expect(await visibleChanges(page)).toEqual([]);
    expect(await page.locator('#no-match').isVisible()).toBe(true);

    await search.fill('');
    expect(await visibleChanges(page)).toEqual(all);
    expect(await page.locator('#no-match').isVisible()).toBe(false);
    expect(await page.locator('#shown-count').innerText()).toBe(`Showing all ${all.length} changes`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a kind filter hides the other kinds, and works with the search', async () => {
    const plan = reviewPlan();
    const { page, problems } = await open('filter.html', renderPlanHtml(plan));
    const changes = planChanges(plan);
    const kinds = await page.$$eval('input[data-filter="kind"]', (boxes) => boxes.map((box) => box.getAttribute('value') ?? ''));
    expect(kinds.sort()).toEqual(Object.keys(plan.counts).sort());

    // Only deactivations: untick every other kind.
    for (const kind of kinds.filter((k) => k !== 'deactivateUser')) await page.locator(`input[data-filter="kind"][value="${kind}"]`).uncheck();
    const deactivations = changes.filter((c) => c.kind === 'deactivateUser').map((c) => c.id);
    expect(await visibleChanges(page)).toEqual(deactivations);
    const headings = await page.locator('section.stage:visible h3').allTextContents();
    expect(headings.map((h) => h.replace(/\s+/g, ' ').trim())).toEqual([`Removals (${deactivations.length} of 3)`]);

    await page.locator('#filter-reset').click();
    expect(await visibleChanges(page)).toHaveLength(changes.length);

    await page.locator('input[data-filter="kind"][value="createUser"]').uncheck();
    const visible = await visibleChanges(page);
    expect(visible).toEqual(changes.filter((c) => c.kind !== 'createUser').map((c) => c.id));
    await page.locator('#change-search').fill('carla');
    expect(await visibleChanges(page)).toEqual(mentioning(plan, 'carla@corp.com').filter((id) => visible.includes(id)));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an apply page shows outcomes and Deskbee answers, and filters by outcome', async () => {
    const plan = reviewPlan();
    const carla = planChanges(plan).find((c) => c.kind === 'createUser' && c.user.email === 'carla@corp.com')!;
    const members = planChanges(plan).find((c) => c.kind === 'addMembers')!;
    const result = buildApplyResult(
      plan,
      { [carla.id]: { status: 422, id: 'e-42', message: `The given data was invalid ${hostileScript}`, errors: { email: ['The email has already been taken.'] } } },
      { [members.id]: 'a change it depends on failed' },
    );
    const { page, problems } = await open('apply.html', renderApplyHtml(result, plan));
    const total = await page.$$eval('#outcomes tr.total td.num', (cells) => cells.map((c) => Number(c.textContent)));
    expect(total).toEqual([result.counts.applied, result.counts.unconfirmed, result.counts.failed, result.counts.skipped]);
    const failed = await page.locator('#failed').innerText();
    expect(failed).toContain(`Deskbee answered 422 (error id e-42): The given data was invalid ${hostileScript}.`);
    expect(failed).toContain('email: The email has already been taken.');

    await page.locator('input[data-filter="outcome"][value="applied"]').uncheck();
    expect(await visibleChanges(page)).toEqual([carla.id, members.id]);
    await page.locator('input[data-filter="outcome"][value="skipped"]').uncheck();
    expect(await visibleChanges(page)).toEqual([carla.id]);
    expect(await page.locator(`li[data-change="${carla.id}"] .badge`).innerText()).toBe('failed');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a plan too large to list whole lists 20,000 changes, says so, counts all, and still searches', async () => {
    const inputs = Array.from({ length: 25_000 }, (_, i) => newUser(`u${i}@corp.com`, `Person ${i}`, `U${i}`));
    const plan = buildPlan({ issues: [], drift: [] }, inputs);
    const { page, problems } = await open('large.html', renderPlanHtml(plan));
    expect(await page.locator('li.change').count()).toBe(20_000);
    expect(await page.locator('#unlisted').innerText()).toContain('Listing the first 20,000 of 25,000 changes');
    expect(await page.locator('#counts tr[data-kind="createUser"] [data-count]').getAttribute('data-count')).toBe('25000');
    await page.locator('#change-search').fill('u19999@corp.com');
    expect(await visibleChanges(page)).toEqual([planChanges(plan)[19_999]!.id]);
    await page.locator('#change-search').fill('u24000@corp.com');
    expect(await visibleChanges(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
