import { readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Each real server the tests need (PostgreSQL, slapd, Samba AD) has its own
// global set-up file in test/support, named global-*.ts.
const globalSetup = readdirSync('test/support', { withFileTypes: true })
  .filter((e) => e.isFile() && /^global-.*\.ts$/.test(e.name))
  .map((e) => `test/support/${e.name}`);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
