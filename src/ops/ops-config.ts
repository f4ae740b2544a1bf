/**
 * The `metrics` and `notify` sections of the configuration file: where a
 * run's Prometheus series are written, and who is told when a run needs a
 * person. Secrets (a webhook's signing key, an SMTP password, a webhook URL
 * that is itself a credential) are named here by environment variable or
 * file, never written here.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const envName = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not an environment variable name');
const filePath = z.string().trim().min(1, 'the file path is empty');
const address = z.string().trim().regex(/^[^@\s]+@[^@\s]+$|<[^@\s]+@[^@\s]+>$/, 'not an email address');
/** Label names the series themselves use. */
const reservedLabels = ['mode', 'outcome', 'kind'];
const headerName = z.string().regex(/^[A-Za-z0-9-]+$/, 'not an HTTP header name');

export const metricsConfigSchema = z.strictObject({
  /**
   * A file for node_exporter's textfile collector, e.g.
   * `/var/lib/node_exporter/textfile/deskbee_sync.prom`. Written after every
   * run through a temporary file in the same folder and a rename. Relative to
   * the configuration file. Default: none (no file written).
   */
  textfile: filePath.optional(),
  /** Labels added to every series, e.g. `{ account: acme }` when one host syncs several accounts. Default: none. */
  labels: z
    .record(z.string(), z.string())
    .superRefine((labels, ctx) => {
      for (const name of Object.keys(labels)) {
        const problem = !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)
          ? 'not a Prometheus label name (letters, digits and _, not starting with a digit)'
          : name.startsWith('__') || reservedLabels.includes(name)
            ? `label names starting with __, and ${reservedLabels.join(', ')}, are taken by the series themselves`
            : undefined;
        if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
      }
    })
    .optional(),
});
export type MetricsConfig = z.output<typeof metricsConfigSchema>;

/** What can make a run notify. */
export const notifyEvents = ['failed', 'refused', 'unconfirmed', 'left-out', 'interrupted', 'partial'] as const;
export type NotifyEvent = (typeof notifyEvents)[number];
export const defaultNotifyEvents: NotifyEvent[] = ['failed', 'refused', 'unconfirmed', 'interrupted'];

const webhookSchema = z
  .strictObject({
    /** Where the JSON is POSTed: https, or http on loopback only. Give `url` or `urlEnv`. */
    url: z.string().trim().url().optional(),
    /** An environment variable holding the URL (or `<urlEnv>_FILE` naming a file), for URLs that are themselves credentials (Slack, Teams). */
    urlEnv: envName.optional(),
    /** Environment variable holding the signing secret (or `<secretEnv>_FILE` naming a file). Default: none, requests are not signed. */
    secretEnv: envName.optional(),
    /** File holding the signing secret (one trailing newline ignored). Default: none. */
    secretFile: filePath.optional(),
    /**
     * How the secret is used. `hmac-sha256` (default): the header carries
     * `sha256=` and the hex HMAC of `TIMESTAMP.BODY`, the timestamp (unix
     * seconds) in `X-Deskbee-Sync-Timestamp`. `header`: the secret itself is
     * the header's value (e.g. `Authorization: Bearer …` stored whole).
     */
    signature: z.enum(['hmac-sha256', 'header']).default('hmac-sha256'),
    /** The header carrying the signature or secret. Default `X-Deskbee-Sync-Signature` (hmac-sha256), `Authorization` (header). */
    header: headerName.optional(),
  })
  .refine((w) => (w.url === undefined) !== (w.urlEnv === undefined), { message: 'give the webhook one of url or urlEnv' })
  .refine((w) => !(w.secretEnv && w.secretFile), { message: 'give the webhook secret by secretEnv or secretFile, not both' });
export type WebhookConfig = z.output<typeof webhookSchema>;

const emailSchema = z.strictObject({
  /** The SMTP relay's host name. Required. */
  host: z.string().trim().min(1),
  /** Default 465 with `tls: implicit`, else 587. */
  port: z.number().int().min(1).max(65_535).optional(),
  /**
   * `starttls` (default): upgrade with STARTTLS and refuse to send without it.
   * `implicit`: TLS from the first byte (usually port 465). `none`: plain
   * SMTP, for a relay on the same host or network; with a user name and
   * password only on loopback.
   */
  tls: z.enum(['starttls', 'implicit', 'none']).default('starttls'),
  /** PEM file of the CA(s) that signed the relay's certificate. Default: the system's. Certificates are always verified. */
  caFile: filePath.optional(),
  /** Sender address, e.g. `deskbee-sync@corp.example`. Required. */
  from: address,
  /** Recipients, e.g. `[it-ops@corp.example]`. Required. */
  to: z.array(address).min(1),
  /** Environment variable holding the SMTP user name (or `<userEnv>_FILE`). Default `DESKBEE_SYNC_SMTP_USER`; unset: no authentication. */
  userEnv: envName.default('DESKBEE_SYNC_SMTP_USER'),
  /** File holding the user name. Default: none. */
  userFile: filePath.optional(),
  /** Environment variable holding the SMTP password (or `<passwordEnv>_FILE`). Default `DESKBEE_SYNC_SMTP_PASSWORD`. */
  passwordEnv: envName.default('DESKBEE_SYNC_SMTP_PASSWORD'),
  /** File holding the password. Default: none. */
  passwordFile: filePath.optional(),
});
export type EmailConfig = z.output<typeof emailSchema>;

export const notifyConfigSchema = z
  .strictObject({
    /** Which runs notify. Default `[failed, refused, unconfirmed, interrupted]`. */
    on: z.array(z.enum(notifyEvents)).min(1).default(defaultNotifyEvents),
    /** Milliseconds each receiver may take before it is given up (and a warning logged). Default 10,000. */
    timeoutMs: z.number().int().min(100).max(300_000).default(10_000),
    /** A JSON POST with a Slack/Teams-compatible `text` and the run summary. */
    webhook: webhookSchema.optional(),
    /** A mail with the summary in the body and the Markdown report attached. */
    email: emailSchema.optional(),
  })
  .refine((n) => n.webhook !== undefined || n.email !== undefined, { message: 'notify needs a webhook or an email (or both)' });
export type NotifyConfig = z.output<typeof notifyConfigSchema>;

/** The two sections with their file paths made absolute, relative to `base`. */
export function resolveOpsPaths(config: { metrics?: MetricsConfig; notify?: NotifyConfig }, base: string): { metrics?: MetricsConfig; notify?: NotifyConfig } {
  const { metrics, notify } = config;
  const webhook = notify?.webhook;
  const email = notify?.email;
  return {
    ...(metrics ? { metrics: absolute(metrics, ['textfile'], base) } : {}),
    ...(notify
      ? {
          notify: {
            ...notify,
            ...(webhook ? { webhook: absolute(webhook, ['secretFile'], base) } : {}),
            ...(email ? { email: absolute(email, ['caFile', 'userFile', 'passwordFile'], base) } : {}),
          },
        }
      : {}),
  };
}

function absolute<T extends object>(section: T, keys: (keyof T & string)[], base: string): T {
  const copy = { ...section };
  for (const key of keys) {
    const value = copy[key];
    if (typeof value === 'string') copy[key] = resolve(base, value) as T[typeof key];
  }
  return copy;
}
