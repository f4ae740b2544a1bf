/** The source contract (test/sources/source-contract.ts) for the CSV source: an HR export file. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CsvSource } from '../../../src/sources/csv/index.js';
import { type ContractData, sourceContract } from '../source-contract.js';
import { useTempDir } from './csv-test-files.js';

const tmp = useTempDir();
let path = '';

/** The people as an export writes them; the unusable one's row stops after its email. */
function csvText({ people, unusable }: ContractData): string {
  const rows = people.map((p, i) => (i === unusable ? `${p.id},${p.email}` : `${p.id},${p.email},${p.givenName},${p.familyName}`));
  return `id,email,given_name,family_name\n${rows.join('\n')}\n`;
}

sourceContract({
  kind: 'csv',
  title: 'CSV file',
  server: false,
  key: 'id',
  mapping: { name: { template: '{given_name} {family_name}' }, email: { from: 'email' } },
  load: async (data) => {
    path = await tmp.file('people.csv', csvText(data));
  },
  source: () => new CsvSource({ name: 'hr-csv', path }),
  breaks: [
    {
      fault: 'truncated',
      what: 'the file cut in the middle',
      source: async () => {
        const bytes = await readFile(path);
        return new CsvSource({ name: 'hr-csv', path: await tmp.file('people-cut.csv', bytes.subarray(0, Math.floor(bytes.length / 2))) });
      },
    },
  ],
  follow: async (issue) => {
    if (!issue.origin.startsWith(basename(path)) || issue.line === undefined) return `(${issue.origin} names no line of ${basename(path)})`;
    return (await readFile(path, 'utf8')).split('\n')[issue.line - 1] ?? '';
  },
});
