/**
 * Access tokens: JWT-shaped (`header.payload.signature`, HS256) and verified
 * statelessly with a key that lives only as long as the emulator instance.
 * `exp` is a NumericDate that may carry a fraction of a second, so very
 * short lifetimes work in tests.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  /** The client id the token was issued to. */
  aud: string;
  jti: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  scopes: string[];
}

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export class TokenIssuer {
  private readonly key = randomBytes(32);
  private readonly header = b64(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));

  constructor(private readonly now: () => number) {}

  issue(clientId: string, scopes: string[], ttlSeconds: number): string {
    const iat = this.now() / 1000;
    const claims: TokenClaims = { aud: clientId, jti: randomUUID(), iat, exp: iat + ttlSeconds, scopes };
    const unsigned = `${this.header}.${b64(JSON.stringify(claims))}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  /** The claims of a token this instance issued and that has not expired; otherwise undefined. */
  verify(token: string): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return undefined;
    }
    if (typeof claims.exp !== 'number' || this.now() / 1000 >= claims.exp) return undefined;
    return claims;
  }

  private sign(unsigned: string): string {
    return createHmac('sha256', this.key).update(unsigned).digest('base64url');
  }
}
