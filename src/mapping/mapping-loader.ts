/**
 * Reads a mapping file: YAML with source positions kept, the version checked
 * first, then the zod schema. Every problem is reported as
 * `file:line:col (key.path): message`.
 */
import { parseYaml, readYamlText, YamlFileError, type LocatedProblem } from '../config/yaml-file.js';
import { describeValue, type MappingProblem } from './mapping-problems.js';
import { mappingSchema, mappingVersion, type Mapping } from './mapping-schema.js';

export { formatLocation, type LocatedProblem } from '../config/yaml-file.js';

/** A mapping file is wrong. `problems` lists every problem found, in file order. */
export class MappingError extends YamlFileError {
  constructor(problems: LocatedProblem[]) {
    super(problems, 'mapping');
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
  return parseYaml(text, file, mappingSchema, {
    what: 'mapping file',
    example: 'version: 1, source: …; see mappings/README.md for a start',
    precheck: versionProblem,
    error: (problems) => new MappingError(problems),
  });
}

/** Reads and validates a mapping file. Throws `ConfigError` when it cannot be read or is wrong. */
export async function loadMapping(path: string): Promise<Mapping> {
  const text = await readYamlText(path, 'mapping file', 'Check the mapping path in the configuration');
  return parseMapping(text, path);
}
