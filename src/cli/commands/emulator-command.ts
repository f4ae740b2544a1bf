import { Command, InvalidArgumentError, Option } from 'commander';
import { createLogger } from '../../context/logger.js';
import { defaultResourcePaths, type DeskbeeResourcePaths } from '../../deskbee/resource-paths.js';
import { startEmulator, type FaultSettingsInput } from '../../emulator/index.js';
import { deskbirdMembershipModes, startDeskbirdEmulator, type DeskbirdFaultsInput, type DeskbirdMembershipMode } from '../../emulator/deskbird/index.js';
import { UsageError } from '../../errors.js';
import type { CliIo } from '../cli-io.js';

function integer(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number.`);
    return Number(value);
  };
}

function fraction(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('must be a fraction between 0 and 1, e.g. 0.05.');
  return n;
}

/** `N` or `N/MS`: N requests per window of MS milliseconds (default 60,000). */
function rateLimit(value: string): { requests: number; windowMs: number } {
  const match = /^(\d+)(?:\/(\d+))?$/.exec(value);
  if (!match) throw new InvalidArgumentError('use N (requests per minute) or N/MS (requests per MS milliseconds), e.g. 600 or 10/1000.');
  return { requests: Number(match[1]), windowMs: match[2] ? Number(match[2]) : 60_000 };
}

/** `a,b,c` -> ['a', 'b', 'c'] (entries trimmed, empty ones dropped). */
function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** `--alter-user-field name=trim,truncate:20`, repeatable: collected per field. */
function alteration(value: string, previous: Record<string, string[]> = {}): Record<string, string[]> {
  const match = /^([\w.]+)=(.+)$/.exec(value);
  if (!match?.[1] || !match[2]) throw new InvalidArgumentError('use FIELD=STEP[,STEP…], e.g. name=trim,truncate:20 (steps: trim, squash-spaces, lower, upper, truncate:N).');
  return { ...previous, [match[1]]: list(match[2]) };
}

/** `--path costCenters=/cost_centers`, repeatable: a resource served at another path. */
function resourcePath(value: string, previous: Partial<DeskbeeResourcePaths> = {}): Partial<DeskbeeResourcePaths> {
  const match = /^(\w+)=(\/\S*)$/.exec(value);
  const name = match?.[1];
  if (!name || !match[2] || !(name in defaultResourcePaths)) {
    throw new InvalidArgumentError(`use NAME=/path with NAME one of ${Object.keys(defaultResourcePaths).join(', ')}, e.g. costCenters=/cost_centers.`);
  }
  return { ...previous, [name]: match[2] };
}

function membershipMode(value: string): DeskbirdMembershipMode {
  const mode = deskbirdMembershipModes.find((m) => m === value);
  if (!mode) throw new InvalidArgumentError(`use one of ${deskbirdMembershipModes.join(', ')}.`);
  return mode;
}

interface EmulatorFlags {
  deskbird?: boolean;
  users?: number;
  groups?: number;
  membership?: DeskbirdMembershipMode;
  maxLimit?: number;
  rejectOverMaxLimit?: boolean;
  port: number;
  host: string;
  tokenTtl?: number;
  seed?: string;
  randomSeed?: string;
  rateLimit?: { requests: number; windowMs: number };
  latency?: number;
  jitter?: number;
  errorRate?: number;
  dropRate?: number;
  linkOrigin?: string;
  logRequests?: boolean;
  undeclaredUserFields?: string[];
  hiddenUserFields?: string[];
  alterUserField?: Record<string, string[]>;
  forbiddenRoutes?: string[];
  tokenAnswerScope?: boolean;
  /** False with `--no-tag-removal`. */
  tagRemoval?: boolean;
  path?: Partial<DeskbeeResourcePaths>;
}

/** `deskbee-sync emulator`: a Deskbee API emulator on loopback, until interrupted. */
export function emulatorCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('emulator')
    .description(
      "Run a Deskbee API emulator (in-memory, for tests and demos) until interrupted. It accepts the credentials in DESKBEE_CLIENT_ID / DESKBEE_CLIENT_SECRET, or prints a generated pair. Admin endpoints under /__emulator/ (stats, faults, seed, state) need no token: keep it on loopback.",
    )
    .addOption(new Option('--port <n>', 'TCP port (0: any free port)').argParser(integer('--port')).default(8787))
    .addOption(new Option('--host <address>', 'interface to listen on').default('127.0.0.1'))
    .addOption(new Option('--token-ttl <seconds>', 'access-token lifetime (default 3600)').argParser(integer('--token-ttl')))
    .option('--seed <file>', 'initial state from a JSON seed file (see src/emulator/README.md)')
    .option('--random-seed <value>', 'seed for faults and generated uuids, to reproduce a run')
    .addOption(new Option('--rate-limit <n[/ms]>', 'answer 429 request_limit past N requests per window').argParser(rateLimit))
    .addOption(new Option('--latency <ms>', 'delay added to every API request').argParser(integer('--latency')))
    .addOption(new Option('--jitter <ms>', 'random extra delay, up to this').argParser(integer('--jitter')))
    .addOption(new Option('--error-rate <fraction>', 'fraction of API requests answered 500/503 before doing anything').argParser(fraction))
    .addOption(new Option('--drop-rate <fraction>', 'fraction of writes committed, then answered by dropping the connection').argParser(fraction))
    .addOption(new Option('--undeclared-user-fields <list>', 'user body fields accepted (2xx) but dropped unstored, e.g. cost_center_uuid,tags').argParser(list))
    .addOption(new Option('--hidden-user-fields <list>', 'user answer fields left out of every answer, e.g. cost_center,tags,person.documents').argParser(list))
    .addOption(new Option('--alter-user-field <field=steps>', 'store a user field normalised, e.g. name=trim,truncate:20 (repeatable)').argParser(alteration))
    .addOption(new Option('--forbidden-routes <list>', "routes answered 403 forbidden, e.g. 'POST /users,/cost-centers'").argParser(list))
    .option('--token-answer-scope', 'add the granted scopes to the token answer as `scope`')
    .option('--no-tag-removal', "answer DELETE /users/tags/{uuid} with Laravel's 405, as a Deskbee without tag removal would")
    .addOption(new Option('--path <name=path>', 'serve a resource at another path, e.g. costCenters=/cost_centers (repeatable)').argParser(resourcePath))
    .option('--link-origin <origin>', 'origin written into links.next (default: the request Host)')
    .option('--log-requests', 'log every request on stderr')
    .option('--deskbird', 'run a deskbird Public API emulator instead (default port 8788; see src/emulator/deskbird/README.md)')
    .addOption(new Option('--users <n>', 'deskbird: generate N users').argParser(integer('--users')))
    .addOption(new Option('--groups <n>', 'deskbird: generate N groups').argParser(integer('--groups')))
    .addOption(new Option('--membership <mode>', `deskbird: where group members are listed (${deskbirdMembershipModes.join(', ')})`).argParser(membershipMode))
    .addOption(new Option('--max-limit <n>', 'deskbird: the largest page (default 100)').argParser(integer('--max-limit')))
    .option('--reject-over-max-limit', 'deskbird: answer 400 to a limit over the largest page instead of clamping it')
    .action(async (flags: EmulatorFlags, command: Command) => {
      if (flags.deskbird) {
        const port = command.getOptionValueSource('port') === 'default' ? 8788 : flags.port;
        await runDeskbird({ ...flags, port }, io);
        setExitCode(0);
        return;
      }
      refuseFlags(flags, ['users', 'groups', 'membership', 'maxLimit', 'rejectOverMaxLimit'], 'only for the deskbird emulator: add --deskbird');
      const faults: FaultSettingsInput = {
        ...(flags.rateLimit ? { rateLimit: flags.rateLimit } : {}),
        ...(flags.latency !== undefined ? { latencyMs: flags.latency } : {}),
        ...(flags.jitter !== undefined ? { jitterMs: flags.jitter } : {}),
        ...(flags.errorRate !== undefined ? { errorRate: flags.errorRate } : {}),
        ...(flags.dropRate !== undefined ? { dropAfterCommitRate: flags.dropRate } : {}),
        ...(flags.undeclaredUserFields ? { undeclaredUserFields: flags.undeclaredUserFields as FaultSettingsInput['undeclaredUserFields'] } : {}),
        ...(flags.hiddenUserFields ? { hiddenUserFields: flags.hiddenUserFields as FaultSettingsInput['hiddenUserFields'] } : {}),
        ...(flags.alterUserField ? { alteredUserFields: flags.alterUserField as FaultSettingsInput['alteredUserFields'] } : {}),
        ...(flags.forbiddenRoutes ? { forbiddenRoutes: flags.forbiddenRoutes } : {}),
        ...(flags.tokenAnswerScope ? { tokenAnswerScope: true } : {}),
        ...(flags.tagRemoval === false ? { tagRemoval: 'method-not-allowed' as const } : {}),
      };
      const emulator = await startEmulator({
        port: flags.port,
        host: flags.host,
        env: io.env,
        faults,
        ...(flags.tokenTtl !== undefined ? { tokenTtlSeconds: flags.tokenTtl } : {}),
        ...(flags.seed ? { seed: flags.seed } : {}),
        ...(flags.randomSeed ? { randomSeed: flags.randomSeed } : {}),
        ...(flags.linkOrigin ? { linkOrigin: flags.linkOrigin } : {}),
        ...(flags.path ? { paths: flags.path } : {}),
        ...(flags.logRequests ? { logger: createLogger({ level: 'debug' }) } : {}),
      });
      const lines = [`Deskbee emulator listening on ${emulator.baseUrl}`, `  DESKBEE_BASE_URL=${emulator.baseUrl}`];
      if (emulator.credentialsSource === 'generated') {
        // Generated for this process only and printed so that a person can use them: not a real secret.
        lines.push(
          `  DESKBEE_CLIENT_ID=${emulator.credentials.clientId}`,
          `  DESKBEE_CLIENT_SECRET=${emulator.credentials.clientSecret}`,
        );
      } else {
        lines.push(`  accepting the client id ${emulator.credentials.clientId} from the ${emulator.credentialsSource}`);
      }
      lines.push(`  stats: curl ${emulator.origin}/__emulator/stats`, 'Press Ctrl-C to stop.');
      io.stdout.write(`${lines.join('\n')}\n`);
      await interrupted(io.signal);
      await emulator.close();
      io.stdout.write('Deskbee emulator stopped.\n');
      setExitCode(0);
    });
}

/** Resolves once the process is asked to stop. */
function interrupted(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Flags that mean nothing to the emulator being started are refused rather than ignored. */
function refuseFlags(flags: EmulatorFlags, names: Array<keyof EmulatorFlags>, why: string): void {
  const given = names.filter((name) => flags[name] !== undefined);
  if (given.length === 0) return;
  const shown = given.map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  throw new UsageError(`${shown.join(', ')}: ${why}.`);
}

/** `deskbee-sync emulator --deskbird`: a deskbird Public API emulator until interrupted. */
async function runDeskbird(flags: EmulatorFlags, io: CliIo): Promise<void> {
  refuseFlags(
    flags,
    ['tokenTtl', 'undeclaredUserFields', 'hiddenUserFields', 'alterUserField', 'tokenAnswerScope', 'path', 'linkOrigin'],
    'only for the Deskbee emulator: leave out --deskbird',
  );
  if (flags.tagRemoval === false) throw new UsageError('--no-tag-removal: only for the Deskbee emulator: leave out --deskbird.');
  const faults: DeskbirdFaultsInput = {
    ...(flags.rateLimit ? { rateLimit: flags.rateLimit } : {}),
    ...(flags.latency !== undefined ? { latencyMs: flags.latency } : {}),
    ...(flags.jitter !== undefined ? { jitterMs: flags.jitter } : {}),
    ...(flags.errorRate !== undefined ? { errorRate: flags.errorRate } : {}),
    ...(flags.dropRate !== undefined ? { dropRate: flags.dropRate } : {}),
    ...(flags.forbiddenRoutes ? { forbiddenRoutes: flags.forbiddenRoutes } : {}),
    ...(flags.membership ? { membership: flags.membership } : {}),
    ...(flags.maxLimit !== undefined ? { maxLimit: flags.maxLimit } : {}),
    ...(flags.rejectOverMaxLimit ? { overMaxLimit: 'reject' as const } : {}),
  };
  const generated = flags.users !== undefined || flags.groups !== undefined;
  if (generated && flags.seed) throw new UsageError('--seed and --users/--groups are two ways to fill the deskbird emulator: give one (a seed file may hold a "generate" section).');
  const emulator = await startDeskbirdEmulator({
    port: flags.port,
    host: flags.host,
    env: io.env,
    faults,
    ...(flags.seed ? { seed: flags.seed } : {}),
    ...(generated ? { seed: { generate: { users: flags.users ?? 0, groups: flags.groups ?? 0, ...(flags.randomSeed ? { seed: flags.randomSeed } : {}) } } } : {}),
    ...(flags.randomSeed ? { randomSeed: flags.randomSeed } : {}),
    ...(flags.logRequests ? { logger: createLogger({ level: 'debug' }) } : {}),
  });
  const state = emulator.snapshot();
  const lines = [`deskbird emulator listening on ${emulator.baseUrl}`, `  baseUrl: ${emulator.baseUrl}   (the deskbird source's baseUrl)`];
  if (emulator.apiKeySource === 'generated') {
    // Generated for this process only and printed so that a person can use it: not a real secret.
    lines.push(`  DESKBIRD_API_KEY=${emulator.apiKey}`);
  } else {
    lines.push(`  accepting the API key from the ${emulator.apiKeySource}`);
  }
  lines.push(
    `  ${state.users.length} users, ${state.groups.length} groups; members listed as ${emulator.faults().membership}`,
    `  stats: curl ${emulator.origin}/__emulator/stats`,
    'Press Ctrl-C to stop.',
  );
  io.stdout.write(`${lines.join('\n')}\n`);
  await interrupted(io.signal);
  await emulator.close();
  io.stdout.write('deskbird emulator stopped.\n');
}
