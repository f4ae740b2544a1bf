/**
 * The package as a person gets it: `npm pack` of a clean copy of this work
 * tree, installed globally into an empty prefix. Real npm, real tar, no
 * shortcuts: what the tarball lacks, the installed command lacks.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What `packAndInstall` made; everything lives under `work`. */
export interface PackedInstall {
  /** The temporary folder holding the copy, the tarball and the prefix. */
  work: string;
  /** Path of the tarball `npm pack` wrote. */
  tarball: string;
  /** The tarball's entries, relative to the package folder (`dist/src/cli/main.js`). */
  entries: string[];
  /** The global prefix the tarball was installed into. */
  prefix: string;
  /** The installed package's folder, `<prefix>/lib/node_modules/<name>`. */
  packageDir: string;
  /** The installed command, `<prefix>/bin/<name>`. */
  command: string;
  /** The environment child commands run with. */
  env: NodeJS.ProcessEnv;
}

/** The result of one command. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end and returns its exit code and output, whatever the code. */
export async function runCommand(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== 'number') throw error; // not started, or killed by the timeout
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * Packs `root` and installs the tarball into an empty prefix. The copy holds
 * the files git tracks or would add (so no dist/ or local store leaks in, and
 * the shared dist/ of the work tree is not rebuilt under other tests), with
 * `root`'s node_modules linked in for the build that `npm pack` runs.
 */
export async function packAndInstall(root: string, name: string): Promise<PackedInstall> {
  const work = mkdtempSync(join(tmpdir(), 'deskbee-sync-package-'));
  const tree = join(work, 'tree');
  const env = childEnv();
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  for (const file of stdout.split('\0')) {
    if (file === '') continue;
    mkdirSync(dirname(join(tree, file)), { recursive: true });
    try {
      copyFileSync(join(root, file), join(tree, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // deleted in the work tree, not yet in git
    }
  }
  symlinkSync(resolve(root, 'node_modules'), join(tree, 'node_modules'), 'dir');

  const packDir = join(work, 'pack');
  mkdirSync(packDir);
  await expectOk('npm pack', runCommand('npm', ['pack', '--pack-destination', packDir], { cwd: tree, env, timeoutMs: 300_000 }));
  const tarballs = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`npm pack wrote ${tarballs.length} tarballs in ${packDir}`);
  const tarball = join(packDir, tarballs[0] as string);
  const listing = await expectOk('tar', runCommand('tar', ['-tzf', tarball], { cwd: work, env, timeoutMs: 60_000 }));
  const entries = listing.stdout
    .split('\n')
    .filter((line) => line !== '' && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''));

  const prefix = join(work, 'prefix');
  mkdirSync(prefix);
  await expectOk(
    'npm install -g',
    runCommand('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error', tarball], { cwd: work, env, timeoutMs: 300_000 }),
  );
  return { work, tarball, entries, prefix, packageDir: join(prefix, 'lib', 'node_modules', name), command: join(prefix, 'bin', name), env };
}

async function expectOk(what: string, pending: Promise<CommandResult>): Promise<CommandResult> {
  const result = await pending;
  if (result.code !== 0) throw new Error(`${what} exited with ${result.code}:\n${result.stderr}\n${result.stdout}`);
  return result;
}

/**
 * This environment without what `npm test` adds for its own package: npm
 * reads npm_config_local_prefix and friends as settings, which would point
 * the child npm back at this work tree.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|command$|config_(local_prefix|prefix|global_prefix|global)$)/i.test(key) || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return env;
}
