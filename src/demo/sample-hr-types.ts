/**
 * Sample HR data as plain values: a workforce is what one HR CSV export
 * (mappings/hr-csv.yaml) holds, one person per row.
 */

/** HR's status words, as the shipped mapping translates them (terminated → deactivated). */
export type SampleStatus = 'active' | 'leave' | 'terminated';

/** A cost center as the export names it. */
export interface SampleCostCenter {
  /** `CC-100`, `CC-110`, … */
  readonly code: string;
  /** `Finance`, `Engineering`, … */
  readonly name: string;
}

/** One employee: one row of the export. */
export interface SamplePerson {
  /** `E00001`, `E00002`, …: the external id and the enrollment; never changes. */
  readonly employeeId: string;
  readonly firstName: string;
  readonly lastName: string;
  /** Lower-case, unique in the workforce, `first.last@corp.example` (a number added on a clash). */
  readonly email: string;
  /** Squad names, one or two, in the order written to the `teams` cell. */
  readonly teams: readonly string[];
  readonly costCenter: SampleCostCenter;
  /** `active` or `leave` in a generated workforce; `terminated` only when a caller sets it. */
  readonly status: SampleStatus;
  /** Zero to two of the workforce's tag names. */
  readonly tags: readonly string[];
  /** Six digits (leading zeros kept), unique; null for people without a badge. */
  readonly badgeNumber: string | null;
}

/** Everything one export holds, plus the catalogue it was drawn from. */
export interface Workforce {
  /** In employee-id order (a generated workforce; mutations keep the order). */
  readonly people: readonly SamplePerson[];
  /** Every squad name; each is in at least one person's teams when generated. */
  readonly squads: readonly string[];
  /** Every cost center; each is at least one person's when generated. */
  readonly costCenters: readonly SampleCostCenter[];
  /** The tag names people may carry. */
  readonly tagNames: readonly string[];
}

/** What a mutation helper returns: a new workforce (the given one is left as it was) and what changed. */
export interface Mutation<C> {
  workforce: Workforce;
  /** The people changed or removed, in the order they were picked. */
  employeeIds: string[];
  /** One entry per person in `employeeIds`, same order. */
  changes: C[];
}

/** One value of one person changed: an email, a squad, a last name. */
export interface ValueChange {
  employeeId: string;
  from: string;
  to: string;
}

/** A person moved to another cost center. */
export interface CostCenterChange {
  employeeId: string;
  from: SampleCostCenter;
  to: SampleCostCenter;
}

/** The display name the shipped mapping builds from a row: `{first_name} {last_name}`, trimmed. */
export function displayName(person: Pick<SamplePerson, 'firstName' | 'lastName'>): string {
  return `${person.firstName} ${person.lastName}`.trim();
}
