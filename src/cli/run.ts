/**
 * The process entry: sets V8's heap growth (heap-growth.ts), then runs the
 * CLI. The installed command (bin/deskbee-sync.js) imports this; so does
 * `npx tsx src/cli/run.ts …` from the TypeScript sources.
 */
import { ExitCode } from '../exit-codes.js';
import { setHeapGrowth } from './heap-growth.js';
import { main } from './main.js';

const refused = setHeapGrowth(process.env, process.execArgv);
if (refused) {
  process.stderr.write(`deskbee-sync: ${refused}\n`);
  process.exitCode = ExitCode.config;
} else {
  process.exitCode = await main(process.argv);
}
