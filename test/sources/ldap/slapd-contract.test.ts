/**
 * The source contract (test/sources/source-contract.ts) for the LDAP source
 * on the slapd the global set-up starts: the contract's people are written,
 * as the rootdn, under an OU of their own, and kept in step with each load
 * by modifications (so entryUUIDs stay and only the values change).
 */
import { createServer, type Server, type Socket, connect } from 'node:net';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll } from 'vitest';
import { LdapSource } from '../../../src/sources/ldap/index.js';
import { slapdBaseDn } from '../../support/slapd-fixture.js';
import { type ContractData, type ContractPerson, sourceContract } from '../source-contract.js';
import { slapd } from './ldap-servers.js';

/** A TCP relay to slapd that can be stopped mid-read, as a directory server going away. */
class StoppableRelay {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  port = 0;

  constructor(target: number) {
    this.server = createServer((client) => {
      const upstream = connect(target, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => (client.destroy(), upstream.destroy()));
      }
      client.pipe(upstream).pipe(client);
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** Stops listening and cuts every connection. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const ou = `ou=contract-${process.pid},${slapdBaseDn}`;
const dnOf = (p: ContractPerson) => `uid=${p.id},${ou}`;
let root: Client;
/** What the directory holds under `ou`, by DN: attribute → values. */
const written = new Map<string, Record<string, string[]>>();
let relay: StoppableRelay | undefined;

beforeAll(async () => {
  const server = slapd();
  root = new Client({ url: server.ldapUrl });
  await root.bind(server.root.dn, server.root.password);
  await root.add(ou, { objectClass: 'organizationalUnit', ou: ou.slice(3, ou.indexOf(',')) });
});
afterAll(async () => {
  for (const dn of written.keys()) await root.del(dn);
  await root.del(ou);
  await root.unbind();
});

/** A person's entry; the unusable one has no displayName. */
function attributesOf(p: ContractPerson, usable: boolean): Record<string, string[]> {
  const attributes: Record<string, string[]> = { uid: [p.id], cn: [`${p.givenName} ${p.familyName}`], givenName: [p.givenName], sn: [p.familyName], mail: [p.email] };
  if (usable) attributes.displayName = [`${p.givenName} ${p.familyName}`];
  return attributes;
}

async function load({ people, unusable }: ContractData): Promise<void> {
  const wanted = new Map(people.map((p, i) => [dnOf(p), attributesOf(p, i !== unusable)]));
  for (const [dn, attributes] of wanted) {
    const before = written.get(dn);
    if (!before) await root.add(dn, { objectClass: 'inetOrgPerson', ...attributes });
    else {
      const changes = [...new Set([...Object.keys(before), ...Object.keys(attributes)])]
        .filter((name) => JSON.stringify(before[name]) !== JSON.stringify(attributes[name]))
        .map((name) => new Change({ operation: attributes[name] ? 'replace' : 'delete', modification: new Attribute({ type: name, values: attributes[name] ?? [] }) }));
      if (changes.length > 0) await root.modify(dn, changes);
    }
    written.set(dn, attributes);
  }
  for (const dn of [...written.keys()].filter((dn) => !wanted.has(dn))) {
    await root.del(dn);
    written.delete(dn);
  }
}

/** A source reading the OU at `url` (slapd's, over StartTLS, by default) as `account` (the unlimited reader by default). */
function source(url = slapd().ldapUrl, account: 'reader' | 'limited' = 'reader'): LdapSource {
  const server = slapd();
  return new LdapSource(
    { name: 'acme-ldap', url, tls: { caFile: server.caFile }, bindDn: server[account].dn, pageSize: 100, users: { baseDn: ou } },
    { env: { LDAP_BIND_PASSWORD: server[account].password } },
  );
}

sourceContract({
  kind: 'ldap',
  title: 'LDAP on slapd',
  server: true,
  key: 'uid',
  mapping: { name: { from: 'displayName', transforms: ['first', 'trim'] }, email: { from: 'mail', transforms: ['first'] } },
  load,
  source: () => source(),
  breaks: [
    { fault: 'truncated', what: "the server's 500-entry size limit cutting the listing short", source: () => source(undefined, 'limited') },
    {
      fault: 'server error',
      what: 'the server going away after the first entries',
      source: async () => {
        // Over LDAPS: after StartTLS, ldapts notices a closed connection only when the answer times out (operationTimeoutMs).
        relay = await new StoppableRelay(slapd().ldapsPort).start();
        return source(`ldaps://127.0.0.1:${relay.port}`);
      },
      strike: () => relay?.stop(),
      restore: () => relay?.stop().catch(() => undefined),
    },
  ],
  follow: async (issue) => {
    const { searchEntries } = await root.search(issue.origin, { scope: 'base' });
    return searchEntries.map((entry) => JSON.stringify(entry)).join('\n');
  },
});
