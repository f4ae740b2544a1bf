import { Option, type Command } from 'commander';
import { limitNames } from '../../engine/safety.js';
import { reportFormats, type ReportFormat } from '../../report/index.js';

/** Options shared by every command that reads the configuration. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'configuration file (default: $DESKBEE_SYNC_CONFIG or ./deskbee-sync.yaml)')
    .option('-v, --verbose', 'log debug detail on stderr')
    .option('-q, --quiet', 'log only warnings and errors on stderr')
    .addOption(new Option('--log-format <format>', 'stderr log format').choices(['text', 'json']).default('text'));
}

/** Options of commands that plan: report format, safety overrides. */
export function withPlanOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'report format on stdout').choices([...reportFormats]).default('text'))
    .option('--out-report <file>', 'also write the report to FILE, in --format (HTML when FILE ends in .html), every change listed')
    .addOption(
      new Option('--allow <limit...>', `lift a safety limit for this run (${limitNames.join(', ')})`).choices([...limitNames]).default([]),
    )
    .option('--show-all', 'list every change and issue in full')
    .option('--strict', 'exit 8 when source entries were left out (also sync.strict: true)');
}

export interface PlanFlags {
  format: ReportFormat;
  outReport?: string;
  allow: string[];
  showAll?: boolean;
  strict?: boolean;
}
