/** What `doctor` finds: a checklist, each item ok, a warning or a failure, with what to do. */

/** `ok`: fine; `warning`: a sync works, but read the advice; `failure`: a sync would stop or go wrong. */
export type CheckStatus = 'ok' | 'warning' | 'failure';

export interface DoctorCheck {
  /** `configuration`, `source`, `store`, `deskbee`. */
  area: 'configuration' | 'source' | 'store' | 'deskbee';
  /** What was checked: `mapping`, `GET /users`, `user fields shown`. */
  name: string;
  status: CheckStatus;
  /** What was found, one sentence. */
  detail: string;
  /** What to do, for a warning or a failure. */
  advice?: string;
  /** The exit code a failure stands for (3 configuration or credentials, 4 source, 5 Deskbee, 6 store locked). */
  exitCode?: number;
}

export interface DoctorReport {
  checks: DoctorCheck[];
  /** 0 when nothing failed; else the code of the most basic failure (src/exit-codes.ts). */
  exitCode: number;
}

/** Collects checks as they are made. */
export class Checklist {
  readonly checks: DoctorCheck[] = [];

  add(check: DoctorCheck): DoctorCheck {
    this.checks.push(check);
    return check;
  }

  ok(area: DoctorCheck['area'], name: string, detail: string): void {
    this.add({ area, name, status: 'ok', detail });
  }

  warn(area: DoctorCheck['area'], name: string, detail: string, advice: string): void {
    this.add({ area, name, status: 'warning', detail, advice });
  }

  fail(area: DoctorCheck['area'], name: string, detail: string, advice: string, exitCode: number): void {
    this.add({ area, name, status: 'failure', detail, advice, exitCode });
  }
}
