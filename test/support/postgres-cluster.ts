/**
 * A private, throw-away PostgreSQL cluster made with the Debian server
 * binaries (initdb, pg_ctl): its own folder under the system temp folder,
 * its own loopback port, a random password, no fsync. Used by the global
 * set-up when neither DATABASE_URL nor a container runtime is available.
 *
 * initdb and pg_ctl refuse to run as root, so as root they run as the
 * `postgres` user (created by Debian's postgresql package), which then owns
 * the folder.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chown, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes.js';

const run = promisify(execFile);

export interface LocalCluster {
  /** Admin URL of the `postgres` database, with the password. */
  url: string;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

/** The folder holding initdb and pg_ctl, or undefined when they are not installed. */
export async function findServerBinaries(): Promise<string | undefined> {
  const root = '/usr/lib/postgresql';
  const versions = await readdir(root).catch(() => [] as string[]);
  const candidates = versions
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(root, v, 'bin'));
  candidates.push('/usr/local/bin', '/usr/bin');
  for (const dir of candidates) {
    if ((await isExecutable(join(dir, 'initdb'))) && (await isExecutable(join(dir, 'pg_ctl')))) return dir;
  }
  return undefined;
}

/** Creates and starts a cluster; throws with initdb's or pg_ctl's own output when they fail. */
export async function startLocalCluster(binaries: string): Promise<LocalCluster> {
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await postgresUser() : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'deskbee-sync-pg-'));
  const user = 'deskbee';
  const password = randomBytes(12).toString('hex');
  const pgData = join(dir, 'data');
  const pwFile = join(dir, 'password');
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  if (owner) {
    await chown(dir, owner.uid, owner.gid);
    await chown(pwFile, owner.uid, owner.gid);
  }
  // cwd: the postgres user may not be allowed into the caller's working directory.
  const asOwner = (command: string, args: string[]) =>
    owner
      ? run('runuser', ['-u', 'postgres', '--', command, ...args], { cwd: dir })
      : run(command, args, { cwd: dir });

  const cleanUp = () => rm(dir, { recursive: true, force: true });
  try {
    await asOwner(join(binaries, 'initdb'), [
      '-D', pgData, '-U', user, `--pwfile=${pwFile}`, '--auth=scram-sha-256',
      '--no-sync', '--encoding=UTF8', '--locale=C',
    ]);
  } catch (error) {
    await cleanUp();
    throw new Error(`initdb failed: ${outputOf(error)}`);
  }

  const pgCtl = join(binaries, 'pg_ctl');
  let lastError = '';
  // A free port can be taken between the probe and the start: try a few.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const serverOptions = [
      '-h 127.0.0.1', `-p ${port}`, `-k ${dir}`,
      '-c fsync=off', '-c full_page_writes=off', '-c synchronous_commit=off', '-c max_connections=60',
    ].join(' ');
    try {
      await asOwner(pgCtl, ['-D', pgData, '-l', join(dir, 'server.log'), '-w', '-t', '30', '-o', serverOptions, 'start']);
      return {
        url: `postgres://${user}:${password}@127.0.0.1:${port}/postgres`,
        stop: async () => {
          await asOwner(pgCtl, ['-D', pgData, '-m', 'fast', '-w', '-t', '30', 'stop']).catch(() => {});
          await cleanUp();
        },
      };
    } catch (error) {
      lastError = outputOf(error);
    }
  }
  await cleanUp();
  throw new Error(`pg_ctl could not start the test server: ${lastError}`);
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  try {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'running as root, but there is no "postgres" user to run initdb and pg_ctl as; ' +
        'install the server with scripts/test-services/postgres.sh',
    );
  }
}


async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function outputOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as { stderr?: unknown; stdout?: unknown; message?: unknown };
    const text = [e.stderr, e.stdout].filter((s) => typeof s === 'string' && s.trim()).join('\n').trim();
    if (text) return text;
    if (typeof e.message === 'string') return e.message;
  }
  return String(error);
}
