import type { Clock } from '../context/run-context.js';
import { DeskbeeApiError } from '../errors.js';
import type { Secret } from '../config/secret.js';
import type { BearerSource, HttpTransport } from './http-transport.js';
import { tokenResponseSchema } from './schemas.js';

/** OAuth2 client credentials, as Deskbee's panel shows them. */
export interface DeskbeeCredentials {
  clientId: string;
  clientSecret: Secret;
  /** Space-separated scopes; omitted from the token request when absent. */
  scope?: string;
}

export interface TokenProviderOptions {
  tokenUrl: URL;
  credentials: DeskbeeCredentials;
  transport: HttpTransport;
  clock: Clock;
  /** Lifetime assumed when Deskbee's answer has no `expires_in`. Default 300 s. */
  defaultLifetimeMs?: number;
}

/**
 * Fetches and caches the bearer token (OAuth2 client credentials, JSON body),
 * renewing it before it expires: at 90% of its lifetime, or one minute before
 * the end, whichever comes first. Concurrent callers share one token request.
 */
export class TokenProvider implements BearerSource {
  #current: { token: string; renewAt: number } | undefined;
  #pending: Promise<string> | undefined;
  #grantedScope: string | undefined;

  constructor(
    private readonly options: TokenProviderOptions,
    private readonly onTokenRequest: () => void,
  ) {}

  async token(): Promise<string> {
    const now = this.options.clock.now();
    if (this.#current && now < this.#current.renewAt) return this.#current.token;
    this.#pending ??= this.fetchToken().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** The scopes the last token answer said were granted (space-separated), when it said. */
  get grantedScope(): string | undefined {
    return this.#grantedScope;
  }

  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { credentials, transport, tokenUrl, clock } = this.options;
    this.onTokenRequest();
    const body: Record<string, string> = {
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret.reveal(),
    };
    if (credentials.scope) body.scope = credentials.scope;
    const issuedAt = clock.now();
    // Asking for a token twice is harmless, so the call counts as idempotent.
    const answer = await transport
      .send({ method: 'POST', url: tokenUrl, body, schema: tokenResponseSchema, idempotent: true, authenticated: false })
      .catch((error: unknown) => {
        throw explainTokenError(error, credentials.clientId);
      });
    const lifetimeMs = answer.expires_in !== undefined ? answer.expires_in * 1000 : (this.options.defaultLifetimeMs ?? 300_000);
    const margin = Math.min(60_000, lifetimeMs * 0.1);
    this.#grantedScope = answer.scope;
    this.#current = { token: answer.access_token, renewAt: issuedAt + lifetimeMs - margin };
    return answer.access_token;
  }
}

/** A refused token request says which credentials to check, never their values beyond the public client id. */
function explainTokenError(error: unknown, clientId: string): unknown {
  if (!(error instanceof DeskbeeApiError) || (error.status !== 400 && error.status !== 401)) return error;
  const hint =
    error.id === 'oauth_escope'
      ? 'the requested scope (DESKBEE_SCOPE) is not granted to this client'
      : `check DESKBEE_CLIENT_ID (now ${clientId}) and DESKBEE_CLIENT_SECRET against Deskbee's panel, Integrations > ClientApi`;
  return new DeskbeeApiError({
    status: error.status,
    id: error.id,
    message: `${error.apiMessage} Deskbee refused the client credentials: ${hint}.`,
    errors: error.errors,
    request: error.request,
    credentials: true,
  });
}
