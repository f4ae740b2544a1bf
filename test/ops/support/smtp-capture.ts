/**
 * A real SMTP server (smtp-server) on loopback that requires a login and
 * keeps every message it accepts. TLS is off: loopback only.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  /** The envelope sender and recipients. */
  from: string;
  to: string[];
  /** Who logged in. */
  user: string | undefined;
  /** The whole message as sent (headers and MIME body). */
  raw: string;
}

export interface SmtpCapture {
  host: string;
  port: number;
  messages: CapturedMail[];
  /** Failed logins seen. */
  refusedLogins: number;
  close(): Promise<void>;
}

export async function startSmtpCapture(login: { user: string; password: string }): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const capture = { messages, refusedLogins: 0 };
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === login.user && auth.password === login.password) return callback(null, { user: auth.username });
      capture.refusedLogins += 1;
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          from: mailFrom ? mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(capture, { host: '127.0.0.1', port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}
