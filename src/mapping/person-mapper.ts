/**
 * One person entry → a desired user, or the issues that leave it out. Keys
 * (external id, email, enrollment) and the squads, tags and cost center are
 * kept even when the entry has issues, for conflict detection across entries
 * and so that a rejected entry never makes a squad, tag or cost center look
 * unwanted.
 */
import { noNames, type CostCenterRecord, type DesiredUser } from '../model/directory.js';
import type { EntryIssue, RawEntry } from '../sources/source.js';
import type { CompiledFields, CompiledMapping } from './compiled-mapping.js';
import { quote } from './transforms.js';
import { hasAttribute, type CompiledExpression } from './value-expression.js';

/** What one person entry produced. */
export interface PersonCandidate {
  origin: string;
  line?: number;
  externalId?: string;
  /** Lower-cased and valid. */
  email?: string;
  enrollment?: string;
  squads: string[];
  tags: string[];
  costCenter?: CostCenterRecord;
  /** Set when the entry has no issue of its own (conflicts are found later). */
  user?: DesiredUser;
  issues: EntryIssue[];
}

// Deliberately plain: a local part without spaces or quotes, and a dotted domain.
const emailPattern = /^[^\s@"(),:;<>[\]\\]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

const truthy = new Set(['true', 'yes', 'y', '1', 'active', 'on']);
const falsy = new Set(['false', 'no', 'n', '0', 'inactive', 'off']);

/** The built-in yes/no reading of a status value, or undefined when it is neither. */
export function coerceStatus(value: string): boolean | undefined {
  const word = value.trim().toLowerCase();
  if (truthy.has(word)) return true;
  if (falsy.has(word)) return false;
  return undefined;
}

class EntryReader {
  readonly issues: EntryIssue[] = [];
  constructor(private readonly entry: RawEntry) {}

  issue(field: string, message: string): void {
    this.issues.push({ origin: this.entry.origin, line: this.entry.line, field, message });
  }

  private missing(field: string, expr: CompiledExpression): string {
    const absent = expr.attributes.length > 0 && expr.attributes.every((a) => !hasAttribute(this.entry, a));
    return `no ${field}: ${expr.input} ${absent ? 'is missing from this entry' : 'gives no value for this entry'}`;
  }

  /** All values; undefined when the expression failed or a required list came out empty. */
  list(field: string, expr: CompiledExpression): string[] | undefined {
    const result = expr.evaluate(this.entry);
    if ('problem' in result) {
      this.issue(field, `${field}: ${result.problem}`);
      return undefined;
    }
    if (result.values.length === 0 && !expr.optional) {
      this.issue(field, this.missing(field, expr));
      return undefined;
    }
    return result.values;
  }

  /** One value; null when optional and absent; undefined after an issue. */
  single(field: string, expr: CompiledExpression): string | null | undefined {
    const values = this.list(field, expr);
    if (values === undefined) return undefined;
    if (values.length > 1) {
      const shown = values.slice(0, 3).map(quote).join(', ') + (values.length > 3 ? ', …' : '');
      this.issue(field, `${field} takes one value but ${expr.input} gives ${values.length} (${shown}); add the 'first' transform to keep the first`);
      return undefined;
    }
    return values[0] ?? null;
  }
}

/** The one empty list every person without issues shares (frozen: nothing may add to it). */
const noIssues: EntryIssue[] = Object.freeze([]) as unknown as EntryIssue[];

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function readCostCenter(r: EntryReader, cc: NonNullable<CompiledFields['costCenter']>): CostCenterRecord | null | undefined {
  const code = r.single('costCenter.code', cc.code);
  if (code == null) return code;
  const name = r.single('costCenter.name', cc.name);
  const description = cc.description ? r.single('costCenter.description', cc.description) : null;
  if (name === undefined || description === undefined) return undefined;
  // An optional name that is absent falls back to the code: Deskbee needs one.
  return { code, name: name ?? code, description };
}

/** Maps one person entry. */
export function mapPerson(compiled: CompiledMapping, entry: RawEntry): PersonCandidate {
  const r = new EntryReader(entry);
  const f = compiled.fields;

  const externalId = r.single('externalId', compiled.externalId) ?? undefined;
  const name = r.single('name', f.name);
  let email = r.single('email', f.email)?.toLowerCase();
  if (email !== undefined && (email.length > 254 || !emailPattern.test(email))) {
    r.issue('email', `${quote(email)} is not a valid email address`);
    email = undefined;
  }
  const enrollment = f.enrollment ? r.single('enrollment', f.enrollment) : null;
  const identifier = f.identifier ? r.single('identifier', f.identifier) : null;

  let status: boolean | undefined = true;
  const statusText = f.status ? r.single('status', f.status) : null;
  if (statusText === undefined) status = undefined;
  else if (statusText !== null) {
    status = coerceStatus(statusText);
    if (status === undefined) {
      r.issue(
        'status',
        `status ${quote(statusText)} is not a yes/no value (true/false, yes/no, 1/0, active/inactive, on/off); translate it with a lookup transform`,
      );
    }
  }

  const squads = f.squads ? r.list('squads', f.squads) : [];
  const tags = f.tags ? r.list('tags', f.tags) : [];
  const costCenter = f.costCenter ? readCostCenter(r, f.costCenter) : null;

  const documents: Record<string, string> = {};
  let documentsOk = true;
  for (const [type, expr] of f.documents) {
    const value = r.single(`documents.${type}`, expr);
    if (value === undefined) documentsOk = false;
    else if (value !== null) documents[type] = value;
  }

  const sortedSquads = squads?.length ? sortedUnique(squads) : noNames;
  const sortedTags = tags?.length ? sortedUnique(tags) : noNames;
  let user: DesiredUser | undefined;
  if (
    r.issues.length === 0 &&
    externalId !== undefined &&
    name != null &&
    email !== undefined &&
    enrollment !== undefined &&
    identifier !== undefined &&
    status !== undefined &&
    squads !== undefined &&
    tags !== undefined &&
    costCenter !== undefined &&
    documentsOk
  ) {
    user = {
      source: compiled.mapping.source,
      externalId,
      origin: entry.origin,
      name,
      email,
      enrollment,
      identifier,
      status,
      squads: sortedSquads,
      costCenter: costCenter?.code ?? null,
      tags: sortedTags,
      documents,
    };
  }
  // Every field in one literal (no property added later), and the empty lists shared: a source may hold a million people.
  const candidate: PersonCandidate = {
    origin: entry.origin,
    line: entry.line,
    externalId,
    email,
    enrollment: enrollment ?? undefined,
    squads: sortedSquads,
    tags: sortedTags,
    costCenter: costCenter ?? undefined,
    issues: r.issues.length > 0 ? r.issues : noIssues,
    user,
  };
  return candidate;
}
