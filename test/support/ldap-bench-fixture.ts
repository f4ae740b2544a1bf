/**
 * Benchmark helper: the 5,000-user slapd fixture read two ways over the
 * same StartTLS connection settings, the same bind account, page size and
 * attributes, so that a benchmark can print the ratio of the source's time
 * to `ldapsearch`'s:
 *
 * ```ts
 * const bench = await startLdapBenchFixture();
 * try {
 *   const source = await readWithSource(bench.service);
 *   const cli = await runLdapsearch(bench.service);
 *   console.log(`ldap source ${source.ms} ms, ldapsearch ${cli.ms} ms, ratio ${(source.ms / cli.ms).toFixed(2)}`);
 * } finally {
 *   await bench.stop();
 * }
 * ```
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRunContext } from '../../src/context/run-context.js';
import { dialectPresets, LdapSource, resolveBindCredentials } from '../../src/sources/ldap/index.js';
import { openSession } from '../../src/sources/ldap/ldap-connection.js';
import { parseFilter } from '../../src/sources/ldap/ldap-filter.js';
import { pagedSearch } from '../../src/sources/ldap/ldap-wire.js';
import { slapdPeopleDn, slapdUserCount } from './slapd-fixture.js';
import { type SlapdService, startSlapd } from './slapd-server.js';

/** One timed read. */
export interface BenchRead {
  entries: number;
  ms: number;
}

/** The page size both reads use (the source's default). */
export const benchPageSize = 500;

/** Starts a slapd holding the 5,000-user fixture, in a temp folder removed by `stop`. */
export async function startLdapBenchFixture(): Promise<{ service: SlapdService; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'deskbee-bench-slapd-'));
  try {
    const { service, stop } = await startSlapd(dir, slapdUserCount);
    return {
      service,
      stop: async () => {
        await stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function benchSource(service: SlapdService): LdapSource {
  return new LdapSource(
    { name: 'bench-ldap', url: service.ldapUrl, tls: { caFile: service.caFile }, bindDn: service.reader.dn, pageSize: benchPageSize, users: { baseDn: slapdPeopleDn } },
    { env: { LDAP_BIND_PASSWORD: service.reader.password } },
  );
}

/** Reads the users with the LDAP source (StartTLS, the reader account, the OpenLDAP preset attributes). */
export async function readWithSource(service: SlapdService): Promise<BenchRead> {
  const source = benchSource(service);
  const started = performance.now();
  let entries = 0;
  for await (const _entry of source.read(defaultRunContext())) entries += 1;
  return { entries, ms: performance.now() - started };
}

/**
 * The same read as `readWithSource` down to the wire and no further: the
 * source's session (StartTLS, bind) and paged search, with ldapts parsing
 * every answer (BER, UTF-8), but no entry decoded, checked or yielded. What
 * the source takes beyond this is its own per-entry work.
 */
export async function readWireOnly(service: SlapdService): Promise<BenchRead> {
  const { config } = benchSource(service);
  const credentials = resolveBindCredentials(config, { LDAP_BIND_PASSWORD: service.reader.password });
  const started = performance.now();
  const ctx = defaultRunContext();
  const session = await openSession(config, credentials, ctx.logger);
  let entries = 0;
  try {
    const spec = { baseDn: slapdPeopleDn, scope: config.users.scope, filter: parseFilter(config.users.filter), attributes: config.users.attributes, timeLimitSeconds: 0 };
    for await (const page of pagedSearch(session.client, spec, benchPageSize, ctx.signal)) entries += page.length;
  } finally {
    await session.close();
  }
  return { entries, ms: performance.now() - started };
}

/**
 * The exact ldapsearch command reading the same entries: StartTLS required
 * (`-ZZ`) with the fixture's CA, the reader account (password from a file,
 * `-y`), paged by 500 (`-E pr=500/noprompt`), the same filter and
 * attributes. `display` is the command as a shell line.
 */
export function ldapsearchCommand(service: SlapdService, passwordFile: string): { file: string; args: string[]; env: Record<string, string>; display: string } {
  const attributes = [...dialectPresets.openldap.userAttributes];
  const args = [
    '-x', '-LLL', '-ZZ',
    '-H', service.ldapUrl,
    '-D', service.reader.dn,
    '-y', passwordFile,
    '-b', slapdPeopleDn,
    '-s', 'sub',
    '-E', `pr=${benchPageSize}/noprompt`,
    dialectPresets.openldap.userFilter,
    ...attributes,
  ];
  const env = { LDAPTLS_CACERT: service.caFile, LDAPTLS_REQCERT: 'demand' };
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);
  const display = `${Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`).join(' ')} ldapsearch ${args.map(quote).join(' ')}`;
  return { file: 'ldapsearch', args, env, display };
}

/** Runs `ldapsearchCommand` and counts the entries it prints. */
export async function runLdapsearch(service: SlapdService): Promise<BenchRead & { command: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'deskbee-bench-pw-'));
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, service.reader.password, { mode: 0o600 });
  const command = ldapsearchCommand(service, passwordFile);
  try {
    const started = performance.now();
    const entries = await new Promise<number>((resolve, reject) => {
      const child = spawn(command.file, command.args, { env: { ...process.env, ...command.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let count = 0;
      let tail = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        const textChunk = tail + chunk.toString('utf8');
        const lines = textChunk.split('\n');
        tail = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('dn:')) count += 1;
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.once('error', reject);
      child.once('close', (code) => {
        if (tail.startsWith('dn:')) count += 1;
        if (code === 0) resolve(count);
        else reject(new Error(`ldapsearch exited with ${code}: ${stderr.trim()}`));
      });
    });
    return { entries, ms: performance.now() - started, command: command.display };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
