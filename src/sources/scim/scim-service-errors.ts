/**
 * The SourceErrors a read from a SCIM service provider can end with, each
 * one paragraph naming the URL asked. Messages say where a credential came
 * from, never what it is, and never quote a refusal's body (it could echo
 * what was sent).
 */
import { SourceError } from '../../errors.js';
import type { EntryIssue, JsonValue } from '../source.js';
import type { ScimCredentials } from './scim-credentials.js';
import type { ScimAnswer, ScimTransportError } from './scim-http.js';
import { get, isObject } from './scim-resource.js';

const nothingUsed = 'Nothing read from it is used (a partial read would look like people leaving); the next run reads it again from the start.';

/** What the server's error body says (RFC 7644 section 3.12), shortened; empty when it says nothing usable. */
function detail(answer: ScimAnswer): string {
  let body: JsonValue;
  try {
    body = JSON.parse(answer.body) as JsonValue;
  } catch {
    return '';
  }
  if (!isObject(body)) return '';
  const text = [get(body, 'scimType'), get(body, 'detail')].filter((v): v is string => typeof v === 'string' && v.trim() !== '').join(': ');
  return text === '' ? '' : ` It says: "${text.length > 300 ? `${text.slice(0, 300)}…` : text}".`;
}

/** Builds the errors of one read of one service provider. */
export class ScimServiceErrors {
  constructor(
    private readonly source: string,
    private readonly credentials: Pick<ScimCredentials, 'from' | 'what'>,
  ) {}

  private error(message: string, cause?: unknown): SourceError {
    return new SourceError(message, this.source, cause === undefined ? undefined : { cause });
  }

  /** No answer: the network, TLS, a timeout, or an answer too large. */
  transport(url: URL, error: ScimTransportError): SourceError {
    const what =
      error.code === 'timeout'
        ? `did not answer completely in time (${error.message}); raise timeoutMs if the server is slow, or lower pageSize`
        : error.code === 'too-large'
          ? `sent an answer too large to read (${error.message}); lower pageSize`
          : /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(error.code)
            ? `could not be reached over a verified TLS connection (${error.code}: ${error.message}); if the server's certificate is signed by a private CA, name its PEM file in tls.caFile`
            : `could not be reached (${error.code}: ${error.message})`;
    return this.error(`The SCIM service provider at GET ${url.href} ${what}. ${nothingUsed}`, error);
  }

  /** An answer other than 200. */
  status(url: URL, answer: ScimAnswer, endpoint: 'Users' | 'Groups'): SourceError {
    const head = `The SCIM service provider answered ${answer.status} to GET ${url.href}`;
    const { from, what } = this.credentials;
    switch (answer.status) {
      case 401:
        return this.error(`${head}: it refused the ${what} from ${from}. Check that it is current and meant for this server. ${nothingUsed}`);
      case 403:
        return this.error(`${head}: the ${what} from ${from} is valid but may not read /${endpoint}. Grant the account read access to ${endpoint}. ${nothingUsed}`);
      case 404:
      case 501:
        return this.error(
          `${head}: it does not serve /${endpoint} there.${endpoint === 'Groups' ? ' If it has no Groups, set `groups: false` for this source.' : ' Check that url is the SCIM base (the part before /Users).'}${detail(answer)} ${nothingUsed}`,
        );
      case 400:
        return this.error(`${head}: it refused the request (often the filter).${detail(answer)} ${nothingUsed}`);
      default:
        return this.error(`${head}.${detail(answer)} ${nothingUsed}`);
    }
  }

  /** A 200 whose body is not a ListResponse this reader can trust. */
  badPage(url: URL, problem: string): SourceError {
    return this.error(`The SCIM service provider's answer to GET ${url.href} ${problem}. ${nothingUsed}`);
  }

  /** No usable User at all. */
  empty(url: URL, issues: readonly EntryIssue[]): SourceError {
    const first = issues[0];
    const why = first === undefined ? 'lists no user' : `has no usable user: all ${issues.length} are left out (the first, ${first.origin}: ${first.message})`;
    return this.error(`The SCIM service provider at ${url.href} ${why}; refusing to continue, since an empty source would look like everyone left. Check the filter and the account's access.`);
  }

  /** The read was stopped through the run's abort signal. */
  aborted(url: URL, cause: unknown): SourceError {
    return this.error(`Reading the SCIM service provider at ${url.href} was interrupted before the end; nothing read from it is used.`, cause);
  }
}
