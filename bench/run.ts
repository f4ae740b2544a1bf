/**
 * `npm run bench`: prints the figures speed and memory targets are judged
 * by. Machines here are shared and noisy: compare runs on the same machine.
 * BENCH_PEOPLE sets the size of the sync run (default 5,000); BENCH_ONLY
 * (`sync` or `ldap`) runs one part.
 */
import { printFigures } from './figures.js';
import { ldapFigures } from './ldap-bench.js';
import { syncFigures } from './sync-bench.js';

const people = Number(process.env.BENCH_PEOPLE ?? 5000);
const only = process.env.BENCH_ONLY;
process.stdout.write(`deskbee-sync benchmark (Node ${process.version})\n`);
if (!only || only === 'ldap') printFigures('LDAP read (slapd fixture, needs slapd and ldap-utils: scripts/test-services/ldap.sh)', await ldapFigures());
if (!only || only === 'sync') printFigures(`Sync against the emulator (${people} people)`, await syncFigures(people));
