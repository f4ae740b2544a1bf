import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { syncConfigSchema } from '../../config/sync-config.js';
import { demoChanges, demoWorkforce } from '../../demo/sample-hr-demo.js';
import { toCsv } from '../../demo/sample-hr-csv.js';
import { startEmulator } from '../../emulator/index.js';
import { renderRuns } from '../../report/runs-renderer-text.js';
import { runApply } from '../../sync/apply-run.js';
import type { Runtime } from '../../sync/runtime.js';
import type { CliIo } from '../cli-io.js';
import { printApply, printPlan } from '../cli-output.js';
import { runtimeWith } from '../cli-runtime.js';
import { packageRoot } from '../package-root.js';

/**
 * `deskbee-sync demo`: the whole product with nothing configured. An
 * in-process Deskbee emulator, PGlite in a temporary folder, and a bundled
 * sample HR export: dry run, apply, a day of HR changes, the small second
 * report, apply, and the empty plan that proves it converged.
 */
export function demoCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('demo')
    .description(
      'Run the whole sync with nothing configured: a built-in Deskbee emulator, an embedded store in a temporary folder and a sample HR export of 300 people. Shows the dry-run report, applies it, changes the export (a rename, a move, a leaver, a cost-center change) and shows the second, small report.',
    )
    .option('--keep', 'keep the temporary folder (CSV, configuration, store) and print where it is')
    .action(async (flags: { keep?: boolean }) => {
      const dir = await mkdtemp(join(tmpdir(), 'deskbee-sync-demo-'));
      const emulator = await startEmulator({ port: 0, env: {} });
      const say = (text: string) => io.stdout.write(`\n== ${text}\n\n`);
      let rt: Runtime | undefined;
      try {
        const workforce = demoWorkforce();
        const csvPath = join(dir, 'hr.csv');
        await writeFile(csvPath, toCsv(workforce));
        const config = syncConfigSchema.parse({
          version: 1,
          source: { kind: 'csv', name: 'hr-csv', path: csvPath },
          mapping: join(packageRoot(), 'mappings', 'hr-csv.yaml'),
          deskbee: { startRatePerSecond: 200, maxRatePerSecond: 500, concurrency: 8 },
          store: { directory: join(dir, 'store') },
        });
        const env = {
          ...io.env,
          DESKBEE_CLIENT_ID: emulator.credentials.clientId,
          DESKBEE_CLIENT_SECRET: emulator.credentials.clientSecret,
          DESKBEE_BASE_URL: emulator.baseUrl,
          DATABASE_URL: '',
        };
        rt = await runtimeWith({ ...io, env }, { quiet: true }, config);
        const runtime = rt;
        const shown = { maxChangesPerKind: 8 };

        const step = async (title: string): Promise<number> => {
          say(title);
          const run = await runApply(runtime, {
            mode: 'sync',
            allow: [],
            actor: 'demo',
            show: (plan) => printPlan(io, plan, 'text', shown),
            confirm: async () => {
              say('Applying it');
              return true;
            },
          });
          if (run.kind !== 'applied') return 0;
          printApply(io, run.result, run.plan, 'text', shown);
          return run.result.counts.failed > 0 || run.result.counts.skipped > 0 ? 7 : 0;
        };

        io.stdout.write(`deskbee-sync demo: a Deskbee emulator at ${emulator.baseUrl}, an embedded store in ${dir}, and an HR export of ${workforce.people.length} people.\n`);
        let code = await step(`Day 1: the first HR export, ${workforce.people.length} people, planned against an empty Deskbee (dry run)`);
        const day2 = demoChanges(workforce);
        await writeFile(csvPath, toCsv(day2.workforce));
        say(`Day 2: HR changed the export:\n${day2.descriptions.map((d) => `   - ${d}`).join('\n')}`);
        code = Math.max(code, await step('Day 2: the plan shows exactly those changes (dry run)'));
        await step('Day 3: nothing changed in HR, so nothing to do');
        say('The runs recorded in the store');
        io.stdout.write(renderRuns(await runtime.store.recentRuns(10), (await runtime.store.info()).location));
        if (flags.keep) io.stdout.write(`\nKept ${dir} (hr.csv and the store).\n`);
        setExitCode(code);
      } finally {
        await rt?.close();
        await emulator.close();
        if (!flags.keep) await rm(dir, { recursive: true, force: true });
      }
    });
}
