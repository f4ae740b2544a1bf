/**
 * What LDAP test files use to reach the servers the global set-up
 * (test/support/global-ldap.ts) started, and small helpers they share.
 */
import { inject } from 'vitest';
import type { RunContext, Logger, LogFields } from '../../../src/context/run-context.js';
import { defaultRunContext } from '../../../src/context/run-context.js';
import type { RawEntry, Source } from '../../../src/sources/source.js';
import type { SambaService } from '../../support/samba-server.js';
import type { SlapdService } from '../../support/slapd-server.js';

export { slapdUserCount } from '../../support/slapd-fixture.js';
export { sambaUserCount } from '../../support/samba-fixture.js';

/** A server, or why there is none. */
export type Maybe<T> = T | { reason: string };

/** The servers the global set-up provides to every test file. */
export interface LdapServers {
  slapd: Maybe<SlapdService>;
  samba: Maybe<SambaService>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    ldap: LdapServers;
  }
}

/** The slapd; throws with the set-up's reason when there is none. */
export function slapd(): SlapdService {
  const server = inject('ldap').slapd;
  if ('reason' in server) throw new Error(`No slapd for the tests: ${server.reason}`);
  return server;
}

/** The Samba AD DC; throws with the set-up's reason when there is none. */
export function samba(): SambaService {
  const server = inject('ldap').samba;
  if ('reason' in server) throw new Error(`No Samba AD DC for the tests: ${server.reason}`);
  return server;
}

/** A logged line, as the collecting logger keeps it. */
export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: LogFields;
}

/** A run context whose logger keeps every line in `lines`. */
export function collectingContext(): { ctx: RunContext; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const make = (base: LogFields): Logger => ({
    debug: (message, fields) => lines.push({ level: 'debug', message, fields: { ...base, ...fields } }),
    info: (message, fields) => lines.push({ level: 'info', message, fields: { ...base, ...fields } }),
    warn: (message, fields) => lines.push({ level: 'warn', message, fields: { ...base, ...fields } }),
    error: (message, fields) => lines.push({ level: 'error', message, fields: { ...base, ...fields } }),
    child: (fields) => make({ ...base, ...fields }),
    bind: (fields) => void Object.assign(base, fields),
  });
  return { ctx: defaultRunContext({ logger: make({}) }), lines };
}

/** Reads a source to its end. */
export async function readAll(source: Source, ctx: RunContext = defaultRunContext()): Promise<RawEntry[]> {
  const entries: RawEntry[] = [];
  for await (const entry of source.read(ctx)) entries.push(entry);
  return entries;
}

/** Reads a source expecting it to fail; returns the error and how many entries came before it. */
export async function readFailure(source: Source, ctx: RunContext = defaultRunContext()): Promise<{ error: unknown; before: number }> {
  let before = 0;
  try {
    for await (const _entry of source.read(ctx)) before += 1;
  } catch (error) {
    return { error, before };
  }
  throw new Error(`the read of ${source.name} succeeded with ${before} entries, a failure was expected`);
}

/** The first value of `name` as text. */
export function text(entry: RawEntry, name: string): string | undefined {
  const value = entry.attributes[name]?.[0];
  return value === undefined ? undefined : typeof value === 'string' ? value : value.toString('utf8');
}
