import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeHelp, exitCodeMarkdown, exitCodeTable } from '../../src/exit-codes.js';
import { runBuilt } from '../support/built-cli.js';

describe('one exit-code table, the same in the code, the README and every --help', () => {
  it('lists every code the program uses once, in order', () => {
    const codes = exitCodeTable.map((row) => row.code);
    expect(codes).toEqual([...new Set(Object.values(ExitCode))].sort((a, b) => a - b));
  });

  it('is in the README exactly', () => {
    expect(readFileSync('README.md', 'utf8')).toContain(exitCodeMarkdown());
  });

  it('ends the --help of the program and of every command', async () => {
    for (const args of [['--help'], ...['plan', 'apply', 'import', 'status', 'doctor', 'demo', 'emulator'].map((c) => [c, '--help'])]) {
      const help = await runBuilt(args, {});
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout, args.join(' ')).toContain(exitCodeHelp().trim());
    }
  });
});
