/**
 * Reads a YAML file with source positions kept and validates it with a zod
 * schema: every problem is reported as `file:line:col (key.path): message`.
 * Shared by the mapping files and the configuration file.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { explainIssues, describeValue, type MappingProblem } from '../mapping/mapping-problems.js';
import { formatKeyPath, YamlPositions, type KeyPath, type Position } from '../mapping/yaml-positions.js';

/** One located problem in a YAML file. */
export interface LocatedProblem extends Position {
  file: string;
  /** Key path, e.g. `fields.email.transforms[1]`; empty for the file as a whole. */
  path: string;
  message: string;
}

/** A problem found before locating: a key path and a message. */
export type YamlProblem = MappingProblem;

/** `file:line:col (key.path)` */
export function formatLocation(p: LocatedProblem): string {
  return `${p.file}:${p.line}:${p.col}${p.path ? ` (${p.path})` : ''}`;
}

const shownProblems = 20;

/** A YAML file is wrong. `problems` lists every problem found, in file order. */
export class YamlFileError extends ConfigError {
  constructor(
    readonly problems: LocatedProblem[],
    what: string,
  ) {
    const [first, ...rest] = problems;
    const more = rest.slice(0, shownProblems - 1).map((p) => `\n${formatLocation(p)}: ${p.message}`);
    const hidden = rest.length - more.length;
    super(
      (first?.message ?? `the ${what} is invalid`) + more.join('') + (hidden > 0 ? `\n… and ${hidden} more problem(s)` : ''),
      first ? formatLocation(first) : undefined,
    );
  }
}

export interface YamlParseOptions {
  /** What the file is, for messages: `mapping file`, `configuration file`. */
  what: string;
  /** The file's usual first keys, for the message about a file that is not a map. */
  example: string;
  /** Checks the raw document before the schema (e.g. its version); a problem stops there. */
  precheck?: (root: Record<string, unknown>) => YamlProblem | undefined;
  /** Builds the error thrown; default YamlFileError. */
  error?: (problems: LocatedProblem[]) => ConfigError;
}

/** Validates YAML text against `schema`. `file` names it in messages. */
export function parseYaml<S extends z.ZodType>(text: string, file: string, schema: S, options: YamlParseOptions): z.infer<S> {
  const makeError = options.error ?? ((problems: LocatedProblem[]) => new YamlFileError(problems, options.what));
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const positions = new YamlPositions(doc, lines);
  const failure = (problems: YamlProblem[]): ConfigError => {
    const located = problems.map((p): LocatedProblem => ({ file, path: formatKeyPath(p.path), message: p.message, ...positions.find(p.path, p.atKey) }));
    located.sort((a, b) => a.line - b.line || a.col - b.col);
    return makeError(located);
  };
  const locate = (offset: number, path: KeyPath, message: string): LocatedProblem => ({ file, path: formatKeyPath(path), message, ...positions.at(offset) });

  if (doc.errors.length > 0) {
    throw makeError(
      doc.errors.map((e) => {
        const key = /^[^:\s]+/.exec(text.slice(e.pos[0]))?.[0];
        const message =
          e.code === 'DUPLICATE_KEY' && key ? `the key '${key}' appears twice in the same place; keep one` : `${e.message} (YAML syntax)`;
        return locate(e.pos[0], [], message);
      }),
    );
  }
  const root: unknown = doc.toJS({ maxAliasCount: 100 });
  if (root === null || root === undefined) throw failure([{ path: [], message: `the ${options.what} is empty` }]);
  if (typeof root !== 'object' || Array.isArray(root)) {
    throw failure([{ path: [], message: `a ${options.what} holds keys and values (${options.example}), not ${describeValue(root)}` }]);
  }
  const early = options.precheck?.(root as Record<string, unknown>);
  if (early) throw failure([early]);
  const result = schema.safeParse(root);
  if (!result.success) throw failure(explainIssues(schema, root, result.error.issues));
  return result.data;
}

/** Reads a file's text for `parseYaml`, with a clear error when it cannot be read. */
export async function readYamlText(path: string, what: string, hint: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new ConfigError(`cannot read the ${what}: ${why}. ${hint}`, path);
  }
}
