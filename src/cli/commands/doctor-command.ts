import { Command, Option } from 'commander';
import { renderDoctorText } from '../../report/doctor-renderer-text.js';
import { runDoctor } from '../../sync/doctor/doctor.js';
import type { CliIo } from '../cli-io.js';
import { useColor } from '../cli-output.js';
import { configPath, runContext, type CommonFlags } from '../cli-runtime.js';
import { withCommonOptions } from './common-options.js';

/** `deskbee-sync doctor`: checks everything a first sync depends on, writing nothing to Deskbee. */
export function doctorCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new Command('doctor')
    .description(
      'Check everything a first sync depends on, and say what to do about each problem: the configuration and the mapping, the source read in full, the store (reachable, migrated, write lock free), and Deskbee (credentials, scopes, every list call, which user fields its answers show). Writes nothing to Deskbee. Exit 0 when nothing failed.',
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'));
  withCommonOptions(command).action(async (flags: CommonFlags & { format: 'text' | 'json' }) => {
    const report = await runDoctor({ configPath: configPath(io, flags), env: io.env, ctx: runContext(io, flags) });
    if (flags.format === 'json') io.stdout.write(`${JSON.stringify({ version: 1, ...report }, null, 2)}\n`);
    else io.stdout.write(renderDoctorText(report, { color: useColor(io) }));
    setExitCode(report.exitCode);
  });
  return command;
}
