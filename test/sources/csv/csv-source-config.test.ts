import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { CsvSource, parseCsvSourceConfig } from '../../../src/sources/csv/index.js';

describe('CSV source configuration', () => {
  it('applies the documented defaults', () => {
    expect(parseCsvSourceConfig({ name: 'hr', path: 'hr.csv' })).toEqual({
      name: 'hr',
      path: 'hr.csv',
      encoding: 'auto',
      delimiter: 'auto',
      quote: '"',
      requiredColumns: [],
      skipEmptyLines: true,
      requireFinalLineBreak: true,
    });
  });

  it('takes "tab" for a tab, and trims required column names', () => {
    const config = parseCsvSourceConfig({ name: 'hr', path: 'hr.tsv', delimiter: 'tab', requiredColumns: [' email '] });
    expect(config.delimiter).toBe('\t');
    expect(config.requiredColumns).toEqual(['email']);
  });

  it('rejects wrong settings with a ConfigError naming each of them and where they are', () => {
    const attempt = () =>
      parseCsvSourceConfig({ name: 'hr', path: 'hr.csv', encoding: 'utf-16', delimiter: ':', quote: '""', skipEmtpyLines: false }, 'sync.yaml (sources.hr)');
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/^sync\.yaml \(sources\.hr\): the CSV source configuration is not valid: /);
    expect(attempt).toThrow(/encoding: /);
    expect(attempt).toThrow(/delimiter: /);
    expect(attempt).toThrow(/quote: the quote must be a single character/);
    expect(attempt).toThrow(/skipEmtpyLines/);
  });

  it('is validated when a source is built', () => {
    expect(() => new CsvSource({ name: '', path: 'hr.csv' })).toThrow(/name: a source needs a name/);
  });
});
