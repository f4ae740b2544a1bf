/**
 * One group entry (an LDAP group) → a squad with the group's external id.
 */
import type { EntryIssue, RawEntry } from '../sources/source.js';
import type { CompiledMapping } from './compiled-mapping.js';
import { quote } from './transforms.js';
import type { CompiledExpression } from './value-expression.js';

/** What one group entry produced. */
export interface GroupCandidate {
  origin: string;
  line?: number;
  externalId?: string;
  name?: string;
  issues: EntryIssue[];
}

function one(entry: RawEntry, field: string, expr: CompiledExpression, issues: EntryIssue[]): string | undefined {
  const at = { origin: entry.origin, line: entry.line, field };
  const result = expr.evaluate(entry);
  if ('problem' in result) {
    issues.push({ ...at, message: `${field}: ${result.problem}` });
    return undefined;
  }
  const [value, ...rest] = result.values;
  if (value === undefined) {
    issues.push({ ...at, message: `no ${field}: ${expr.input} gives no value for this group` });
    return undefined;
  }
  if (rest.length > 0) {
    issues.push({ ...at, message: `${field} takes one value but ${expr.input} gives ${result.values.length} (${result.values.slice(0, 3).map(quote).join(', ')}); add the 'first' transform` });
    return undefined;
  }
  return value;
}

/** Maps one group entry; the mapping must have a `groups` section. */
export function mapGroup(groups: NonNullable<CompiledMapping['groups']>, entry: RawEntry): GroupCandidate {
  const issues: EntryIssue[] = [];
  const externalId = one(entry, 'groups.externalId', groups.externalId, issues);
  const name = one(entry, 'groups.name', groups.name, issues);
  return { origin: entry.origin, line: entry.line, externalId, name, issues };
}
