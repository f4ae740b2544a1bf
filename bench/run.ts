/**
 * `npm run bench`: prints the figures speed and memory targets are judged
 * by. Machines here are shared and noisy: compare runs on the same machine.
 */
import { printFigures } from './figures.js';
import { syncFigures } from './sync-bench.js';

const people = Number(process.env.BENCH_PEOPLE ?? 5000);
process.stdout.write(`deskbee-sync benchmark (Node ${process.version}, ${people} people)\n`);
printFigures('Sync against the emulator', await syncFigures(people));
