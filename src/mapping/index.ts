/**
 * The mapping language: a versioned YAML file that says how one source's raw
 * entries become Deskbee users, squads, cost centers and tags. See
 * mappings/README.md for the language itself.
 */
export { loadMapping, parseMapping, MappingError, formatLocation, type LocatedProblem } from './mapping-loader.js';
export {
  mappingSchema,
  mappingVersion,
  transformNames,
  matchKeys,
  type Mapping,
  type MappingInput,
  type MatchKey,
  type ValueExpression,
  type Transform,
  type NameMatcherSpec,
} from './mapping-schema.js';
export { mapEntries, mapEntriesSync } from './map-entries.js';
export type { MapResult, MappingWarning } from './map-result.js';
export { compileMapping, toNameMatcher, matchesName, type CompiledMapping } from './compiled-mapping.js';
export { formatObjectGuid } from './guid.js';
export { coerceStatus } from './person-mapper.js';
export { mappingJsonSchema, renderMappingJsonSchema } from './mapping-json-schema.js';
