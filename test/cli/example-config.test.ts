import { describe, expect, it } from 'vitest';
import { loadSyncConfig } from '../../src/config/sync-config.js';

describe('the shipped example configuration', () => {
  it('is valid and resolves its paths next to itself', async () => {
    const config = await loadSyncConfig('deskbee-sync.example.yaml');
    expect(config.source?.kind).toBe('csv');
    expect(config.mapping).toMatch(/\/mappings\/hr-csv\.yaml$/);
    expect(config.sync.limits.deactivations).toEqual({ count: 500, percent: 10 });
    expect(config.protect.users.profiles).toEqual(['master', 'admin']);
    expect(config.sync.leavers).toEqual({ action: 'deactivate', deleteAfterDays: 30, removeFromSquads: false });
  });
});

describe('the shipped LDAP example configurations', () => {
  it('are valid, with their mapping files next to them', async () => {
    const ad = await loadSyncConfig('deskbee-sync.ad.example.yaml');
    expect(ad.source?.kind).toBe('ldap');
    expect(ad.mapping).toMatch(/\/mappings\/active-directory\.yaml$/);
    const ldap = await loadSyncConfig('deskbee-sync.ldap.example.yaml');
    expect(ldap.source?.kind === 'ldap' && ldap.source.dialect).toBe('openldap');
  });
});
