/**
 * Small builders for the mapping tests: mappings from YAML text, raw entries
 * from plain objects.
 */
import { parse } from 'yaml';
import { parseMapping, type Mapping } from '../../src/mapping/index.js';
import { valueExpressionSchema } from '../../src/mapping/mapping-schema.js';
import { compileExpression, type Evaluation } from '../../src/mapping/value-expression.js';
import type { AttributeValue, RawEntry } from '../../src/sources/source.js';

export type Attrs = Record<string, AttributeValue | AttributeValue[]>;

function attributes(attrs: Attrs): RawEntry['attributes'] {
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
}

/** A person row of `hr.csv` at `line`. */
export function row(line: number, attrs: Attrs): RawEntry {
  return { kind: 'person', origin: `hr.csv line ${line}`, line, attributes: attributes(attrs) };
}

/** A group entry named by its DN. */
export function group(dn: string, attrs: Attrs): RawEntry {
  return { kind: 'group', origin: dn, attributes: attributes(attrs) };
}

/** Evaluates one value expression, written in YAML, on one entry. */
export function evaluate(expressionYaml: string, attrs: Attrs): Evaluation {
  const expr = valueExpressionSchema.parse(parse(expressionYaml));
  return compileExpression(expr).evaluate(row(1, attrs));
}

/** The HR mapping most tests use; `extra` is appended (more top-level keys). */
export const hrMappingYaml = `version: 1
source: hr-csv
externalId: { from: employee_id, transforms: [trim] }
match: [enrollment, email]
fields:
  name: { template: "{first_name} {last_name}", transforms: [trim] }
  email: { from: email, transforms: [trim, lower] }
  enrollment: { from: employee_id, transforms: [trim] }
  status: { from: status, optional: true }
  squads: { from: teams, transforms: [{ split: "|" }, trim] }
  costCenter:
    code: { from: cost_center_code, optional: true }
    name: { from: cost_center_name }
  tags: { from: tags, transforms: [{ split: "," }, trim, lower] }
  documents:
    badge: { from: badge_number, optional: true }
managed:
  fields: [name, email, enrollment, status, squads, costCenter, tags]
  squads: all
`;

export function hrMapping(extra = ''): Mapping {
  return parseMapping(hrMappingYaml + extra, 'test/hr.yaml');
}

/** A complete, valid HR row; `over` replaces or adds columns. */
export function hrRow(line: number, id: string, over: Attrs = {}): RawEntry {
  return row(line, {
    employee_id: id,
    first_name: `First${id}`,
    last_name: `Last${id}`,
    email: `person${id}@corp.example`,
    status: 'active',
    teams: 'Finance|Payroll',
    cost_center_code: 'CC-100',
    cost_center_name: 'Finance',
    tags: 'remote',
    badge_number: '',
    ...over,
  });
}
