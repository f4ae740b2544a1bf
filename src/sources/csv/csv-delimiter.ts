/**
 * Guessing a CSV file's field delimiter from its header line.
 */
import { csvDelimiters, type CsvDelimiter } from './csv-source-config.js';

/**
 * The header line of `text`: its first line that is not blank, where a line
 * break inside quotes does not end the line. The BOM, if any, is kept.
 */
export function headerLine(text: string, quote = '"'): string {
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === quote) quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      const line = text.slice(start, i);
      if (line.replace(/^\uFEFF/, '').trim() !== '') return line;
      start = i + 1;
    }
  }
  return text.slice(start);
}

/**
 * How often each candidate delimiter occurs outside quotes on `line`.
 * A doubled quote inside a quoted field toggles twice, so it needs no special case.
 */
export function countDelimiters(line: string, quote = '"'): Record<CsvDelimiter, number> {
  const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  let quoted = false;
  for (const char of line) {
    if (char === quote) quoted = !quoted;
    else if (!quoted && (csvDelimiters as readonly string[]).includes(char)) counts[char as CsvDelimiter]++;
  }
  return counts;
}

/**
 * The delimiter of a CSV whose text starts with `text`: the candidate
 * (`,` `;` tab `|`) seen most often outside quotes on the header line. A tie
 * goes to the earlier one in that order; no candidate at all (a one-column
 * file) gives `,`.
 */
export function detectDelimiter(text: string, quote = '"'): CsvDelimiter {
  const counts = countDelimiters(headerLine(text, quote), quote);
  let best: CsvDelimiter = ',';
  for (const candidate of csvDelimiters) {
    if (counts[candidate] > counts[best]) best = candidate;
  }
  return best;
}
