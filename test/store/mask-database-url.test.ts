/** Masking the database password in everything that names a server. */
import { describe, expect, it } from 'vitest';
import { maskDatabaseUrl, passwordOf, scrubPassword } from '../../src/store/mask-database-url.js';

describe('maskDatabaseUrl', () => {
  it('replaces the password and keeps the rest', () => {
    expect(maskDatabaseUrl('postgres://sync:s3cr%40t@db.corp:5432/deskbee')).toBe('postgres://sync:***@db.corp:5432/deskbee');
    expect(maskDatabaseUrl('postgresql://sync@db.corp/deskbee')).toBe('postgresql://sync@db.corp/deskbee');
  });

  it('masks a password given as a query parameter', () => {
    expect(maskDatabaseUrl('postgres://db.corp/deskbee?user=sync&password=hunter2&sslmode=require')).toBe(
      'postgres://db.corp/deskbee?user=sync&password=***&sslmode=require',
    );
  });

  it('masks by pattern what does not parse as a URL', () => {
    const masked = maskDatabaseUrl('postgres://sync:hunter2@db corp:x/deskbee');
    expect(masked).toBe('postgres://sync:***@db corp:x/deskbee');
  });
});

describe('scrubPassword', () => {
  it('removes the decoded and the encoded password from driver text', () => {
    const url = 'postgres://sync:p%40ss-w0rd@db.corp/deskbee';
    expect(passwordOf(url)).toBe('p@ss-w0rd');
    expect(scrubPassword('auth with p@ss-w0rd or p%40ss-w0rd failed', url)).toBe('auth with *** or *** failed');
    expect(scrubPassword('nothing secret here', 'postgres://sync@db.corp/deskbee')).toBe('nothing secret here');
  });
});
