/**
 * Writes the pictures of the HTML plan report in the README, from the demo's
 * story run as `deskbee-sync demo` runs it: an in-process Deskbee emulator,
 * an embedded store, and the demo's HR export.
 *   docs/demo-plan.png       day 1: 300 people planned against an empty Deskbee
 *   docs/demo-plan-day2.png  day 2, after day 1 was applied: a rename, a move, a leaver, a cost-center change
 * Each report is opened from its file in headless Chromium (Debian's, through
 * playwright-core); a console error or a request fails the script.
 *   npm run report:screenshot
 * Needs /usr/bin/chromium (scripts/test-services/chromium.sh installs it).
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { syncConfigSchema } from '../src/config/sync-config.js';
import { silentLogger, systemClock } from '../src/context/run-context.js';
import { toCsv } from '../src/demo/sample-hr-csv.js';
import { demoChanges, demoWorkforce } from '../src/demo/sample-hr-demo.js';
import { startEmulator } from '../src/emulator/index.js';
import { planChanges, type Plan } from '../src/plan/plan-types.js';
import { renderPlanHtml } from '../src/report/index.js';
import { runApply } from '../src/sync/apply-run.js';
import { runPlan } from '../src/sync/plan-run.js';
import { openRuntime } from '../src/sync/runtime.js';
import { launchChromium, openReport } from '../test/report/html/report-browser.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The demo's day-1 plan, and its day-2 plan once day 1 is applied. */
async function demoPlans(dir: string): Promise<{ day1: Plan; day2: Plan }> {
  const emulator = await startEmulator({ port: 0, env: {} });
  try {
    const csvPath = join(dir, 'hr.csv');
    const workforce = demoWorkforce();
    await writeFile(csvPath, toCsv(workforce));
    const config = syncConfigSchema.parse({
      version: 1,
      source: { kind: 'csv', name: 'hr-csv', path: csvPath },
      mapping: join(root, 'mappings', 'hr-csv.yaml'),
      deskbee: { startRatePerSecond: 200, maxRatePerSecond: 500, concurrency: 8 },
      store: { directory: join(dir, 'store') },
    });
    const env = {
      DESKBEE_CLIENT_ID: emulator.credentials.clientId,
      DESKBEE_CLIENT_SECRET: emulator.credentials.clientSecret,
      DESKBEE_BASE_URL: emulator.baseUrl,
    };
    const ctx = { logger: silentLogger, clock: systemClock, signal: new AbortController().signal };
    const rt = await openRuntime({ config, env, ctx });
    try {
      const day1 = (await runPlan(rt, { mode: 'sync', allow: [] })).plan;
      const applied = await runApply(rt, { mode: 'sync', allow: [], actor: 'demo' });
      if (applied.kind !== 'applied' || applied.result.counts.applied !== planChanges(applied.plan).length) {
        throw new Error(`day 1 did not apply cleanly (${applied.kind})`);
      }
      await writeFile(csvPath, toCsv(demoChanges(workforce).workforce));
      const day2 = (await runPlan(rt, { mode: 'sync', allow: [] })).plan;
      return { day1, day2 };
    } finally {
      await rt.close();
    }
  } finally {
    await emulator.close();
  }
}

/**
 * The top of `plan`'s report in a laptop-sized window, drawn at twice the
 * pixels so text stays sharp when the README scales it down.
 */
async function screenshot(browser: Browser, plan: Plan, dir: string, file: string, maxHeight: number): Promise<void> {
  const page = join(dir, 'report.html');
  await writeFile(page, renderPlanHtml(plan));
  const opened = await openReport(browser, page, { viewport: { width: 1200, height: maxHeight }, deviceScaleFactor: 2, colorScheme: 'light' });
  if (opened.problems.length > 0) throw new Error(`the report page had problems:\n${opened.problems.join('\n')}`);
  // The window itself shrinks to a short page: items off screen are not drawn (content-visibility), so no full-page capture.
  const height = Math.min(maxHeight, Number(await opened.page.evaluate("Math.ceil(document.querySelector('main').getBoundingClientRect().bottom)")));
  await opened.page.setViewportSize({ width: 1200, height });
  const output = join(root, 'docs', file);
  mkdirSync(dirname(output), { recursive: true });
  await opened.page.screenshot({ path: output, fullPage: false });
  await opened.page.close();
  process.stdout.write(`${output}: ${planChanges(plan).length} changes, 1200x${height} at 2x\n`);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'deskbee-sync-screenshot-'));
  try {
    const { day1, day2 } = await demoPlans(dir);
    const browser = await launchChromium();
    try {
      await screenshot(browser, day1, dir, 'demo-plan.png', 1500);
      await screenshot(browser, day2, dir, 'demo-plan-day2.png', 1800);
    } finally {
      await browser.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`report-screenshot: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
