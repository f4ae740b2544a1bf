/**
 * A throwaway Samba AD domain controller for the tests: provisioned with
 * `samba-tool domain provision --targetdir`, loaded offline with ldbadd
 * before the start, serving LDAP only on 127.0.0.1:389 and LDAPS on 636
 * (Samba's ports are fixed) with its own self-signed certificate.
 *
 * Provisioning and loading take a while (about 5 s, plus about 5 ms per
 * user for ldbadd), so the loaded domain is kept in a cache folder keyed by
 * the fixture, the Samba version and this file's settings, and copied into
 * a fresh folder for each run: the server never writes to the cache.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSambaFixture, sambaBaseDn, sambaDomain, sambaFixtureLdif, sambaHost, sambaRealm, sambaSchemaLdif, sambaServerName } from './samba-fixture.js';
import { waitForPort } from './slapd-server.js';
import { stopChild } from './processes.js';

/** What the tests need to reach the Samba DC. */
export interface SambaService {
  /** `ldap://127.0.0.1:389`. */
  ldapUrl: string;
  /** `ldaps://127.0.0.1:636`: connect with `tls.serverName` = `serverName` and `caFile`. */
  ldapsUrl: string;
  serverName: string;
  caFile: string;
  baseDn: string;
  userCount: number;
  /** The non-admin service account (a user with a password). */
  service: { dn: string; upn: string; password: string };
  admin: { dn: string; password: string };
  /** The private folder (sam.ldb), for checking values with Samba's own tools. */
  privateDir: string;
  /** How the domain was obtained: provisioned now, or copied from the cache. */
  origin: 'provisioned' | 'cache';
  /** Milliseconds spent provisioning and loading (0 when copied from the cache). */
  provisionMs: number;
}

/** Bumped whenever the provisioning below changes in a way the cache key would not see. */
const cacheVersion = 2;

/** Paths of the Samba binaries, or undefined when Samba AD is not installed. */
export function findSamba(): { samba: string; sambaTool: string; ldbadd: string; ldbmodify: string } | undefined {
  const pick = (names: string[]) => names.find((p) => existsSync(p));
  const samba = pick(['/usr/sbin/samba', '/usr/local/samba/sbin/samba']);
  const sambaTool = pick(['/usr/bin/samba-tool', '/usr/local/samba/bin/samba-tool']);
  const ldbadd = pick(['/usr/bin/ldbadd', '/usr/local/samba/bin/ldbadd']);
  const ldbmodify = pick(['/usr/bin/ldbmodify', '/usr/local/samba/bin/ldbmodify']);
  const provisionData = existsSync('/usr/share/samba/setup/ad-schema/AD_DS_Attributes__Windows_Server_2012_R2.ldf');
  return samba && sambaTool && ldbadd && ldbmodify && provisionData ? { samba, sambaTool, ldbadd, ldbmodify } : undefined;
}

/** Undefined when 127.0.0.1:`port` can be listened on; otherwise why not. */
function portProblem(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE' ? `port ${port} on 127.0.0.1 is already in use (another Samba, slapd or test run?)` : `cannot listen on port ${port}: ${error.code ?? error.message}`));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(undefined)));
  });
}

function smbConf(dcDir: string): string {
  return `# Throwaway Samba AD DC for deskbee-sync's tests: LDAP only, loopback only.
[global]
	netbios name = ${sambaHost}
	realm = ${sambaRealm}
	workgroup = ${sambaDomain}
	server role = active directory domain controller
	server services = ldap
	interfaces = 127.0.0.1
	bind interfaces only = yes
	ldap server require strong auth = no
	binddns dir = ${dcDir}/bind-dns
	cache directory = ${dcDir}/cache
	lock directory = ${dcDir}
	state directory = ${dcDir}/state
	private dir = ${dcDir}/private
	pid directory = ${dcDir}/run
	ncalrpc dir = ${dcDir}/run/ncalrpc
	log file = ${dcDir}/log/samba.log
	logging = file
	log level = 1
	idmap_ldb:use rfc2307 = yes
`;
}

interface CacheMeta {
  adminPassword: string;
  servicePassword: string;
  provisionMs: number;
}

