/**
 * The SourceErrors a read of a SCIM file can end with, each one paragraph
 * naming the file and the line (and JSON pointer) concerned.
 */
import { SourceError } from '../../errors.js';
import type { EntryIssue } from '../source.js';

const emptyConsequence = 'refusing to continue, since an empty source would look like everyone left';

/** Builds the errors of one read of one file. */
export class ScimFileErrors {
  constructor(
    private readonly source: string,
    private readonly path: string,
  ) {}

  private error(message: string, cause?: unknown): SourceError {
    return new SourceError(message, this.source, cause === undefined ? undefined : { cause });
  }

  /** Opening or reading the file failed. */
  file(cause: unknown): SourceError {
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
    const why =
      code === 'ENOENT'
        ? 'does not exist; check the source\'s path (relative to the configuration file) and that the export that writes it has run'
        : code === 'EACCES' || code === 'EPERM'
          ? 'cannot be read: permission denied'
          : code === 'EISDIR'
            ? 'is a directory, not a file'
            : `could not be read (${code ?? (cause instanceof Error ? cause.message : String(cause))})`;
    return this.error(`The SCIM file ${this.path} ${why}.`, cause);
  }

  /** The file cannot be split into resources at `line`. */
  structure(line: number, problem: string, cause?: unknown): SourceError {
    return this.error(`The SCIM file ${this.path} ${problem} (line ${line}). Nothing is read from a file that cannot be read whole.`, cause);
  }

  /** A resource's text does not parse. */
  invalidJson(line: number, pointer: string | undefined, message: string, lastLine: boolean): SourceError {
    const where = `line ${line}${pointer === undefined ? '' : ` (${pointer})`}`;
    const cut = /end of (json )?input|unterminated/i.test(message)
      ? lastLine
        ? ': it ends before the resource does, so the file was cut off (truncated)'
        : ': the resource ends before its text does'
      : `: ${message}`;
    return this.error(`The SCIM file ${this.path} is not valid JSON at ${where}${cut}. Nothing is read from a file that cannot be read whole; fix or re-export it.`);
  }

  /** A ListResponse's totalResults differs from the resources the file holds. */
  totalMismatch(total: unknown, count: number): SourceError {
    return this.error(
      `The SCIM file ${this.path} is a ListResponse whose totalResults is ${JSON.stringify(total)} but which holds ${count} resource${count === 1 ? '' : 's'}: it is one page of a longer list, or was cut short. Export every page into one file (or one resource per line as NDJSON) and run again.`,
    );
  }

  /** The document is JSON but not a list of resources nor a resource. */
  notResources(what: string): SourceError {
    return this.error(`The SCIM file ${this.path} ${what}; it should hold a SCIM ListResponse, a JSON array of resources, or one resource per line (NDJSON).`);
  }

  /** The file changed between the two passes of the read. */
  changed(): SourceError {
    return this.error(`The SCIM file ${this.path} changed while it was being read; nothing read from it is used. Run again once the export that writes it has finished.`);
  }

  /** No usable resource at all. */
  empty(issues: readonly EntryIssue[]): SourceError {
    const first = issues[0];
    if (first === undefined) return this.error(`The SCIM file ${this.path} holds no resource; ${emptyConsequence}. Check that the export ran and wrote the file completely.`);
    return this.error(
      `The SCIM file ${this.path} has no usable resource: all ${issues.length} are left out (the first, ${first.origin}: ${first.message}); ${emptyConsequence}.`,
    );
  }

  /** The read was stopped through the run's abort signal. */
  aborted(cause: unknown): SourceError {
    return this.error(`Reading the SCIM file ${this.path} was interrupted before the end; nothing read from it is used.`, cause);
  }
}
