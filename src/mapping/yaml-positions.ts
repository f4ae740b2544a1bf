/**
 * From a key path (`fields.email.transforms[1]`) back to the line and column
 * in the YAML text, so that every mapping error points at the file.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A path into the mapping: object keys and list indexes. */
export type KeyPath = readonly (string | number)[];

/** 1-based line and column. */
export interface Position {
  line: number;
  col: number;
}

/** `fields.email.transforms[1]`; keys that are not plain words are quoted. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Finds positions of paths in one parsed document. */
export class YamlPositions {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }

  /**
   * The position of the value at `path`, or of the key itself with
   * `keyItself`. A path that does not exist (a missing key) resolves to the
   * key of the deepest existing parent, so "missing key" errors point at the
   * map that lacks it.
   */
  find(path: KeyPath, keyItself = false): Position {
    let node: Node | null | undefined = this.doc.contents;
    let keyNode: Node | undefined;
    for (const segment of path) {
      let next: Node | null | undefined;
      let nextKey: Node | undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (pair) {
          next = pair.value as Node | null;
          nextKey = pair.key as Node;
        }
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment] as Node | undefined;
      }
      if (next === undefined || (next === null && !nextKey)) return this.rangeStart(keyNode ?? node);
      // `key:` with nothing after it has a null value: point at the key.
      if (next === null) return this.rangeStart(nextKey);
      node = next;
      keyNode = nextKey;
    }
    return this.rangeStart(keyItself ? (keyNode ?? node) : node);
  }

  private rangeStart(node: Node | null | undefined): Position {
    return this.at(node?.range?.[0] ?? 0);
  }
}