/** Provisions and loads a domain into `dcDir`. */
function provision(bin: NonNullable<ReturnType<typeof findSamba>>, dcDir: string, userCount: number): CacheMeta {
  const started = Date.now();
  const meta: CacheMeta = { adminPassword: `Adm-${randomBytes(9).toString('base64url')}1!`, servicePassword: `Svc-${randomBytes(9).toString('base64url')}1!`, provisionMs: 0 };
  const run = (file: string, args: string[]) => execFileSync(file, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  run(bin.sambaTool, [
    'domain', 'provision', `--realm=${sambaRealm}`, `--domain=${sambaDomain}`, `--host-name=${sambaHost}`, '--server-role=dc', '--dns-backend=NONE', '--use-rfc2307',
    `--adminpass=${meta.adminPassword}`, `--targetdir=${dcDir}`, '--option=interfaces=127.0.0.1', '--option=bind interfaces only=yes',
  ]);
  const sam = join(dcDir, 'private', 'sam.ldb');
  const schema = sambaSchemaLdif();
  const fixture = sambaFixtureLdif(buildSambaFixture(userCount), meta.servicePassword);
  const files = { schemaAdd: join(dcDir, 'schema-add.ldif'), schemaModify: join(dcDir, 'schema-modify.ldif'), add: join(dcDir, 'fixture.ldif'), modify: join(dcDir, 'fixture-modify.ldif') };
  writeFileSync(files.schemaAdd, schema.add);
  writeFileSync(files.schemaModify, schema.modify);
  writeFileSync(files.add, fixture.add);
  writeFileSync(files.modify, fixture.modify);
  const schemaOption = '--option=dsdb:schema update allowed=true';
  run(bin.ldbadd, ['-H', sam, schemaOption, files.schemaAdd]);
  run(bin.ldbmodify, ['-H', sam, schemaOption, files.schemaModify]);
  run(bin.ldbadd, ['-H', sam, files.add]);
  run(bin.ldbmodify, ['-H', sam, files.modify]);
  meta.provisionMs = Date.now() - started;
  writeFileSync(join(dcDir, 'deskbee-test-meta.json'), JSON.stringify(meta));
  return meta;
}

/** The cached, loaded domain for this fixture (made now when missing); returns its folder and metadata. */
function cachedDomain(bin: NonNullable<ReturnType<typeof findSamba>>, userCount: number): { dir: string; meta: CacheMeta; fresh: boolean } {
  const sambaVersion = execFileSync(bin.samba, ['--version'], { encoding: 'utf8' }).trim();
  const fixture = sambaFixtureLdif(buildSambaFixture(userCount), 'x');
  const key = createHash('sha256').update(JSON.stringify({ cacheVersion, sambaVersion, userCount, add: fixture.add, modify: fixture.modify, schema: sambaSchemaLdif() })).digest('hex').slice(0, 16);
  const root = join(tmpdir(), 'deskbee-sync-test-cache');
  const dir = join(root, `samba-${key}`);
  const metaFile = join(dir, 'deskbee-test-meta.json');
  if (existsSync(metaFile)) return { dir, meta: JSON.parse(readFileSync(metaFile, 'utf8')) as CacheMeta, fresh: false };
  mkdirSync(root, { recursive: true });
  // Built aside and renamed into place, so that a half-built domain is never taken for a cached one.
  const building = join(root, `building-${key}-${randomBytes(4).toString('hex')}`);
  try {
    const meta = provision(bin, building, userCount);
    try {
      renameSync(building, dir);
    } catch {
      // Another run finished the same domain first: use it.
      if (!existsSync(metaFile)) throw new Error(`cannot move the provisioned domain into ${dir}`);
      rmSync(building, { recursive: true, force: true });
      return { dir, meta: JSON.parse(readFileSync(metaFile, 'utf8')) as CacheMeta, fresh: false };
    }
    for (const name of readdirSync(root)) if (name.startsWith('samba-') && name !== `samba-${key}`) rmSync(join(root, name), { recursive: true, force: true });
    return { dir, meta, fresh: true };
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

/** Starts the DC with a copy of the cached domain in `workDir`. */
export async function startSamba(workDir: string, userCount: number): Promise<{ service: SambaService; stop: () => Promise<void> }> {
  const bin = findSamba();
  if (!bin) throw new Error('Samba AD is not installed (run scripts/test-services/ldap.sh as root)');
  for (const port of [389, 636]) {
    const problem = await portProblem(port);
    if (problem) throw new Error(`the Samba AD test DC needs ports 389 and 636 on 127.0.0.1, but ${problem}. Stop whatever holds it (e.g. a system slapd or samba: see scripts/test-services/ldap.sh) and run again.`);
  }
  const cache = cachedDomain(bin, userCount);
  const dcDir = join(workDir, 'dc');
  cpSync(cache.dir, dcDir, { recursive: true });
  for (const sub of ['run', 'log', 'cache', 'state']) mkdirSync(join(dcDir, sub), { recursive: true });
  const confFile = join(dcDir, 'etc', 'smb.conf');
  writeFileSync(confFile, smbConf(dcDir));

  const child: ChildProcess = spawn(bin.samba, ['-s', confFile, '-i', '-M', 'single'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = () => (child.exitCode !== null || child.signalCode !== null ? `samba exited (${child.exitCode ?? child.signalCode}): ${output.trim()}` : undefined);
  const stop = () => stopChild(child);
  const caFile = join(dcDir, 'private', 'tls', 'ca.pem');
  try {
    await waitForPort(389, 30_000, exited);
    await waitForPort(636, 30_000, exited);
    const deadline = Date.now() + 10_000;
    while (!existsSync(caFile)) {
      if (Date.now() > deadline) throw new Error(`Samba did not write its TLS certificate ${caFile}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const fixture = buildSambaFixture(userCount);
  return {
    service: {
      ldapUrl: 'ldap://127.0.0.1:389',
      ldapsUrl: 'ldaps://127.0.0.1:636',
      serverName: sambaServerName,
      caFile,
      baseDn: sambaBaseDn,
      userCount,
      service: { dn: fixture.service.dn, upn: fixture.service.upn, password: cache.meta.servicePassword },
      admin: { dn: `CN=Administrator,CN=Users,${sambaBaseDn}`, password: cache.meta.adminPassword },
      privateDir: join(dcDir, 'private'),
      origin: cache.fresh ? 'provisioned' : 'cache',
      provisionMs: cache.fresh ? cache.meta.provisionMs : 0,
    },
    stop,
  };
}
