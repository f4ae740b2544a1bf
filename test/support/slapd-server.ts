/**
 * A throwaway OpenLDAP slapd for the tests: a plain slapd.conf in a temp
 * folder, the generated fixture loaded with slapadd before the start (fast;
 * memberOf is written into the LDIF as the memberof overlay would keep it),
 * plain LDAP (with StartTLS) and LDAPS on free loopback ports, and the
 * retcode overlay answering "time limit exceeded" and "referral" for two
 * test entries.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { buildSlapdFixture, slapdBaseDn, slapdFixtureLdif } from './slapd-fixture.js';
import { makeServerCert, makeTestCa } from './slapd-tls.js';
import { freePort, stopChild } from './processes.js';

/** What the tests need to reach the slapd. */
export interface SlapdService {
  /** `ldap://127.0.0.1:<port>` (StartTLS available). */
  ldapUrl: string;
  /** `ldaps://127.0.0.1:<port>`. */
  ldapsUrl: string;
  /** `ldap://localhost:<port>`: a name the certificate carries (localhost answers on 127.0.0.1). */
  ldapUrlByName: string;
  port: number;
  ldapsPort: number;
  baseDn: string;
  userCount: number;
  /** The service account with unlimited paged reads. */
  reader: { dn: string; password: string };
  /** The service account under slapd's default 500-entry size limit. */
  limited: { dn: string; password: string };
  /** Accounts whose passwords are the common words `the`, `a`, `ldap` (default size limit). */
  wordAccounts: Array<{ dn: string; password: string }>;
  /** The rootdn (no limits). */
  root: { dn: string; password: string };
  /** The CA that signed the server certificate (names localhost, ldap.acme.test, 127.0.0.1). */
  caFile: string;
  /** Another CA, which signed nothing the server uses. */
  wrongCaFile: string;
  /** Folder holding the configuration, database and certificates. */
  dir: string;
}

/** Paths of the Debian slapd binaries, or undefined when slapd is not installed. */
export function findSlapd(): { slapd: string; slapadd: string } | undefined {
  const slapd = ['/usr/sbin/slapd', '/usr/local/sbin/slapd'].find((p) => existsSync(p));
  const slapadd = ['/usr/sbin/slapadd', '/usr/local/sbin/slapadd'].find((p) => existsSync(p));
  return slapd && slapadd ? { slapd, slapadd } : undefined;
}

export { freePort } from './processes.js';

/** Resolves once `port` accepts connections, or rejects after `timeoutMs` (or when `exited` reports the process gone). */
export async function waitForPort(port: number, timeoutMs: number, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const gone = exited();
    if (gone !== undefined) throw new Error(gone);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function slapdConf(dir: string, service: { rootPassword: string; readerDn: string }, certs: { ca: string; cert: string; key: string }): string {
  return `# Throwaway slapd for deskbee-sync's tests.
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
moduleload retcode
pidfile ${join(dir, 'slapd.pid')}
argsfile ${join(dir, 'slapd.args')}
TLSCACertificateFile ${certs.ca}
TLSCertificateFile ${certs.cert}
TLSCertificateKeyFile ${certs.key}

database mdb
suffix "${slapdBaseDn}"
rootdn "cn=admin,${slapdBaseDn}"
rootpw ${service.rootPassword}
directory ${join(dir, 'db')}
maxsize 1073741824
index objectClass,uid,cn,memberUid,member,uniqueMember,memberOf eq
overlay memberof
overlay retcode
retcode-parent "ou=retcodes,${slapdBaseDn}"
retcode-item "cn=timelimit" 0x03 op=search text="time limit exceeded (retcode test entry)"
retcode-item "cn=referral" 0x0a op=search ref="ldap://ldap2.acme.test/${slapdBaseDn}"
# The reader may page through everything; every other account keeps slapd's
# default limit of 500 entries, paged or not.
limits dn.exact="${service.readerDn}" size.prtotal=unlimited
access to attrs=userPassword by anonymous auth by * none
access to * by users read by anonymous auth
`;
}

/** Generates the fixture and certificates in `dir`, loads them, and starts slapd. */
export async function startSlapd(dir: string, userCount: number): Promise<{ service: SlapdService; stop: () => Promise<void> }> {
  const binaries = findSlapd();
  if (!binaries) throw new Error('slapd is not installed (run scripts/test-services/ldap.sh as root)');
  mkdirSync(join(dir, 'db'), { recursive: true });
  const fixture = buildSlapdFixture(userCount);
  const passwords = { reader: randomBytes(12).toString('base64url'), limited: randomBytes(12).toString('base64url'), root: randomBytes(12).toString('base64url') };

  const ca = makeTestCa(dir, 'acme');
  const wrongCa = makeTestCa(dir, 'other');
  const cert = makeServerCert(dir, ca, 'slapd', ['localhost', 'ldap.acme.test'], ['127.0.0.1']);
  const confFile = join(dir, 'slapd.conf');
  writeFileSync(confFile, slapdConf(dir, { rootPassword: passwords.root, readerDn: fixture.readerDn }, { ca: ca.certFile, cert: cert.certFile, key: cert.keyFile }));
  const ldifFile = join(dir, 'fixture.ldif');
  writeFileSync(ldifFile, slapdFixtureLdif(fixture, passwords));
  execFileSync(binaries.slapadd, ['-q', '-f', confFile, '-l', ldifFile], { stdio: ['ignore', 'ignore', 'pipe'] });

  const [port, ldapsPort] = [await freePort(), await freePort()];
  const urls = `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${ldapsPort}/`;
  // -d 0: stay in the foreground (no fork), so the process we hold is the server.
  const child: ChildProcess = spawn(binaries.slapd, ['-f', confFile, '-h', urls, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = () => (child.exitCode !== null || child.signalCode !== null ? `slapd exited (${child.exitCode ?? child.signalCode}): ${stderr.trim()}` : undefined);
  const stop = () => stopChild(child);
  try {
    await waitForPort(port, 10_000, exited);
    await waitForPort(ldapsPort, 10_000, exited);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    service: {
      ldapUrl: `ldap://127.0.0.1:${port}`,
      ldapsUrl: `ldaps://127.0.0.1:${ldapsPort}`,
      ldapUrlByName: `ldap://localhost:${port}`,
      port,
      ldapsPort,
      baseDn: slapdBaseDn,
      userCount,
      reader: { dn: fixture.readerDn, password: passwords.reader },
      limited: { dn: fixture.limitedDn, password: passwords.limited },
      wordAccounts: fixture.wordAccounts,
      root: { dn: `cn=admin,${slapdBaseDn}`, password: passwords.root },
      caFile: ca.certFile,
      wrongCaFile: wrongCa.certFile,
      dir,
    },
    stop,
  };
}
