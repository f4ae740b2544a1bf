/**
 * Writing a workforce as the HR CSV export that mappings/hr-csv.yaml reads.
 */
import type { SamplePerson, Workforce } from './sample-hr-types.js';

/** The export's columns, in order: the header row of every generated file. */
export const sampleHrColumns = [
  'employee_id',
  'first_name',
  'last_name',
  'email',
  'teams',
  'cost_center_code',
  'cost_center_name',
  'status',
  'tags',
  'badge_number',
] as const;

/** How to write the CSV. */
export interface CsvWriteOptions {
  /** Field delimiter. Default `,`; `;` is what spreadsheet programs in much of Europe write. */
  delimiter?: ',' | ';';
}

/** Between teams in the `teams` cell, as the shipped mapping splits it. */
export const teamSeparator = '|';
/** Between tags in the `tags` cell (the mapping splits on `,` and trims). */
export const tagSeparator = ', ';

/**
 * The workforce as CSV text: the header, then one row per person in order;
 * RFC 4180 quoting (a field holding the delimiter, a quote or a line break
 * is quoted, quotes doubled), `\n` line ends, a final line end. With the
 * default delimiter every `tags` cell holding two tags is quoted.
 */
export function toCsv(workforce: Workforce, options: CsvWriteOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const line = (fields: readonly string[]) => fields.map((field) => quoteField(field, delimiter)).join(delimiter);
  const lines = [line(sampleHrColumns), ...workforce.people.map((person) => line(csvFields(person)))];
  return `${lines.join('\n')}\n`;
}

/** A person's row, column by column, unquoted. */
export function csvFields(person: SamplePerson): string[] {
  return [
    person.employeeId,
    person.firstName,
    person.lastName,
    person.email,
    person.teams.join(teamSeparator),
    person.costCenter.code,
    person.costCenter.name,
    person.status,
    person.tags.join(tagSeparator),
    person.badgeNumber ?? '',
  ];
}

function quoteField(field: string, delimiter: string): string {
  if (!field.includes(delimiter) && !/["\r\n]/.test(field)) return field;
  return `"${field.replaceAll('"', '""')}"`;
}
