/**
 * A mail receiver: the notice sent through an SMTP relay with nodemailer,
 * the summary in the body and the Markdown report attached. The user name
 * and password come from the environment or files; they never cross the
 * network in clear (plain SMTP takes them only on loopback).
 */
import nodemailer from 'nodemailer';
import { kindWords } from '../report/change-kinds.js';
import { formatCount } from '../plan/value-format.js';
import { ConfigError } from '../errors.js';
import type { EmailConfig } from './ops-config.js';
import { findSecret, isLoopback, readFileText, requireSecret, type Environment, type ReadFile } from './ops-secrets.js';
import type { Receiver } from './receiver.js';
import { summaryKinds, type RunNotice } from './run-notice.js';
import { renderRunMarkdown, reportFileName } from './run-report-markdown.js';

const where = 'notify.email';

/**
 * The receiver `config` describes, its credentials found now. Twice
 * `timeoutMs` bounds each wait on the relay (connecting, its greeting, each
 * answer), so that a silent relay does not keep the process alive after the
 * notice is given up.
 * @throws ConfigError when a credential is unreadable, a user name comes without a password, or credentials would go over plain SMTP to another host.
 */
export function emailReceiver(config: EmailConfig, env: Environment, readFile: ReadFile = readFileText, timeoutMs = 10_000): Receiver {
  const user = findSecret({ where, label: 'SMTP user name', variable: config.userEnv, ...(config.userFile ? { file: config.userFile } : {}) }, env, readFile);
  const password = user
    ? requireSecret({ where, label: 'SMTP password', variable: config.passwordEnv, ...(config.passwordFile ? { file: config.passwordFile } : {}) }, env, readFile)
    : undefined;
  if (user && config.tls === 'none' && !isLoopback(config.host)) {
    throw new ConfigError(
      `an SMTP user name and password (${user.from}) would cross the network in clear with tls: none; use tls: starttls or implicit, or a relay that needs no login.`,
      where,
    );
  }
  const port = config.port ?? (config.tls === 'implicit' ? 465 : 587);
  const ca = config.caFile ? readCa(config.caFile, readFile) : undefined;
  return {
    name: `email via ${config.host}:${port}`,
    async send(notice: RunNotice, signal: AbortSignal): Promise<void> {
      // Made before the relay is reached, so that only the relay's errors are told by their SMTP codes.
      const mail = {
        from: config.from,
        to: config.to,
        subject: notice.subject,
        text: mailBody(notice),
        attachments: [{ filename: reportFileName(notice.summary), content: renderRunMarkdown(notice), contentType: 'text/markdown; charset=utf-8' }],
        disableFileAccess: true,
        disableUrlAccess: true,
      };
      const transport = nodemailer.createTransport({
        host: config.host,
        port,
        secure: config.tls === 'implicit',
        requireTLS: config.tls === 'starttls',
        ignoreTLS: config.tls === 'none',
        tls: { minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) },
        ...(user && password ? { auth: { user: user.value.reveal(), pass: password.value.reveal() } } : {}),
        // A backstop: the notifier gives up at timeoutMs and closes the transport; these close a socket that outlives that.
        connectionTimeout: 2 * timeoutMs,
        greetingTimeout: 2 * timeoutMs,
        socketTimeout: 2 * timeoutMs,
        logger: false,
      });
      const stop = () => transport.close();
      signal.addEventListener('abort', stop, { once: true });
      try {
        await transport.sendMail(mail);
      } catch (error) {
        throw new Error(signal.aborted ? 'no answer before the timeout' : smtpProblem(error));
      } finally {
        signal.removeEventListener('abort', stop);
        transport.close();
      }
    },
  };
}

/** The plain-text body: the paragraph, the changes by kind, and where the report is. */
export function mailBody(notice: RunNotice): string {
  const { summary } = notice;
  const lines = [notice.text, ''];
  const kinds = summaryKinds(summary);
  if (kinds.length > 0) {
    lines.push('Changes (planned / applied / unconfirmed / failed / skipped):');
    for (const kind of kinds) {
      const t = summary.changes[kind]!;
      lines.push(`  ${kindWords[kind].label}: ${[t.planned, t.applied, t.unconfirmed, t.failed, t.skipped].map(formatCount).join(' / ')}`);
    }
    lines.push('');
  }
  lines.push(`The report is attached as ${reportFileName(summary)}.`);
  return `${lines.join('\n')}\n`;
}

/** What went wrong, from nodemailer's codes only (its messages may quote the server at length). */
function smtpProblem(error: unknown): string {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; command?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'error';
  const status = typeof e.responseCode === 'number' ? ` ${e.responseCode}` : '';
  const command = typeof e.command === 'string' && /^[A-Z]+( [A-Z]+)?$/.test(e.command) ? ` after ${e.command}` : '';
  return `the SMTP relay refused or failed (${code}${status}${command})`;
}

function readCa(path: string, readFile: ReadFile): string {
  try {
    return readFile(path);
  } catch (error) {
    throw new ConfigError(`cannot read caFile ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`, where);
  }
}
