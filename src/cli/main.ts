import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { exitCodeHelp, ExitCode } from '../exit-codes.js';
import type { CliIo } from './cli-io.js';
import { applyCommand } from './commands/apply-command.js';
import { demoCommand } from './commands/demo-command.js';
import { doctorCommand } from './commands/doctor-command.js';
import { emulatorCommand } from './commands/emulator-command.js';
import { importCommand } from './commands/import-command.js';
import { journalCommand } from './commands/journal-command.js';
import { planCommand } from './commands/plan-command.js';
import { scheduleCommand } from './commands/schedule-command.js';
import { statusCommand } from './commands/status-command.js';
import { reportError } from './error-handler.js';
import { packageRoot } from './package-root.js';
import { wireStops } from './process-signals.js';

/** The installed package's version, from its package.json. */
export function packageVersion(): string {
  const text = readFileSync(join(packageRoot(), 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/** Builds the command tree; each command resolves to an exit code. */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('deskbee-sync')
    .description(
      'Keeps a Deskbee account (users, squads, cost centers, user tags, squad membership) in line with LDAP/AD, HR CSV exports, SCIM 2.0 and deskbird, one source or several merged.\nDry run by default: `plan` never writes to Deskbee.',
    )
    .version(packageVersion())
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .showHelpAfterError()
    .addHelpText('after', `\n${exitCodeHelp()}`);
  const commands = [planCommand, applyCommand, importCommand, statusCommand, journalCommand, doctorCommand, demoCommand, emulatorCommand, scheduleCommand];
  // Commands built apart take the program's output streams and exit handling.
  for (const make of commands) {
    const command = make(io, setExitCode).copyInheritedSettings(program);
    program.addCommand(command.addHelpText('after', `\n${exitCodeHelp()}`));
  }
  return program;
}

/**
 * Runs the CLI with `argv` (as process.argv) and returns the exit code.
 * Without `io.signal`, SIGINT, SIGTERM and a closed stdout stop the run
 * (process-signals.ts).
 */
export async function main(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const wiring = io.signal ? undefined : wireStops(stdout, stderr);
  const atEnd: (() => void)[] = [];
  const full: CliIo = {
    stdout,
    stderr,
    env: io.env ?? process.env,
    signal: io.signal ?? wiring!.signal,
    ...(io.clock ? { clock: io.clock } : {}),
    atEnd: (undo) => atEnd.push(undo),
  };
  let exitCode: number = ExitCode.ok;
  let logFormat: 'text' | 'json' = 'text';
  try {
    const program = buildProgram(full, (code) => {
      exitCode = code;
    });
    program.hook('preAction', (_program, action) => {
      logFormat = (action.opts() as { logFormat?: 'text' | 'json' }).logFormat ?? 'text';
    });
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    // Bars stop before a message is printed under them.
    for (const undo of atEnd.splice(0)) undo();
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    // A closed output ends quietly: the run is recorded, and there is no reader for a message.
    if (wiring?.outputClosed()) return ExitCode.interrupted;
    return reportError(error, { stderr, env: full.env, logFormat });
  } finally {
    for (const undo of atEnd.splice(0)) undo();
    wiring?.dispose();
  }
}
