import { describe, expect, it } from 'vitest';
import { countDelimiters, detectDelimiter, headerLine } from '../../../src/sources/csv/csv-delimiter.js';

describe('detectDelimiter', () => {
  it('picks the delimiter seen most often on the header line', () => {
    expect(detectDelimiter('id,name,email\n1,2,3')).toBe(',');
    expect(detectDelimiter('id;name;email, work\n')).toBe(';');
    expect(detectDelimiter('id\tname\temail\r\n')).toBe('\t');
    expect(detectDelimiter('id|name|email')).toBe('|');
  });

  it('counts only delimiters outside quotes', () => {
    expect(detectDelimiter('"a,b,c";"d,e";f\n')).toBe(';');
    expect(detectDelimiter('"x ""q"", y",z|w|v\n')).toBe('|');
    expect(countDelimiters('"a;b",c;"d|e"')).toEqual({ ',': 1, ';': 1, '\t': 0, '|': 0 });
  });

  it('looks only at the header line, past blank lines, and not at the rows', () => {
    expect(detectDelimiter('\n  \r\nid;name\n1,2,3,4,5\n')).toBe(';');
    expect(detectDelimiter('"id\nwith break";x\n1,2,3\n')).toBe(';');
  });

  it('falls back to a comma for one column, and breaks ties in the order , ; tab |', () => {
    expect(detectDelimiter('email\na@x\n')).toBe(',');
    expect(detectDelimiter('')).toBe(',');
    expect(detectDelimiter('a|b;c\n')).toBe(';');
    expect(detectDelimiter('a\tb|c\n')).toBe('\t');
  });

  it('honours another quote character', () => {
    expect(detectDelimiter("'a,b,c';d\n")).toBe(',');
    expect(detectDelimiter("'a,b,c';d\n", "'")).toBe(';');
  });
});

describe('headerLine', () => {
  it('returns the first non-blank line, whole when it has no line end', () => {
    expect(headerLine('\r\n\nid,name\r\n1,2')).toBe('id,name');
    expect(headerLine('id,name')).toBe('id,name');
    expect(headerLine('\uFEFF\nid')).toBe('id');
  });
});
