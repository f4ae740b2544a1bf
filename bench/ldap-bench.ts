/**
 * The LDAP read of the 5,000-user slapd fixture by deskbee-sync's source
 * against `ldapsearch` (OpenLDAP's C client) reading the same entries with
 * the same connection settings, bind account, page size and attributes.
 * Several rounds, the median of each, after one warm-up read. A last row
 * shows the same read stopped at the wire (session, paging and ldapts's
 * parsing only), the floor under the source's own per-entry work.
 */
import { readWireOnly, readWithSource, runLdapsearch, startLdapBenchFixture } from '../test/support/ldap-bench-fixture.js';
import type { Figure } from './figures.js';

/** The source may take at most this many times ldapsearch's time. */
export const ldapRatioTarget = 1.5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function ldapFigures(rounds = 9): Promise<Figure[]> {
  const bench = await startLdapBenchFixture();
  try {
    await readWithSource(bench.service);
    await runLdapsearch(bench.service);
    await readWireOnly(bench.service);
    const source: number[] = [];
    const cli: number[] = [];
    const wire: number[] = [];
    let entries = 0;
    let command = '';
    for (let round = 0; round < rounds; round += 1) {
      const read = await readWithSource(bench.service);
      const search = await runLdapsearch(bench.service);
      if (read.entries !== search.entries) throw new Error(`the two reads disagree: ${read.entries} entries by the source, ${search.entries} by ldapsearch`);
      entries = read.entries;
      command = search.command;
      source.push(read.ms);
      cli.push(search.ms);
      wire.push((await readWireOnly(bench.service)).ms);
    }
    const ratio = median(source) / median(cli);
    return [
      { name: `LDAP source, ${entries} users (median of ${rounds})`, value: median(source), unit: 'ms' },
      { name: `ldapsearch, same entries (median of ${rounds})`, value: median(cli), unit: 'ms', note: command },
      { name: 'ratio source / ldapsearch', value: ratio, unit: 'x', target: { op: '<=', limit: ldapRatioTarget } },
      { name: `wire only: session, paging, ldapts parsing (median of ${rounds})`, value: median(wire), unit: 'ms', note: `ratio ${(median(wire) / median(cli)).toFixed(2)} to ldapsearch: the part no per-entry work can remove` },
    ];
  } finally {
    await bench.stop();
  }
}
