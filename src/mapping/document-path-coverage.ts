/**
 * Which document paths of a mapping reached a value in at least one entry of
 * a read. A path that never does is almost always misspelt, as a column that
 * no row has is: the map stage reports it as a warning.
 */
import type { RawEntry } from '../sources/source.js';
import type { DocumentPath } from './document-path.js';
import type { MappingWarning } from './map-result.js';
import type { CompiledExpression } from './value-expression.js';

/** An expression of the mapping with the key it is written under (`fields.email`). */
export type KeyedExpression = [key: string, expr: CompiledExpression | undefined];

interface Watched {
  key: string;
  path: DocumentPath;
}

/** Tracks the paths of one kind of entry (persons or groups) over one read. */
export class PathCoverage {
  /** Paths not yet seen to match; each is looked at again only until it matches once. */
  private unmatched: Watched[];
  private documents = 0;

  constructor(expressions: readonly KeyedExpression[]) {
    this.unmatched = expressions.flatMap(([key, expr]) => (expr?.paths ?? []).map((path) => ({ key, path })));
  }

  see(entry: RawEntry): void {
    if (entry.document === undefined) return;
    this.documents += 1;
    if (this.unmatched.length === 0) return;
    this.unmatched = this.unmatched.filter((w) => !w.path.matches(entry.document));
  }

  /** One warning per path that matched nothing in any of `count` entries of `kind`. */
  *warnings(kind: 'person' | 'group', count: number): Iterable<MappingWarning> {
    if (count === 0) return;
    const noDocuments =
      this.documents === 0 ? `; these entries carry no document (paths read the JSON resources of sources such as scim): use from: with this source` : '';
    for (const { key, path } of this.unmatched) {
      yield {
        field: key,
        message: `no ${kind} entry has a value at the path '${path.text}' (${key}; ${count} read); check its spelling and filter against the source's resources${noDocuments}`,
      };
    }
  }
}
