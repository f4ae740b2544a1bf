/**
 * The exit codes of every deskbee-sync command: one table, used by the
 * error classes, the commands, every `--help` and the README (a test holds
 * the README's table to this one). When several apply, the highest in
 * `precedence` wins.
 */

export const ExitCode = {
  /** Done; for `plan` and `doctor`: nothing to do, all checks passed. */
  ok: 0,
  /** An unexpected internal error (a bug): please report it. */
  unexpected: 1,
  /** `plan`: changes are pending. */
  changesPending: 2,
  /** The configuration, the mapping or the credentials are wrong. */
  config: 3,
  /** A source could not be read completely; nothing was planned. */
  source: 4,
  /** Deskbee could not be reached, or refused a read. */
  deskbee: 5,
  /** Refused for safety, with nothing written: a safety limit, a saved plan that is stale or for another Deskbee or store, a store locked by another run. */
  safety: 6,
  /** `apply`/`import`: some changes failed, were skipped, or could not be confirmed. */
  partial: 7,
  /** Done, but entries of a source were left out (only with `--strict` or `sync.strict: true`). */
  leftOut: 8,
  /** The command line is wrong (unknown option, missing argument, `apply` with no terminal to confirm on and no `--yes`). */
  usage: 64,
  /** Interrupted (Ctrl-C, SIGTERM, or the output was closed); the run is recorded as interrupted. */
  interrupted: 130,
} as const;

export type ExitCodeName = keyof typeof ExitCode;

/** The table as people read it: code and meaning, in code order. */
export const exitCodeTable: { code: number; meaning: string }[] = [
  { code: ExitCode.ok, meaning: 'done; for `plan`: no changes; for `doctor`: every check passed' },
  { code: ExitCode.unexpected, meaning: 'an unexpected internal error (a bug; set DESKBEE_SYNC_DEBUG=1 and report it)' },
  { code: ExitCode.changesPending, meaning: '`plan`: changes are pending' },
  { code: ExitCode.config, meaning: 'the configuration, the mapping or the credentials are wrong (the message names the file, line and key)' },
  { code: ExitCode.source, meaning: 'a source could not be read completely; nothing was planned' },
  { code: ExitCode.deskbee, meaning: 'Deskbee could not be reached, or refused a read' },
  {
    code: ExitCode.safety,
    meaning: 'refused for safety, nothing written: a safety limit, a saved plan that is stale or made for another Deskbee or store, a store locked by another run',
  },
  { code: ExitCode.partial, meaning: '`apply`, `import`: some changes failed, were skipped or could not be confirmed (each is in the report and the journal)' },
  { code: ExitCode.leftOut, meaning: 'done, but source entries were left out (only with `--strict` or `sync.strict: true`)' },
  { code: ExitCode.usage, meaning: 'the command line is wrong (an unknown option, a missing argument, `apply` with no terminal to confirm on and no `--yes`)' },
  { code: ExitCode.interrupted, meaning: 'interrupted (Ctrl-C, SIGTERM, or the output was closed); the run is recorded as interrupted' },
];

/** When several codes apply to one run, the one earliest here wins. */
export const precedence: number[] = [
  ExitCode.interrupted,
  ExitCode.unexpected,
  ExitCode.usage,
  ExitCode.config,
  ExitCode.source,
  ExitCode.deskbee,
  ExitCode.safety,
  ExitCode.partial,
  ExitCode.leftOut,
  ExitCode.changesPending,
  ExitCode.ok,
];

/** The most important of `codes` by `precedence`. */
export function strongest(...codes: number[]): number {
  let best: number = ExitCode.ok;
  for (const code of codes) if (precedence.indexOf(code) < precedence.indexOf(best)) best = code;
  return best;
}

/** The table for `--help`: one line per code, without Markdown backticks. */
export function exitCodeHelp(): string {
  const lines = exitCodeTable.map(({ code, meaning }) => `  ${String(code).padStart(3)}  ${meaning.replace(/`/g, '')}`);
  return `Exit codes:\n${lines.join('\n')}\n`;
}

/** The table as Markdown rows, as the README shows it. */
export function exitCodeMarkdown(): string {
  return ['| exit code | meaning |', '|---|---|', ...exitCodeTable.map(({ code, meaning }) => `| ${code} | ${meaning} |`)].join('\n');
}
