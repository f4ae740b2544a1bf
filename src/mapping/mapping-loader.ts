/**
 * Reads a mapping file: YAML with source positions kept, the version checked
 * first, then the zod schema. Every problem is reported as
 * `file:line:col (key.path): message`.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import { explainIssues, describeValue, type MappingProblem } from './mapping-problems.js';
import { mappingSchema, mappingVersion, type Mapping } from './mapping-schema.js';
import { formatKeyPath, YamlPositions, type KeyPath, type Position } from './yaml-positions.js';

/** One located problem in a mapping file. */
export interface LocatedProblem extends Position {
  file: string;
  /** Key path, e.g. `fields.email.transforms[1]`; empty for the file as a whole. */
  path: string;
  message: string;
}

/** `file:line:col (key.path)` */
export function formatLocation(p: LocatedProblem): string {
  return `${p.file}:${p.line}:${p.col}${p.path ? ` (${p.path})` : ''}`;
}

const shownProblems = 20;

/** A mapping file is wrong. `problems` lists every problem found, in file order. */
export class MappingError extends ConfigError {
  constructor(readonly problems: LocatedProblem[]) {
    const [first, ...rest] = problems;
    const more = rest.slice(0, shownProblems - 1).map((p) => `\n${formatLocation(p)}: ${p.message}`);
    const hidden = rest.length - more.length;
    super(
      (first?.message ?? 'the mapping is invalid') + more.join('') + (hidden > 0 ? `\n… and ${hidden} more problem(s)` : ''),
      first ? formatLocation(first) : undefined,
    );
  }
}

function versionProblem(root: Record<string, unknown>): MappingProblem | undefined {
  const version = root['version'];
  if (version === mappingVersion) return undefined;
  if (version === undefined) {
    return { path: [], message: `version is missing: a mapping file starts with 'version: ${mappingVersion}'` };
  }
  if (typeof version === 'number') {
    return {
      path: ['version'],
      message:
        `mapping version ${version} is not supported: this deskbee-sync reads version ${mappingVersion}. ` +
        `A file written for a newer deskbee-sync needs that release; otherwise write it for version ${mappingVersion} (see mappings/README.md)`,
    };
  }
  return { path: ['version'], message: `version must be the number ${mappingVersion}, not ${describeValue(version)}` };
}

/**
 * Validates mapping text. `file` names it in messages (as given: keep it
 * relative for readable errors). Throws `MappingError` (a `ConfigError`).
 */
export function parseMapping(text: string, file: string): Mapping {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const positions = new YamlPositions(doc, lines);
  const failure = (problems: MappingProblem[]): MappingError => {
    const located = problems.map((p): LocatedProblem => ({ file, path: formatKeyPath(p.path), message: p.message, ...positions.find(p.path, p.atKey) }));
    located.sort((a, b) => a.line - b.line || a.col - b.col);
    return new MappingError(located);
  };
  const locate = (offset: number, path: KeyPath, message: string): LocatedProblem => ({ file, path: formatKeyPath(path), message, ...positions.at(offset) });

  if (doc.errors.length > 0) {
    throw new MappingError(
      doc.errors.map((e) => {
        const key = /^[^:\s]+/.exec(text.slice(e.pos[0]))?.[0];
        const message =
          e.code === 'DUPLICATE_KEY' && key ? `the key '${key}' appears twice in the same place; keep one` : `${e.message} (YAML syntax)`;
        return locate(e.pos[0], [], message);
      }),
    );
  }
  const root: unknown = doc.toJS({ maxAliasCount: 100 });
  if (root === null || root === undefined) throw failure([{ path: [], message: 'the mapping file is empty; see mappings/README.md for a start' }]);
  if (typeof root !== 'object' || Array.isArray(root)) {
    throw failure([{ path: [], message: `a mapping file holds keys and values (version: 1, source: …), not ${describeValue(root)}` }]);
  }
  // A different version may have a different shape: say only that.
  const version = versionProblem(root as Record<string, unknown>);
  if (version) throw failure([version]);

  const result = mappingSchema.safeParse(root);
  if (!result.success) throw failure(explainIssues(mappingSchema, root, result.error.issues));
  return result.data;
}

/** Reads and validates a mapping file. Throws `ConfigError` when it cannot be read or is wrong. */
export async function loadMapping(path: string): Promise<Mapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new ConfigError(`cannot read the mapping file: ${why}. Check the mapping path in the configuration`, path);
  }
  return parseMapping(text.replace(/^\uFEFF/, ''), path);
}
