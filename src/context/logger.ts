import { Writable } from 'node:stream';
import pino from 'pino';
import type { LogFields, Logger } from './run-context.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface LoggerOptions {
  /** Default `info`. */
  level?: LogLevel;
  /** `text` for people (default), `json` for log collectors (one object a line). */
  format?: 'text' | 'json';
  /** Default process.stderr: stdout is kept for reports and plans. */
  stream?: NodeJS.WritableStream;
}

/** Field names whose values are replaced by `[redacted]` wherever they appear. */
const secretKeys = ['password', 'secret', 'clientSecret', 'client_secret', 'token', 'access_token', 'authorization', 'bindPassword'];

/**
 * A pino logger behind the project's Logger interface. pino gives levels,
 * child loggers and redaction of secret-looking fields at any depth we list;
 * the text format is a small line formatter over its JSON.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const destination = options.format === 'json' ? stream : textStream(stream);
  const base = pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: [...secretKeys, ...secretKeys.map((key) => `*.${key}`)], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
  return wrap(base);
}

function wrap(instance: pino.Logger): Logger {
  return {
    debug: (message, fields) => instance.debug(fields ?? {}, message),
    info: (message, fields) => instance.info(fields ?? {}, message),
    warn: (message, fields) => instance.warn(fields ?? {}, message),
    error: (message, fields) => instance.error(fields ?? {}, message),
    child: (fields: LogFields) => wrap(instance.child(fields)),
    bind: (fields: LogFields) => instance.setBindings({ ...instance.bindings(), ...fields }),
  };
}

const levelNames: Record<number, string> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** `12:00:01 warn  message key=value …` from pino's JSON lines. */
function textStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        const { level, time, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
        const when = typeof time === 'string' ? time.slice(11, 19) : '';
        const extras = Object.entries(fields)
          .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
          .join(' ');
        out.write(`${when} ${(levelNames[Number(level)] ?? 'log').padEnd(5)} ${String(msg ?? '')}${extras ? ` ${extras}` : ''}\n`);
      }
      done();
    },
  });
}
