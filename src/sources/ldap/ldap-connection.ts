/**
 * Opening a session with the first server that answers: TLS (ldaps:// or
 * StartTLS, certificates verified), then the bind. Connection failures move
 * on to the next URL; anything else (a refused password, a bad certificate)
 * stops at once, since another server of the same directory would say the
 * same and the operator must see it.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client } from 'ldapts';
import type { Logger } from '../../context/run-context.js';
import { ConfigError, SourceError } from '../../errors.js';
import type { LdapSourceConfig } from './ldap-config.js';
import type { BindCredentials } from './ldap-credentials.js';
import { insecureBindError } from './ldap-config-resolved.js';
import { briefFailure, classifyLdapFailure, type LdapFailureContext, ldapSourceError } from './ldap-errors.js';

/** A bound connection to one server. */
export interface LdapSession {
  /** The URL of the server that answered. */
  url: string;
  client: Client;
  /** Base of every failure context of this session (server, bind DN, settings). */
  context: LdapFailureContext;
  /** Unbinds and closes; never throws. */
  close(): Promise<void>;
}

/** The TLS options for `host`, with the CA file's content when one is configured. */
export function tlsOptionsFor(config: LdapSourceConfig, host: string, ca: Buffer | undefined): ConnectionOptions {
  const options: ConnectionOptions = { minVersion: config.tls.minVersion, rejectUnauthorized: !config.tls.insecureSkipVerify, host };
  if (ca) options.ca = ca;
  // SNI and the certificate name check use servername; an IP address may not be sent as SNI.
  const name = config.tls.serverName ?? (isIP(host) ? undefined : host);
  if (name !== undefined) options.servername = name;
  if (config.tls.insecureSkipVerify) options.checkServerIdentity = () => undefined;
  return options;
}

function readCa(config: LdapSourceConfig): Buffer | undefined {
  if (config.tls.caFile === undefined) return undefined;
  try {
    return readFileSync(config.tls.caFile);
  } catch (error) {
    throw new ConfigError(`cannot read tls.caFile "${config.tls.caFile}": ${(error as Error).message}.`, `LDAP source ${config.name}`);
  }
}

/**
 * Connects and binds to the first reachable server of `config.urls`.
 * @throws SourceError when no server is reachable, or the first reachable
 * one refuses TLS or the bind; ConfigError when the configuration would
 * bind in clear without `allowInsecureBind` (nothing is sent then).
 */
export async function openSession(config: LdapSourceConfig, credentials: BindCredentials, logger: Logger): Promise<LdapSession> {
  // Checked again here: a configuration built in code skips parseLdapSourceConfig.
  const insecure = insecureBindError(config, undefined);
  if (insecure) throw insecure;
  const ca = readCa(config);
  const bindDn = credentials.anonymous ? undefined : credentials.dn;
  const unreachable: string[] = [];
  for (const url of config.urls) {
    const parsed = new URL(url);
    const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    const secure = parsed.protocol === 'ldaps:';
    const tls = tlsOptionsFor(config, host, ca);
    const context: LdapFailureContext = {
      source: config.name,
      server: url,
      operation: 'connect',
      bindDn,
      passwordFrom: credentials.anonymous ? undefined : credentials.passwordFrom,
      settings: {
        caFile: config.tls.caFile,
        serverName: config.tls.serverName,
        timeLimitSeconds: config.timeLimitSeconds,
        operationTimeoutMs: config.operationTimeoutMs,
        connectTimeoutMs: config.connectTimeoutMs,
      },
    };
    if (config.tls.insecureSkipVerify && (secure || config.startTls)) {
      logger.warn('tls.insecureSkipVerify is on: the server certificate is NOT checked, anyone in the middle can read the bind password', { server: url });
    }
    const client = new Client({
      url,
      tlsOptions: secure ? tls : undefined,
      connectTimeout: config.connectTimeoutMs,
      timeout: config.operationTimeoutMs,
      // The server validates DNs; ldapts's stricter parser would refuse some valid ones.
      strictDN: false,
    });
    let operation: LdapFailureContext['operation'] = 'connect';
    try {
      if (!secure) {
        if (config.startTls) {
          operation = 'starttls';
          // ldapts puts no time limit on the TLS handshake that follows StartTLS.
          await withTimeout(client.startTLS({ ...tls }), config.connectTimeoutMs + config.operationTimeoutMs, 'StartTLS');
        } else {
          logger.warn('startTls is off (allowInsecureBind): the bind, its password and every entry read cross the network in clear', { server: url });
        }
      }
      operation = 'bind';
      if (credentials.anonymous) await client.bind('', '');
      else await client.bind(credentials.dn, credentials.password.reveal());
      logger.debug('LDAP session open', { server: url, bindDn: bindDn ?? '(anonymous)', tls: secure ? 'ldaps' : config.startTls ? 'starttls' : 'none' });
      return {
        url,
        client,
        context,
        close: async () => {
          await client.unbind().catch(() => undefined);
        },
      };
    } catch (error) {
      await client.unbind().catch(() => undefined);
      // Only a server that could not be reached, or stopped answering before the bind
      // completed, moves on: a refusal or a certificate problem would repeat elsewhere.
      const kind = classifyLdapFailure(error);
      if (kind === 'unreachable' || kind === 'timeout' || kind === 'connection-lost') {
        const failure = ldapSourceError(error, { ...context, operation });
        unreachable.push(`${url}: ${briefFailure(error, operation)}`);
        logger.warn('LDAP server unreachable, trying the next one', { server: url, reason: failure.message });
        continue;
      }
      throw ldapSourceError(error, { ...context, operation });
    }
  }
  throw new SourceError(
    `LDAP source "${config.name}": none of its servers could be reached (${unreachable.join('; ')}). ` +
      'Usual causes: wrong hosts or ports (389 for ldap://, 636 for ldaps://), servers down, a firewall, or names that do not resolve ' +
      `(connect timeout ${config.connectTimeoutMs} ms, answer timeout ${config.operationTimeoutMs} ms).`,
    config.name,
  );
}

/** Rejects with an "Operation timed out" error (classified as a timeout) when `promise` takes longer than `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: Operation timed out`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
