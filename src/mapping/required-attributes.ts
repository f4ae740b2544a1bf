import { compileMapping } from './compiled-mapping.js';
import type { Mapping } from './mapping-schema.js';
import type { CompiledExpression } from './value-expression.js';

/**
 * The attributes (CSV columns) a mapping cannot do without: those read by
 * its non-optional person expressions. A CSV source stops before reading a
 * row when one of these columns is missing.
 */
export function requiredAttributes(mapping: Mapping): string[] {
  const compiled = compileMapping(mapping);
  const f = compiled.fields;
  const expressions: (CompiledExpression | undefined)[] = [
    compiled.externalId,
    f.name,
    f.email,
    f.enrollment,
    f.identifier,
    f.status,
    f.squads,
    f.tags,
    f.costCenter?.code,
    f.costCenter?.name,
    f.costCenter?.description,
    ...f.documents.map(([, expr]) => expr),
  ];
  const names = expressions.filter((e): e is CompiledExpression => !!e && !e.optional).flatMap((e) => e.attributes);
  return [...new Set(names)];
}
