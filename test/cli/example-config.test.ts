import { describe, expect, it } from 'vitest';
import { loadSyncConfig } from '../../src/config/sync-config.js';

describe('the shipped example configuration', () => {
  it('is valid and resolves its paths next to itself', async () => {
    const config = await loadSyncConfig('deskbee-sync.example.yaml');
    expect(config.source.kind).toBe('csv');
    expect(config.mapping).toMatch(/\/mappings\/hr-csv\.yaml$/);
    expect(config.sync.limits.maxDeactivations).toBe(50);
  });
});
