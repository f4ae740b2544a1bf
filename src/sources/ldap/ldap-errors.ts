/**
 * Turns what goes wrong while talking to a directory (an LDAP result code,
 * a socket or TLS error, a referral) into one SourceError paragraph naming
 * the server, the bind DN, the base DN and filter, and the usual causes.
 *
 * The bind password never reaches this module, and nothing that could hold
 * it is put into a message: the bind is the one request that carries the
 * password, so a failed bind is described only by the error's class and
 * codes in our own words. The server's diagnostic text of a bind is dropped
 * (a server could echo what it was sent), and the SourceError's cause for a
 * bind is an `LdapBindFailure` built from the same class and codes, never
 * the server's error.
 */
import { ResultCodeError } from 'ldapts';
import { SourceError } from '../../errors.js';

/** Where a failure happened, for the message. */
export interface LdapFailureContext {
  /** The source's configured name. */
  source: string;
  /** The server URL. */
  server: string;
  /** What was being done. */
  operation: 'connect' | 'starttls' | 'bind' | 'search' | 'ranged read';
  bindDn?: string;
  baseDn?: string;
  filter?: string;
  /** For ranged reads: the attribute being read. */
  attribute?: string;
  /** Entries received in this search before the failure. */
  entriesSoFar?: number;
  /** For messages about the password. */
  passwordFrom?: string;
  /** Current settings quoted in the advice. */
  settings?: { caFile?: string; serverName?: string; timeLimitSeconds?: number; operationTimeoutMs?: number; connectTimeoutMs?: number };
}

/** The search answer pointed elsewhere (a referral result or search continuation references). */
export class LdapReferralError extends Error {
  constructor(readonly uris: string[]) {
    super(`referral to ${uris.join(', ') || '(no URI given)'}`);
  }
}

/** The server broke the protocol in a way that would make the read incomplete. */
export class LdapProtocolProblem extends Error {}

/** How a failure is handled: only `unreachable` moves on to the next server. */
export type LdapFailureKind = 'unreachable' | 'tls' | 'credentials' | 'result' | 'timeout' | 'connection-lost' | 'referral' | 'protocol' | 'other';

const unreachableCodes = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EADDRNOTAVAIL', 'ECONNRESET']);
const untrustedCertCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error's class name and codes, e.g. `InvalidCredentialsError, LDAP result 49` or `Error, ECONNRESET`: nothing a server wrote. */
function classAndCodes(error: unknown): string {
  const name = error instanceof Error ? error.constructor.name : typeof error;
  const parts = [name === '' ? 'Error' : name];
  if (error instanceof ResultCodeError) parts.push(`LDAP result ${error.code}`);
  else if (errorCode(error) !== undefined) parts.push(errorCode(error) as string);
  return parts.join(', ');
}

/**
 * What a failure's own text may add to a message: the error's message, or,
 * for the bind (the request that carries the password), only its class and
 * codes.
 */
function detailOf(error: unknown, operation: LdapFailureContext['operation']): string {
  return operation === 'bind' ? classAndCodes(error) : messageOf(error);
}

/**
 * The cause a bind's SourceError carries instead of the server's error:
 * the same class name and codes, in words of our own.
 */
export class LdapBindFailure extends Error {
  /** The LDAP result code, when the server answered with one. */
  readonly resultCode: number | undefined;
  /** The system or TLS error code (`ECONNRESET`, `CERT_HAS_EXPIRED`), when there was one. */
  readonly errorCode: string | undefined;

  constructor(failure: unknown) {
    super(`the bind failed (${classAndCodes(failure)})`);
    this.name = 'LdapBindFailure';
    this.resultCode = failure instanceof ResultCodeError ? failure.code : undefined;
    this.errorCode = failure instanceof ResultCodeError ? undefined : errorCode(failure);
  }
}

