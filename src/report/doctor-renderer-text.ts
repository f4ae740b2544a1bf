/** The `doctor` checklist for a terminal: by area, one line per check, advice under warnings and failures. */
import type { DoctorReport } from '../sync/doctor/doctor-types.js';
import { createStyle } from './ansi.js';
import { cleanText } from '../plan/value-format.js';

const areaTitles = { configuration: 'Configuration', source: 'Source', store: 'Store', deskbee: 'Deskbee' } as const;

export function renderDoctorText(report: DoctorReport, options: { color: boolean }): string {
  const style = createStyle(options.color);
  const tag = { ok: style.green('ok     '), warning: style.yellow('WARNING'), failure: style.alarm('FAILURE') } as const;
  const lines = ['deskbee-sync doctor: what a first sync depends on. Nothing is written to Deskbee.'];
  let area: string | undefined;
  for (const check of report.checks) {
    if (check.area !== area) {
      area = check.area;
      lines.push('', style.bold(areaTitles[check.area]));
    }
    lines.push(`  ${tag[check.status]}  ${cleanText(check.name)}: ${cleanText(check.detail)}`);
    if (check.advice && check.status !== 'ok') lines.push(`           → ${cleanText(check.advice)}`);
  }
  const failures = report.checks.filter((c) => c.status === 'failure').length;
  const warnings = report.checks.filter((c) => c.status === 'warning').length;
  const verdict =
    failures > 0
      ? style.alarm(`${failures} failure(s), ${warnings} warning(s): fix the failures before the first sync (exit ${report.exitCode}).`)
      : warnings > 0
        ? style.yellow(`No failure, ${warnings} warning(s): a sync can run; read the warnings.`)
        : style.green('Every check passed: ready for `deskbee-sync plan`.');
  lines.push('', verdict);
  return `${lines.join('\n')}\n`;
}
