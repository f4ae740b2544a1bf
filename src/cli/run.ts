/** Runs the CLI from the TypeScript sources (`npx tsx src/cli/run.ts …`); the installed command is bin/deskbee-sync.js. */
import { main } from './main.js';

process.exitCode = await main(process.argv);
