/**
 * `POST /oauth/token`: the client-credentials grant. Parameters come in a
 * JSON or form body (or the query string, which the reference also shows).
 */
import type { DeskbeeResourcePaths } from '../deskbee/resource-paths.js';
import { type EmulatorCredentials, sameSecret, splitScopes } from './credentials.js';
import { problems } from './problems.js';
import type { Route } from './router.js';
import type { TokenIssuer } from './tokens.js';

export interface TokenRouteDeps {
  credentials: EmulatorCredentials;
  issuer: TokenIssuer;
  /** Token lifetime in seconds (may be fractional). */
  ttlSeconds: () => number;
  /** Whether the answer carries the token's scopes in `scope`. */
  answerScope: () => boolean;
}

function field(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function tokenRoute(deps: TokenRouteDeps, paths: DeskbeeResourcePaths): Route {
  return {
    method: 'POST',
    template: paths.token,
    write: false,
    auth: false,
    handle: (req) => {
      const body = req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
      const params: Record<string, unknown> = { ...Object.fromEntries(req.query), ...body };
      const grant = field(params, 'grant_type');
      if (!grant) throw problems.unexpectedValue('The grant_type field is required.');
      if (grant !== 'client_credentials') {
        throw problems.unexpectedValue('The authorization grant type is not supported by the authorization server.');
      }
      const id = field(params, 'client_id');
      const secret = field(params, 'client_secret');
      const { credentials } = deps;
      if (!id || !secret || !sameSecret(id, credentials.clientId) || !sameSecret(secret, credentials.clientSecret)) {
        throw problems.oauthServer();
      }
      const granted = splitScopes(credentials.scope);
      const asked = splitScopes(field(params, 'scope'));
      const refused = asked.filter((s) => !granted.includes(s));
      if (refused.length > 0) throw problems.oauthScope(refused.join(' '));
      const ttl = deps.ttlSeconds();
      const scopes = asked.length > 0 ? asked : granted;
      const answer: Record<string, string> = {
        access_token: deps.issuer.issue(id, scopes, ttl),
        token_type: 'Bearer',
        expires_in: String(Math.floor(ttl)),
      };
      if (deps.answerScope()) answer.scope = scopes.join(' ');
      return { status: 200, body: answer };
    },
  };
}
