/**
 * Throwaway certificate authorities and server certificates for the TLS
 * tests, made with the openssl command line (EC P-256 keys: fast).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A CA: its certificate (PEM file) and key. */
export interface TestCa {
  certFile: string;
  keyFile: string;
}

/** A server certificate signed by a TestCa. */
export interface TestServerCert {
  certFile: string;
  keyFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Makes a self-signed CA named `name` in `dir` (files `<name>-ca.pem`, `<name>-ca.key`). */
export function makeTestCa(dir: string, name: string): TestCa {
  const certFile = join(dir, `${name}-ca.pem`);
  const keyFile = join(dir, `${name}-ca.key`);
  openssl(
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', `/CN=${name} test CA`, '-keyout', keyFile, '-out', certFile,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  return { certFile, keyFile };
}

/** Makes a server certificate for `dnsNames` and `ips`, signed by `ca` (files `<name>.pem`, `<name>.key`). */
export function makeServerCert(dir: string, ca: TestCa, name: string, dnsNames: string[], ips: string[]): TestServerCert {
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}.key`);
  const csrFile = join(dir, `${name}.csr`);
  const extFile = join(dir, `${name}.ext`);
  const altNames = [...dnsNames.map((n) => `DNS:${n}`), ...ips.map((ip) => `IP:${ip}`)].join(',');
  writeFileSync(extFile, `subjectAltName=${altNames}\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n`);
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${dnsNames[0] ?? name}`, '-keyout', keyFile, '-out', csrFile], dir);
  openssl(['x509', '-req', '-in', csrFile, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-days', '2', '-extfile', extFile, '-out', certFile], dir);
  return { certFile, keyFile };
}
