/**
 * A validated mapping turned into ready-to-run expressions, plus the managed
 * scope in the engine's plain-data form.
 */
import type { ManagedScope, NameMatcher } from '../model/directory.js';
import type { Mapping, NameMatcherSpec } from './mapping-schema.js';
import { compileExpression, type CompiledExpression } from './value-expression.js';

/** The compiled person fields; an unmapped field is absent. */
export interface CompiledFields {
  name: CompiledExpression;
  email: CompiledExpression;
  enrollment?: CompiledExpression;
  identifier?: CompiledExpression;
  status?: CompiledExpression;
  squads?: CompiledExpression;
  tags?: CompiledExpression;
  costCenter?: { code: CompiledExpression; name: CompiledExpression; description?: CompiledExpression };
  documents: [type: string, expr: CompiledExpression][];
}

export interface CompiledMapping {
  mapping: Mapping;
  externalId: CompiledExpression;
  fields: CompiledFields;
  groups?: { externalId: CompiledExpression; name: CompiledExpression };
  managed: ManagedScope;
}

/** The YAML form of a name matcher (`all`, `{prefix: …}`) in the engine's form. */
export function toNameMatcher(spec: NameMatcherSpec): NameMatcher {
  if (spec === 'all' || spec === 'none') return { kind: spec };
  // `groups` is known once the group entries are read: map-entries fills the names in.
  if (spec === 'groups') return { kind: 'names', names: [] };
  if ('names' in spec) return { kind: 'names', names: [...spec.names] };
  if ('prefix' in spec) return { kind: 'prefix', prefix: spec.prefix };
  return { kind: 'pattern', pattern: spec.pattern };
}

/** Whether a matcher covers a name. Patterns are JavaScript regular expressions. */
export function matchesName(matcher: NameMatcher, name: string): boolean {
  switch (matcher.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'names':
      // Squad and tag names are compared without regard to case everywhere else too.
      return matcher.names.some((listed) => listed.toLowerCase() === name.toLowerCase());
    case 'prefix':
      return name.startsWith(matcher.prefix);
    case 'pattern':
      return new RegExp(matcher.pattern).test(name);
  }
}

function optionalExpr(expr: Mapping['fields']['enrollment'], defaultOptional = false): CompiledExpression | undefined {
  return expr ? compileExpression(expr, defaultOptional) : undefined;
}

/** Compiles a mapping that `parseMapping`/`loadMapping` validated. */
export function compileMapping(mapping: Mapping): CompiledMapping {
  const f = mapping.fields;
  const cc = f.costCenter;
  const fields: CompiledFields = {
    name: compileExpression(f.name),
    email: compileExpression(f.email),
    enrollment: optionalExpr(f.enrollment),
    identifier: optionalExpr(f.identifier),
    status: optionalExpr(f.status),
    // A person may be in no squad and carry no tag: lists are optional unless told otherwise.
    squads: optionalExpr(f.squads, true),
    tags: optionalExpr(f.tags, true),
    costCenter: cc
      ? { code: compileExpression(cc.code), name: compileExpression(cc.name), description: optionalExpr(cc.description) }
      : undefined,
    documents: Object.entries(f.documents ?? {}).map(([type, expr]) => [type, compileExpression(expr)]),
  };
  return {
    mapping,
    externalId: compileExpression(mapping.externalId),
    fields,
    groups: mapping.groups
      ? { externalId: compileExpression(mapping.groups.externalId), name: compileExpression(mapping.groups.name) }
      : undefined,
    managed: {
      fields: [...mapping.managed.fields],
      squads: toNameMatcher(mapping.managed.squads),
      tags: toNameMatcher(mapping.managed.tags),
    },
  };
}
