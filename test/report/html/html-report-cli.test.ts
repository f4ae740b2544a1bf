import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/demo/sample-hr-csv.js';
import { generateWorkforce } from '../../../src/demo/sample-hr-generate.js';
import { renamePerson } from '../../../src/demo/sample-hr-mutations.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { syncWorkspace, type SyncWorkspace } from '../../support/cli-harness.js';
import { startTestEmulator } from '../../support/deskbee-harness.js';

const fast = 'deskbee: { concurrency: 8, startRatePerSecond: 2000, maxRatePerSecond: 4000 }';
const hostile = '<script>document.title="pwned"</script>';

/** `data-count` of each row of the counts table, by kind. */
function countsIn(page: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of page.matchAll(/<tr data-kind="(\w+)">.*?data-count="(\d+)"/g)) counts[match[1]!] = Number(match[2]);
  return counts;
}

describe('--format html and --out-report through the CLI', () => {
  let emulator: RunningEmulator;
  let ws: SyncWorkspace;
  const generated = generateWorkforce({ people: 30, squads: 3, costCenters: 2, seed: 11 });
  const workforce = renamePerson(generated, generated.people[0]!.employeeId, hostile).workforce;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    ws = await syncWorkspace(emulator, { csv: toCsv(workforce), extraConfig: fast });
  });
  afterAll(async () => {
    await emulator?.close();
    await ws?.remove();
  });

  it('plan --format html prints one HTML page, and --out-report writes the same page', async () => {
    const file = join(ws.dir, 'plan.html');
    const run = await ws.run('plan', '--format', 'html', '--out-report', file);
    expect(run.code).toBe(2);
    expect(run.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(run.stdout.match(/<html/g)).toHaveLength(1);
    expect(run.stderr).toContain(`report written to ${file}`);
    const written = await readFile(file, 'utf8');
    expect(written).toBe(run.stdout);
    expect(countsIn(written).createUser).toBe(30);
    expect(written).toContain('&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;');
    expect(written).not.toContain(hostile);
    expect(emulator.snapshot().users).toHaveLength(0);
  });

  it('--out-report FILE.html writes HTML while stdout keeps its own format', async () => {
    const file = join(ws.dir, 'review.html');
    const run = await ws.run('plan', '--out-report', file);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^Plan: hr-csv → Deskbee \(dry run/);
    expect(run.stdout).not.toContain('<html');
    const written = await readFile(file, 'utf8');
    expect(written.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(countsIn(written).createUser).toBe(30);
  });

  it('--out-report with another name writes the format asked for', async () => {
    const markdown = join(ws.dir, 'plan.md');
    const json = join(ws.dir, 'plan-report.json');
    expect((await ws.run('plan', '--format', 'markdown', '--out-report', markdown)).code).toBe(2);
    expect(await readFile(markdown, 'utf8')).toMatch(/^## Deskbee sync plan: hr-csv → Deskbee\n/);
    expect((await ws.run('plan', '--format', 'json', '--out-report', json)).code).toBe(2);
    const plan = JSON.parse(await readFile(json, 'utf8')) as { counts: Record<string, number> };
    expect(plan.counts.createUser).toBe(30);
  });

  it('apply --out-report writes the apply report; with nothing to do, --format html prints the plan page', async () => {
    const file = join(ws.dir, 'apply.html');
    const run = await ws.run('apply', '--yes', '--out-report', file);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Apply: hr-csv → Deskbee');
    expect(emulator.snapshot().users).toHaveLength(30);
    const written = await readFile(file, 'utf8');
    expect(written).toContain('<div class="eyebrow">Deskbee sync apply</div>');
    const applied = [...written.matchAll(/data-outcome="applied"/g)].length;
    expect(applied).toBeGreaterThanOrEqual(30);
    expect(written).not.toContain('data-outcome="failed"');

    const again = await ws.run('apply', '--yes', '--format', 'html');
    expect(again.code).toBe(0);
    expect(again.stdout.match(/<html/g)).toHaveLength(1);
    expect(again.stdout).toContain('No changes: Deskbee already matches hr-csv.');
  });

  it('a report file that cannot be written is a clear error naming it', async () => {
    const file = join(ws.dir, 'no-such-folder', 'plan.html');
    const run = await ws.run('plan', '--out-report', file);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(/cannot write the report file \(ENOENT\)/);
  });
});