/** Sorts a failure into the ways the source treats failures. */
export function classifyLdapFailure(error: unknown): LdapFailureKind {
  if (error instanceof LdapReferralError) return 'referral';
  if (error instanceof LdapProtocolProblem) return 'protocol';
  if (error instanceof ResultCodeError) {
    if (error.code === 49) return 'credentials';
    if (error.code === 10) return 'referral';
    return 'result';
  }
  const code = errorCode(error);
  const message = messageOf(error);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || (code !== undefined && (untrustedCertCodes.has(code) || code.startsWith('CERT_') || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')))) return 'tls';
  if (code === 'EPROTO' || /SSL routines|wrong version number|TLS/i.test(code === undefined ? message : '')) return 'tls';
  if ((code !== undefined && unreachableCodes.has(code)) || message === 'Connection timeout') return 'unreachable';
  if (/Operation timed out/.test(message)) return 'timeout';
  if (/Connection closed before message response|Socket error|Socket connection not established/.test(message)) return 'connection-lost';
  return 'other';
}

/** Active Directory's reasons for a refused bind (the `data xxx` in its message). */
const adBindReasons: Record<string, string> = {
  '525': 'the user does not exist',
  '52e': 'the password is wrong',
  '530': 'the account may not log on at this time',
  '531': 'the account may not log on from this workstation',
  '532': 'the password has expired',
  '533': 'the account is disabled',
  '701': 'the account has expired',
  '773': 'the password must be changed before the first logon',
  '775': 'the account is locked out',
};

function where(ctx: LdapFailureContext): string {
  const parts = [`server ${ctx.server}`, `bind DN ${ctx.bindDn === undefined ? '(anonymous)' : `"${ctx.bindDn}"`}`];
  if (ctx.baseDn !== undefined) parts.push(`base DN "${ctx.baseDn}"`);
  if (ctx.filter !== undefined) parts.push(`filter ${ctx.filter}`);
  if (ctx.attribute !== undefined) parts.push(`attribute ${ctx.attribute}`);
  return parts.join(', ');
}

function serverSaid(error: unknown, ctx: LdapFailureContext): string {
  // A bind's diagnostic could echo what the bind sent: it is never quoted.
  if (ctx.operation === 'bind') return '';
  const text = messageOf(error).trim();
  // ldapts's stand-in when the server sent no diagnostic text.
  if (text === '' || /^Code: 0x[0-9a-f]+$/i.test(text)) return '';
  return ` The server said: "${text}".`;
}

function describe(error: unknown, ctx: LdapFailureContext): string {
  const at = `(${where(ctx)})`;
  const soFar = ctx.entriesSoFar !== undefined ? ` after ${ctx.entriesSoFar} entries` : '';
  const partial = 'The source never uses part of a directory (a missing user would look like a leaver), so nothing of this read is used.';
  const kind = classifyLdapFailure(error);
  const code = error instanceof ResultCodeError ? error.code : undefined;

  if (kind === 'referral') {
    const uris = error instanceof LdapReferralError ? error.uris : [];
    return (
      `the server answered the ${ctx.operation} with a referral${uris.length > 0 ? ` to ${uris.join(', ')}` : ''} instead of the entries ${at}. ` +
      'Part of what was asked for is held by another server, and the source does not follow referrals (that would send the bind password elsewhere). ' +
      `${partial} Point url at a server that holds the whole base DN (for Active Directory, a domain controller of that domain, or the Global Catalog on port 3268/3269 for a forest-wide read), or narrow the base DN to what this server holds.`
    );
  }
  if (kind === 'credentials') {
    const data = /data ([0-9a-f]{3,4})/i.exec(messageOf(error))?.[1]?.toLowerCase();
    const reason = data !== undefined && adBindReasons[data] ? ` (Active Directory: ${adBindReasons[data]})` : '';
    return (
      `the server refused the bind: invalid credentials (LDAP result 49)${reason} ${at}. ` +
      `Usual causes: a wrong or expired password in ${ctx.passwordFrom ?? 'the configured password source'}, a misspelt bind DN, or a disabled or locked account. ` +
      'The other servers were not tried: they would refuse the same credentials.'
    );
  }
  if (kind === 'tls') {
    const tlsCode = errorCode(error);
    if (tlsCode === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      return (
        `the server's TLS certificate is not valid for the name the source connected to ${at}: ${detailOf(error, ctx.operation)}. ` +
        'Usual causes: connecting by IP address or by an alias the certificate does not list. Use the name the certificate carries in url, or set tls.serverName to it ' +
        `(now ${ctx.settings?.serverName === undefined ? 'unset, so the URL host is checked' : `"${ctx.settings.serverName}"`}); a Samba AD DC's own certificate carries <HOST>.<realm>.`
      );
    }
    if (tlsCode !== undefined && untrustedCertCodes.has(tlsCode)) {
      return (
        `the server's TLS certificate is not signed by a trusted certificate authority (${tlsCode}) ${at}. ` +
        `Set tls.caFile to the PEM file of the CA that signed the server certificate (now ${ctx.settings?.caFile === undefined ? "unset, so only the system's CAs are trusted" : `"${ctx.settings.caFile}"`}). ` +
        'The connection was not used, so the password was not sent.'
      );
    }
    if (tlsCode === 'CERT_HAS_EXPIRED' || tlsCode === 'CERT_NOT_YET_VALID') {
      return `the server's TLS certificate is ${tlsCode === 'CERT_HAS_EXPIRED' ? 'expired' : 'not valid yet'} ${at}. Renew the server certificate (or check this machine's clock); the password was not sent.`;
    }
    return (
      `the TLS handshake with the server failed ${at}: ${detailOf(error, ctx.operation)}. ` +
      'Usual causes: ldaps:// pointed at a plain LDAP port (use port 636 for ldaps://, or ldap:// with StartTLS on 389), a server without TLS configured, or no TLS version in common (tls.minVersion).'
    );
  }
  if (kind === 'unreachable') {
    return (
      `could not connect to the server ${at}: ${errorCode(error) ?? detailOf(error, ctx.operation)}. ` +
      `Usual causes: a wrong host or port (389 for ldap://, 636 for ldaps://), the server is down, a firewall, or a name that does not resolve (connect timeout ${ctx.settings?.connectTimeoutMs ?? '?'} ms).`
    );
  }
  if (kind === 'timeout') {
    return `the server gave no answer to the ${ctx.operation} within operationTimeoutMs (${ctx.settings?.operationTimeoutMs ?? '?'} ms)${soFar} ${at}. ${partial} Usual causes: an overloaded server, a slow unindexed filter, or a network that drops packets.`;
  }
  if (kind === 'connection-lost') {
    return `the connection was lost during the ${ctx.operation}${soFar} ${at}: ${detailOf(error, ctx.operation)}. ${partial} Usual causes: the server restarted, an idle or load-balancer timeout, or a network problem.`;
  }
  if (kind === 'protocol') {
    return `the server's answer to the ${ctx.operation} cannot be trusted to be complete${soFar} ${at}: ${detailOf(error, ctx.operation)}. ${partial}`;
  }
  if (code === 4) {
    return (
      `the server stopped the search${soFar} with "size limit exceeded" (LDAP result 4) ${at}. ${partial} ` +
      'Usual causes: the bind account is subject to a server size limit even for paged searches (OpenLDAP: 500 entries by default for every account but the rootdn; ' +
      `allow more with \`limits dn.exact="${ctx.bindDn ?? '<bind DN>'}" size.prtotal=unlimited\`; Active Directory: MaxResultSetSize), or the filter matches more than the limit.${serverSaid(error, ctx)}`
    );
  }
  if (code === 3) {
    return (
      `the server stopped the search${soFar} with "time limit exceeded" (LDAP result 3) ${at}. ${partial} ` +
      `Usual causes: timeLimitSeconds (now ${ctx.settings?.timeLimitSeconds ?? 0}, 0 meaning the server's own) or the server's time limit for this account ` +
      `(OpenLDAP \`limits … time=…\`, Active Directory MaxQueryDuration) is too short for this search, an unindexed filter, or a busy server.${serverSaid(error, ctx)}`
    );
  }
  if (code === 11) {
    return `the server refused with "admin limit exceeded" (LDAP result 11)${soFar} ${at}. ${partial} Usual causes: a page size above the server's maximum (Active Directory MaxPageSize, 1000 by default: lower pageSize) or a value range above MaxValRange.${serverSaid(error, ctx)}`;
  }
  if (code === 32) {
    const matched = (error as { matchedDN?: string }).matchedDN;
    return `the base DN does not exist on the server (LDAP result 32, no such object) ${at}.${matched ? ` The closest existing entry is "${matched}".` : ''} Check the spelling of baseDn, and that the bind account may see it.${serverSaid(error, ctx)}`;
  }
  if (code === 50) {
    return `the bind account may not do this (LDAP result 50, insufficient access) ${at}. Give the account read access to the base DN and the attributes read.${serverSaid(error, ctx)}`;
  }
  if (code === 8 || code === 13) {
    return (
      `the server requires a protected connection for this (LDAP result ${code}, ${code === 8 ? 'strong authentication required' : 'confidentiality required'}) ${at}. ` +
      'Use ldaps:// or StartTLS (startTls: true).' +
      serverSaid(error, ctx)
    );
  }
  if (code === 12) {
    return `the server does not support a control the search needs (LDAP result 12, unavailable critical extension: paged results) ${at}.${serverSaid(error, ctx)}`;
  }
  if (code === 53 && ctx.operation === 'bind') {
    return `the server is unwilling to perform the bind (LDAP result 53) ${at}. Usual causes: simple binds over an unprotected connection are forbidden (enable StartTLS or ldaps://), or the account is locked.${serverSaid(error, ctx)}`;
  }
  if (ctx.operation === 'starttls' && code !== undefined) {
    return `the server refused StartTLS (LDAP result ${code}) ${at}. Usual causes: TLS is not configured on the server; configure it, or use ldaps:// if the server offers it.${serverSaid(error, ctx)}`;
  }
  if (code === 87 || (code === 2 && ctx.filter !== undefined)) {
    return `the server rejected the search (LDAP result ${code}) ${at}. Check the filter's syntax and attribute names.${serverSaid(error, ctx)}`;
  }
  if (code !== undefined) {
    return `the ${ctx.operation} failed with LDAP result ${code}${soFar} ${at}. ${partial}${serverSaid(error, ctx)}`;
  }
  return `the ${ctx.operation} failed${soFar} ${at}: ${detailOf(error, ctx.operation)}. ${partial}`;
}

/**
 * The SourceError for a failure at `ctx`; a SourceError passes through as is.
 * A bind's failure gets an `LdapBindFailure` as its cause, not `error`.
 */
export function ldapSourceError(error: unknown, ctx: LdapFailureContext): SourceError {
  if (error instanceof SourceError) return error;
  const cause = ctx.operation === 'bind' ? new LdapBindFailure(error) : error;
  return new SourceError(`LDAP source "${ctx.source}": ${describe(error, ctx)}`, ctx.source, { cause });
}

/** A failure in a few words for a list of skipped servers: its code, or (for the bind) its class and codes. */
export function briefFailure(error: unknown, operation: LdapFailureContext['operation']): string {
  return errorCode(error) ?? detailOf(error, operation);
}
