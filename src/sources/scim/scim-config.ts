/**
 * The settings of a `kind: scim` source: a file exported from an identity
 * provider or HR system (a SCIM ListResponse, an array of resources, or
 * NDJSON), or a SCIM 2.0 service provider read over HTTPS. Secrets come from
 * the environment or files, never from here.
 */
import { z } from 'zod';
import { parseScimBaseUrl } from './scim-url.js';

const envName = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not an environment variable name');
const filePath = z.string().trim().min(1, 'the file path is empty');

const bearerSchema = z.strictObject({
  type: z.literal('bearer'),
  /** Environment variable holding the token. Default `SCIM_TOKEN`; `<tokenEnv>_FILE` may name a file holding it instead. */
  tokenEnv: envName.default('SCIM_TOKEN'),
  /** File holding the token (one trailing newline ignored). Default: the file `<tokenEnv>_FILE` names, else the variable `<tokenEnv>`. */
  tokenFile: filePath.optional(),
});

const basicSchema = z.strictObject({
  type: z.literal('basic'),
  /** Environment variable holding the user name. Default `SCIM_USER` (or a file named by `SCIM_USER_FILE`). */
  userEnv: envName.default('SCIM_USER'),
  /** File holding the user name. Default: `<userEnv>_FILE`, else `<userEnv>`. */
  userFile: filePath.optional(),
  /** Environment variable holding the password. Default `SCIM_PASSWORD` (or a file named by `SCIM_PASSWORD_FILE`). */
  passwordEnv: envName.default('SCIM_PASSWORD'),
  /** File holding the password. Default: `<passwordEnv>_FILE`, else `<passwordEnv>`. */
  passwordFile: filePath.optional(),
});

/** How requests to a SCIM service provider authenticate. */
export const scimAuthSchema = z.discriminatedUnion('type', [bearerSchema, basicSchema]);
export type ScimAuthConfig = z.output<typeof scimAuthSchema>;

const tlsSchema = z.strictObject({
  /** PEM file of the CA(s) that signed the server's certificate. Default: the system's trusted CAs. Certificates are always verified. */
  caFile: filePath.optional(),
});

/** Keys that only a `url` source reads. */
const urlOnly = ['auth', 'filter', 'pageSize', 'timeoutMs', 'tls', 'groups'] as const;

/** `kind: scim` settings; unknown keys are rejected. */
export const scimKindConfigSchema = z
  .strictObject({
    kind: z.literal('scim'),
    /** Configured name of the source, e.g. `okta-scim`; appears in errors and plans. Required. */
    name: z.string().trim().min(1, 'a source needs a name'),
    /**
     * A file to read: JSON holding a SCIM ListResponse, an array of resources
     * or one resource; or NDJSON, one resource per line. A relative path is
     * resolved against the configuration file's folder. Give `path` or `url`.
     */
    path: filePath.optional(),
    /** How the file is written. Default `auto`: an array or an object spread over lines is JSON, one resource per line is NDJSON. */
    format: z.enum(['auto', 'json', 'ndjson']).optional(),
    /** The base URL of a SCIM 2.0 service provider (`…/scim/v2`): https, or http on loopback only. Give `path` or `url`. */
    url: z
      .string()
      .trim()
      .superRefine((text, ctx) => {
        const problem = parseScimBaseUrl(text);
        if (typeof problem === 'string') ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    /** How requests authenticate. Default `{ type: bearer, tokenEnv: SCIM_TOKEN }`. */
    auth: scimAuthSchema.optional(),
    /** A SCIM filter for /Users (RFC 7644 section 3.4.2.2), e.g. `active eq true`, sent as the server reads it. Default: every user. */
    filter: z.string().trim().min(1, 'the filter is empty').optional(),
    /** Also read /Groups: group entries, and each person's groups from their members. Default `true`. */
    groups: z.boolean().optional(),
    /** Resources asked for per page (`count`). The server may give fewer. Default 100. */
    pageSize: z.number().int().min(1).max(10_000).optional(),
    /** Milliseconds one request (one page) may take before the read fails. Default 30 000. */
    timeoutMs: z.number().int().min(100).optional(),
    /** Certificate checks. */
    tls: tlsSchema.optional(),
  })
  .superRefine((config, ctx) => {
    if ((config.path === undefined) === (config.url === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: config.path === undefined ? 'give path (a SCIM export file) or url (a SCIM service provider)' : 'give path or url, not both',
      });
    }
    if (config.path !== undefined) {
      for (const key of urlOnly) {
        if (config[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} applies to a url source only; this source reads the file ${config.path}` });
      }
    }
    if (config.url !== undefined && config.format !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['format'], message: 'format applies to a path source only' });
    }
  });

export type ScimKindConfig = z.output<typeof scimKindConfigSchema>;

/** Defaults of the url settings, in one place for the code and the documentation. */
export const scimDefaults = { pageSize: 100, timeoutMs: 30_000, groups: true } as const;
