import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { syncConfigSchema } from '../../src/config/sync-config.js';

describe('the commented metrics and notify sections of deskbee-sync.example.yaml', () => {
  it('are valid configuration once uncommented', () => {
    const text = readFileSync('deskbee-sync.example.yaml', 'utf8');
    const sections = text
      .split('\n')
      .filter((line) => /^# (metrics|notify):|^# {2,}\S/.test(line))
      .map((line) => line.slice(2))
      .join('\n');
    const uncommented = { ...(parse(text) as object), ...(parse(sections) as object) };
    const parsed = syncConfigSchema.safeParse(uncommented);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    const config = parsed.success ? parsed.data : undefined;
    expect(config?.metrics?.textfile).toBe('/var/lib/node_exporter/textfile/deskbee_sync.prom');
    expect(config?.notify?.on).toEqual(['failed', 'refused', 'unconfirmed', 'interrupted']);
    expect(config?.notify?.webhook?.secretEnv).toBe('DESKBEE_SYNC_WEBHOOK_SECRET');
    expect(config?.notify?.email?.to).toEqual(['it-ops@corp.example']);
  });
});
