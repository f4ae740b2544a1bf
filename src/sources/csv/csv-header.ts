/**
 * A CSV file's header: column names, checked for duplicates and for the
 * columns the mapping needs, before any row is read.
 */

/** The columns of a CSV file as its header names them. */
export interface CsvHeader {
  /** One name per field, trimmed and without BOM; `null` for a column with a blank name (its values are not read). */
  names: (string | null)[];
  /** 1-based physical line of the header. */
  line: number;
}

/** A problem found in a header; the source wraps it into a SourceError naming the file. */
export class HeaderProblem extends Error {}

/**
 * Builds the header from its raw fields: names are trimmed and the BOM is
 * stripped; a blank name marks a column that is not read (spreadsheets often
 * leave a trailing delimiter on every line).
 * @throws HeaderProblem when two columns have the same name, ignoring case
 *   (the mapping falls back to reading attributes regardless of case, so
 *   `Email` and `email` would be ambiguous).
 */
export function readHeader(fields: string[], line: number): CsvHeader {
  const names = fields.map((field) => field.replace(/^\uFEFF/, '').trim() || null);
  const positions = new Map<string, { spellings: string[]; at: number[] }>();
  names.forEach((name, index) => {
    if (name === null) return;
    const seen = positions.get(name.toLowerCase()) ?? { spellings: [], at: [] };
    if (!seen.spellings.includes(name)) seen.spellings.push(name);
    seen.at.push(index + 1);
    positions.set(name.toLowerCase(), seen);
  });
  const duplicates = [...positions.values()].filter(({ at }) => at.length > 1);
  if (duplicates.length > 0) {
    const listed = duplicates.map(({ spellings, at }) => `${spellings.map((n) => `"${n}"`).join(' / ')} (columns ${at.join(', ')})`).join('; ');
    throw new HeaderProblem(
      `the header on line ${line} names ${duplicates.length === 1 ? 'a column' : 'columns'} more than once: ${listed}. ` +
        'Each column needs its own name so that the mapping can tell which one it reads; rename or remove the extra column.',
    );
  }
  return { names, line };
}

/** A name reduced for "did you mean": no case, accents, spaces, underscores, hyphens or dots. */
export function looseColumnKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_.-]+/g, '');
}

/**
 * Checks that every required column is in the header: after trimming, with
 * the same name, or one that differs only in case (which the mapping reads too).
 * @throws HeaderProblem naming the missing columns, listing those found, and suggesting
 *   a header that differs only by spacing, punctuation or accents.
 */
export function checkRequiredColumns(header: CsvHeader, required: readonly string[]): void {
  const present = header.names.filter((name): name is string => name !== null);
  const lowerPresent = new Set(present.map((name) => name.toLowerCase()));
  const missing = required.filter((name) => !lowerPresent.has(name.toLowerCase()));
  if (missing.length === 0) return;
  const hints = missing.flatMap((name) => {
    const near = present.filter((candidate) => looseColumnKey(candidate) === looseColumnKey(name));
    return near.length > 0 ? [`for "${name}", did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`] : [];
  });
  const found = present.length > 0 ? present.map((name) => `"${name}"`).join(', ') : 'none';
  const subject = missing.length === 1 ? `the required column "${missing[0]}"` : `the required columns ${missing.map((n) => `"${n}"`).join(', ')}`;
  throw new HeaderProblem(
    `the header on line ${header.line} lacks ${subject}, which the mapping reads. Columns found: ${found}.` +
      (hints.length > 0 ? ` Names must match apart from case and surrounding spaces: ${hints.join(' ')}` : '') +
      ' Usually the export changed, the wrong file was given, or the delimiter is not the one the file uses.',
  );
}

/**
 * The attributes of one row: header name → [value], values untouched, an
 * empty cell as `''`. A null-prototype object, so that a column named like an
 * Object method (`constructor`, `__proto__`) is just a column.
 */
export function rowAttributes(header: CsvHeader, fields: readonly string[]): Record<string, string[]> {
  const attributes: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  header.names.forEach((name, index) => {
    if (name !== null) attributes[name] = [fields[index] ?? ''];
  });
  return attributes;
}
