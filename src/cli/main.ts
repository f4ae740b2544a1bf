import { Command, CommanderError } from 'commander';
import type { CliIo } from './cli-io.js';
import { reportError } from './error-handler.js';
import { applyCommand } from './commands/apply-command.js';
import { demoCommand } from './commands/demo-command.js';
import { emulatorCommand } from './commands/emulator-command.js';
import { importCommand } from './commands/import-command.js';
import { planCommand } from './commands/plan-command.js';
import { statusCommand } from './commands/status-command.js';


/** Builds the command tree; each command resolves to an exit code. */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('deskbee-sync')
    .description(
      'Keeps a Deskbee account (users, squads, cost centers, user tags, squad membership) in line with LDAP/AD, HR CSV exports, SCIM JSON and deskbird.\nDry run by default: `plan` never writes to Deskbee.',
    )
    .version('0.1.0')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .showHelpAfterError();
  const commands = [planCommand, applyCommand, importCommand, statusCommand, demoCommand, emulatorCommand];
  // Commands built apart take the program's output streams and exit handling.
  for (const make of commands) program.addCommand(make(io, setExitCode).copyInheritedSettings(program));
  return program;
}

/** Runs the CLI with `argv` (as process.argv) and returns the exit code. */
export async function main(argv: string[], io?: Partial<CliIo>): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const full: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal, ...io };
  let exitCode = 0;
  try {
    await buildProgram(full, (code) => {
      exitCode = code;
    }).parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 64;
    return reportError(error, full.stderr, full.env);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
