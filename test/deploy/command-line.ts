/**
 * A deskbee-sync command line as a deployment file writes it, parsed by the
 * program's own command tree (buildProgram): the same options, argument
 * parsers and conflicts as the real command, with the actions replaced so
 * that nothing runs.
 */
import { Writable } from 'node:stream';
import { CommanderError, type Command } from 'commander';
import { checkScheduleFlags, type ScheduleFlags } from '../../src/cli/commands/schedule-command.js';
import { buildProgram } from '../../src/cli/main.js';

export interface ParsedCommandLine {
  /** The subcommand: `schedule`, `apply`, … */
  command: string;
  /** Its options after parsing, defaults included. */
  options: Record<string, unknown>;
  operands: string[];
}

/** Parses `args` (without the program name); throws with commander's message when the line is wrong. */
export async function parseCommandLine(args: string[]): Promise<ParsedCommandLine> {
  const printed: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      printed.push(chunk.toString());
      done();
    },
  });
  const program = buildProgram({ stdout: sink, stderr: sink, env: {}, signal: new AbortController().signal }, () => {});
  let parsed: ParsedCommandLine | undefined;
  for (const command of program.commands) {
    command.action((...received: unknown[]) => {
      const self = received.at(-1) as Command;
      parsed = { command: self.name(), options: self.opts(), operands: self.args };
    });
  }
  try {
    await program.parseAsync(['node', 'deskbee-sync', ...args]);
  } catch (error) {
    if (error instanceof CommanderError) throw new Error(`deskbee-sync ${args.join(' ')}: ${printed.join('').trim()}`);
    throw error;
  }
  if (!parsed) throw new Error(`deskbee-sync ${args.join(' ')} runs no command`);
  if (parsed.command === 'schedule') checkScheduleFlags(parsed.options as unknown as ScheduleFlags);
  return parsed;
}

/** Names of variables whose values are secrets: they may come only from the environment's files or a secret store. */
export const secretVariable = /SECRET|PASSWORD|TOKEN|API_KEY|DATABASE_URL/i;

/** Throws when a command line carries a secret: an option named like one, or a URL with a password. */
export function assertNoSecretArguments(args: string[]): void {
  for (const arg of args) {
    if (/^--?[\w-]*(secret|password|token|api-key|database-url)/i.test(arg)) throw new Error(`a secret passed as an argument: ${arg}`);
    if (/:\/\/[^/\s:@]+:[^/\s@]+@/.test(arg)) throw new Error(`a URL with a password passed as an argument: ${arg}`);
  }
}

/**
 * Splits a command the way a shell or systemd's ExecStart does for the
 * simple lines deployment files hold: words, single and double quotes, and
 * nothing after a redirection or a control operator.
 */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of text.matchAll(pattern)) {
    const bare = match[3];
    if (bare !== undefined && /^(\d?>>?|<|\||&&|;|\|\||2>&1)/.test(bare)) break;
    words.push(match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? bare!);
  }
  return words;
}

/** The arguments after the deskbee-sync program itself (`/usr/local/bin/deskbee-sync`, `deskbee-sync`); throws when it is another program. */
export function deskbeeSyncArguments(words: string[]): string[] {
  const [program, ...args] = words;
  if (!program || !/(^|\/)deskbee-sync$/.test(program)) throw new Error(`the command runs ${program ?? 'nothing'}, not deskbee-sync`);
  return args;
}
