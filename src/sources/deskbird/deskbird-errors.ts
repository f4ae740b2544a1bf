/**
 * The SourceErrors a deskbird read can end with, each naming the request
 * (method and URL; the URL never holds the key) and what to do. The key is
 * named only by where it came from (`DESKBIRD_API_KEY`), never by value.
 */
import { SourceError } from '../../errors.js';

/** What an error message needs to know of the source. */
export interface DeskbirdErrorContext {
  sourceName: string;
  /** Where the key came from, e.g. `DESKBIRD_API_KEY`. */
  apiKeyFrom: string;
}

const nothingUsed = 'nothing of this read is used';

export class DeskbirdReadErrors {
  constructor(private readonly context: DeskbirdErrorContext) {}

  private error(message: string, cause?: unknown): SourceError {
    return new SourceError(`deskbird source "${this.context.sourceName}": ${message}`, this.context.sourceName, cause === undefined ? undefined : { cause });
  }

  /** 401 or 403: the key is wrong, revoked, or may not read this. */
  refused(status: number, request: string): SourceError {
    const what =
      status === 401
        ? `deskbird refused the API key from ${this.context.apiKeyFrom} (401 Unauthorized) at ${request}. The key is wrong, expired or revoked: create a new one in the deskbird account's admin settings and put it in ${this.context.apiKeyFrom}`
        : `deskbird accepted the API key from ${this.context.apiKeyFrom} but refused it access (403 Forbidden) at ${request}. Give the key the right to read users and groups, or create one as an admin`;
    return this.error(`${what}; ${nothingUsed}.`);
  }

  /** A status that retrying does not mend (400, 404, …), with the API's own message when it gave one. */
  rejected(status: number, request: string, apiMessage: string | undefined, hint: string): SourceError {
    return this.error(`deskbird answered ${status} to ${request}${apiMessage ? ` ("${apiMessage}")` : ''}. ${hint}; ${nothingUsed}.`);
  }

  /** Still failing after the retries the policy allows. */
  exhausted(request: string, attempts: number, last: string, cause?: unknown): SourceError {
    return this.error(
      `${request} failed ${attempts} times in a row (last: ${last}). A page that cannot be read makes the whole read fail rather than look like people left; ${nothingUsed}. Check that deskbird is reachable from here and run again later.`,
      cause,
    );
  }

  /** The answer is not what the Public API sends. */
  invalid(request: string, detail: string): SourceError {
    return this.error(`the answer to ${request} could not be read: ${detail}. Check the source's baseUrl (it must be deskbird's Public API, such as https://connect.deskbird.com); ${nothingUsed}.`);
  }

  /** The listing's pages do not add up. */
  incomplete(request: string, detail: string): SourceError {
    return this.error(`the listing at ${request} is not consistent: ${detail}. Usually the account changed during the read; run again. A listing that does not add up could hide people or read them twice, so ${nothingUsed}.`);
  }

  /** The read was stopped through the run's abort signal. */
  aborted(cause: unknown): SourceError {
    return this.error(`the read was stopped before it completed; ${nothingUsed}.`, cause);
  }

  /** The account has no user at all. */
  empty(request: string): SourceError {
    return this.error(
      `${request} lists no user at all. An empty source would look like everyone left, so it is an error; check that the API key belongs to the right company.`,
    );
  }

  /** Group membership was looked for everywhere it could be, and found nowhere. */
  noMembership(where: string[]): SourceError {
    return this.error(
      `group members could not be found: ${where.join('; ')}. Set \`membership\` to where this account's API lists them, or to \`none\` to migrate users and groups without placing anyone in a squad; ${nothingUsed}.`,
    );
  }
}
