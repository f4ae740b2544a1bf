/**
 * The configuration of one CSV source: which file, how its bytes are encoded,
 * how its fields are separated, and which columns the mapping needs.
 */
import { z } from 'zod';
import { ConfigError } from '../../errors.js';

/** Encodings a CSV source can be read in. */
export const csvEncodings = ['utf-8', 'latin1', 'windows-1252'] as const;
export type CsvEncoding = (typeof csvEncodings)[number];

/** Field delimiters a CSV source can use. */
export const csvDelimiters = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof csvDelimiters)[number];

const delimiterSetting = z
  .enum([...csvDelimiters, 'tab', 'auto'])
  .transform((value): CsvDelimiter | 'auto' => (value === 'tab' ? '\t' : value));

/** The zod schema of a CSV source's configuration (unknown keys are rejected). */
export const csvSourceConfigSchema = z.strictObject({
  /** Configured name of the source, e.g. `hr-csv`; appears in errors and plans. */
  name: z.string().trim().min(1, 'a source needs a name'),
  /** The file to read. A relative path is resolved against the working directory. */
  path: z.string().min(1, 'the path of the CSV file is empty'),
  /**
   * How the file's bytes are encoded. Default `auto`: UTF-8 (with or without
   * a byte-order mark) unless the first MiB is not valid UTF-8, then
   * Windows-1252. `latin1` is strict ISO-8859-1; files saved as "Latin-1"
   * by Windows programs are usually Windows-1252 (which has `€`, curly quotes
   * and dashes where ISO-8859-1 has control characters).
   */
  encoding: z.enum([...csvEncodings, 'auto']).default('auto'),
  /**
   * The field delimiter: `,`, `;`, a tab (`"\t"` or `tab`) or `|`. Default
   * `auto`: the candidate seen most often outside quotes on the header line
   * (`,` when none is seen, i.e. a one-column file).
   */
  delimiter: delimiterSetting.default('auto'),
  /** The quote character around fields holding delimiters, quotes or line breaks. Default `"`. */
  quote: z.string().length(1, 'the quote must be a single character').default('"'),
  /**
   * Columns the mapping reads. A file lacking one of them is refused before
   * any row is read. Names are compared with the header after trimming and
   * ignoring case, as the mapping reads them. Default: none.
   */
  requiredColumns: z.array(z.string().trim().min(1, 'a required column name is empty')).default([]),
  /**
   * Leave out rows whose every field is empty or blank (including the
   * `;;;;` rows spreadsheet programs leave behind). Default `true`. When
   * `false`, such a row is read like any other (and an empty line counts as a
   * row with a single empty field).
   */
  skipEmptyLines: z.boolean().default(true),
  /**
   * Whether the file must end with a line break, as every spreadsheet and
   * HR export writes it. A file cut off while written or copied ends inside
   * a row, and the people after the cut would look like leavers: such a file
   * is refused. Default true; set false for a generator that writes no
   * final line break (a last row short of fields is refused still).
   */
  requireFinalLineBreak: z.boolean().default(true),
});

/** A CSV source's configuration as written (defaults not yet applied). */
export type CsvSourceConfigInput = z.input<typeof csvSourceConfigSchema>;
/** A CSV source's configuration after validation, with every default applied. */
export type CsvSourceConfig = z.output<typeof csvSourceConfigSchema>;

/**
 * Validates a CSV source's configuration and applies its defaults.
 * @param location where the configuration came from, for the error, e.g. `deskbee-sync.yaml (sources.hr)`.
 * @throws ConfigError naming each wrong setting.
 */
export function parseCsvSourceConfig(input: unknown, location?: string): CsvSourceConfig {
  const result = csvSourceConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(source)'}: ${issue.message}`)
    .join('; ');
  throw new ConfigError(`the CSV source configuration is not valid: ${problems}.`, location);
}
