/**
 * The deployment examples in deploy/ parse as what they are, run a real
 * deskbee-sync command line (parsed by the program's own command tree),
 * and take every secret from the environment or a file, never from an
 * argument or the file itself.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { syncConfigSchema } from '../../src/config/sync-config.js';
import { isTimeZone } from '../../src/schedule/schedule-times.js';
import { assertNoSecretArguments, deskbeeSyncArguments, parseCommandLine, secretVariable, splitCommand } from './command-line.js';
import { parseDockerfile } from './dockerfile.js';
import { parseUnitFile, single } from './unit-file.js';

const read = (path: string) => readFile(join('deploy', path), 'utf8');
const systemdAnalyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((path) => existsSync(path));

/** Parses and checks one deskbee-sync command line; returns what it parsed to. */
async function realCommand(words: string[]) {
  const args = deskbeeSyncArguments(words);
  assertNoSecretArguments(args);
  return parseCommandLine(args);
}

/** `NAME=value` assignments (systemd Environment=, crontab lines): a secret is only ever named by a `_FILE` variable. */
function assertNoSecretValues(assignments: Array<[string, string]>): void {
  for (const [name, value] of assignments) {
    if (!secretVariable.test(name)) continue;
    expect(name, `${name} is set to a value in the file`).toMatch(/_FILE$/);
    expect(value).toMatch(/^\//);
  }
}

describe('deploy/systemd', () => {
  it('the timer starts the oneshot service, which runs `schedule --once` as its own user with secrets from an EnvironmentFile', async () => {
    const service = parseUnitFile(await read('systemd/deskbee-sync.service'), 'deskbee-sync.service');
    const timer = parseUnitFile(await read('systemd/deskbee-sync.timer'), 'deskbee-sync.timer');
    expect(single(service, 'Service', 'Type')).toBe('oneshot');
    const user = single(service, 'Service', 'User');
    expect(user).not.toMatch(/^(root|0)$/);
    expect(single(service, 'Service', 'EnvironmentFile')).toMatch(/^-?\/etc\/deskbee-sync\/.+\.env$/);
    expect(single(service, 'Service', 'Restart')).toBe('on-failure');
    expect(single(service, 'Service', 'RestartPreventExitStatus').split(/\s+/)).toEqual(expect.arrayContaining(['3', '6', '64']));
    assertNoSecretValues((service.get('Service')?.get('Environment') ?? []).map((e) => e.split('=', 2) as [string, string]));
    const parsed = await realCommand(splitCommand(single(service, 'Service', 'ExecStart')));
    expect(parsed).toMatchObject({ command: 'schedule', options: { once: true } });

    expect(single(timer, 'Timer', 'Unit')).toBe('deskbee-sync.service');
    expect(single(timer, 'Timer', 'Persistent')).toBe('true');
    expect(single(timer, 'Install', 'WantedBy')).toBe('timers.target');
    const calendar = single(timer, 'Timer', 'OnCalendar');
    expect(calendar).toBe('*-*-* 02:00:00');
    if (systemdAnalyze) {
      const { stdout } = await promisify(execFile)(systemdAnalyze, ['calendar', calendar]);
      expect(stdout).toMatch(/Normalized form: \*-\*-\* 02:00:00/);
    }
  });

  it('the long-running alternative runs the built-in scheduler with /healthz, restarting on failure', async () => {
    const unit = parseUnitFile(await read('systemd/deskbee-sync-scheduler.service'), 'deskbee-sync-scheduler.service');
    expect(single(unit, 'Service', 'User')).toBe('deskbee-sync');
    expect(single(unit, 'Service', 'EnvironmentFile')).toBe('/etc/deskbee-sync/deskbee-sync.env');
    expect(single(unit, 'Service', 'Restart')).toBe('on-failure');
    const parsed = await realCommand(splitCommand(single(unit, 'Service', 'ExecStart')));
    expect(parsed).toMatchObject({ command: 'schedule', options: { cron: '0 2 * * *', tz: 'Europe/Lisbon', port: 9464, jitter: 300_000 } });
  });

  it('the environment file names the secrets and holds none', async () => {
    const text = await read('systemd/deskbee-sync.env.example');
    const assignments = text
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=', 2) as [string, string]);
    expect(assignments.map(([name]) => name)).toEqual(['DESKBEE_CLIENT_ID', 'DESKBEE_CLIENT_SECRET']);
    for (const [, value] of assignments) expect(value).toBe('');
  });

  it.runIf(systemdAnalyze)('systemd itself finds no unknown section, key or value in the units', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deskbee-units-'));
    try {
      const names = ['deskbee-sync.service', 'deskbee-sync.timer', 'deskbee-sync-scheduler.service'];
      for (const name of names) await copyFile(join('deploy/systemd', name), join(dir, name));
      const result = await promisify(execFile)(systemdAnalyze!, ['verify', ...names.map((n) => join(dir, n))]).catch((error: { stderr?: string }) => ({ stderr: error.stderr ?? '' }));
      // Problems in a file are reported as file:line; the binary and targets this machine lacks are not.
      const inFiles = result.stderr.split('\n').filter((line) => /\.(service|timer):\d+:/.test(line));
      expect(inFiles).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/cron', () => {
  it('a five-field schedule croner accepts, `schedule --once`, and secrets named by _FILE variables', async () => {
    const lines = (await read('cron/deskbee-sync.crontab')).split('\n').filter((line) => line.trim() && !line.startsWith('#'));
    const assignments = lines.filter((line) => /^[A-Z_]+=/.test(line)).map((line) => line.split('=', 2) as [string, string]);
    const jobs = lines.filter((line) => !/^[A-Z_]+=/.test(line));
    expect(jobs).toHaveLength(1);
    const fields = jobs[0]!.trim().split(/\s+/);
    const schedule = fields.slice(0, 5).join(' ');
    expect(new Cron(schedule, { paused: true, timezone: 'UTC' }).nextRun(new Date('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-01T02:00:00.000Z');
    const parsed = await realCommand(splitCommand(fields.slice(5).join(' ')));
    expect(parsed).toMatchObject({ command: 'schedule', options: { once: true, jitter: 300_000 } });
    assertNoSecretValues(assignments);
    const names = assignments.map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(['DESKBEE_CLIENT_ID_FILE', 'DESKBEE_CLIENT_SECRET_FILE', 'PATH']));
  });
});

describe('deploy/kubernetes', () => {
  it('a CronJob that forbids overlaps, runs `schedule --once`, and reads secrets from a Secret (files and env), with limits and a backoff', async () => {
    const documents = parseAllDocuments(await read('kubernetes/cronjob.yaml'));
    for (const document of documents) expect(document.errors).toEqual([]);
    const objects = documents.map((document) => document.toJS() as Record<string, any>);
    const cronJob = objects.find((o) => o.kind === 'CronJob')!;
    expect(cronJob.apiVersion).toBe('batch/v1');
    const { spec } = cronJob;
    expect(spec.concurrencyPolicy).toBe('Forbid');
    expect(spec.schedule.split(' ')).toHaveLength(5);
    expect(new Cron(spec.schedule, { paused: true, timezone: spec.timeZone }).nextRun()).not.toBeNull();
    expect(isTimeZone(spec.timeZone)).toBe(true);
    const job = spec.jobTemplate.spec;
    expect(job.backoffLimit).toBeGreaterThanOrEqual(0);
    const pod = job.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.containers).toHaveLength(1);
    const container = pod.containers[0];
    expect(container.resources.limits).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
    expect(container.resources.requests).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
    expect(job.podFailurePolicy.rules[0].onExitCodes).toMatchObject({ containerName: container.name, values: [3, 6, 64] });

    const parsed = await realCommand(['deskbee-sync', ...container.args]);
    expect(parsed).toMatchObject({ command: 'schedule', options: { once: true, config: '/etc/deskbee-sync/deskbee-sync.yaml' } });

    // Secrets: a secretKeyRef, or a _FILE variable naming a file in a mounted Secret volume.
    const secretMounts = (container.volumeMounts as Array<{ name: string; mountPath: string }>).filter((mount) =>
      pod.volumes.some((volume: Record<string, any>) => volume.name === mount.name && volume.secret),
    );
    const env = container.env as Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
    for (const variable of env.filter((v) => secretVariable.test(v.name))) {
      if (variable.valueFrom) {
        expect(variable.valueFrom.secretKeyRef?.name).toBe('deskbee-sync');
        continue;
      }
      expect(variable.name).toMatch(/_FILE$/);
      expect(secretMounts.some((mount) => variable.value!.startsWith(`${mount.mountPath}/`)), variable.name).toBe(true);
    }
    expect(env.map((v) => v.name)).toEqual(expect.arrayContaining(['DESKBEE_CLIENT_ID_FILE', 'DESKBEE_CLIENT_SECRET_FILE', 'DATABASE_URL']));
    expect(env.find((v) => v.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef).toBeDefined();

    // The configuration the ConfigMap holds is one the program accepts.
    const configMap = objects.find((o) => o.kind === 'ConfigMap')!;
    const config = syncConfigSchema.safeParse(parseAllDocuments(configMap.data['deskbee-sync.yaml'])[0]!.toJS());
    expect(config.error?.message).toBeUndefined();
    const configMount = container.volumeMounts.find((mount: { name: string }) => mount.name === 'config');
    expect(`${configMount.mountPath}/deskbee-sync.yaml`).toBe(parsed.options.config);
  });
});

describe('deploy/docker', () => {
  it('node:20-slim, the packed tarball installed globally, a non-root user, ENTRYPOINT deskbee-sync, no secret baked in', async () => {
    const instructions = parseDockerfile(await read('docker/Dockerfile'));
    const all = (keyword: string) => instructions.filter((i) => i.keyword === keyword);
    expect(all('FROM').map((i) => i.text)).toEqual(['node:20-slim']);
    expect(all('COPY').map((i) => i.text)).toEqual(['deskbee-sync-*.tgz /tmp/']);
    expect(all('RUN').some((i) => /npm install --global \/tmp\/deskbee-sync-\*\.tgz/.test(i.text))).toBe(true);
    const user = all('USER').at(-1)?.text ?? 'root';
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
    expect(all('RUN').some((i) => new RegExp(`useradd .*\\b${user.split(':')[0]}$`).test(i.text))).toBe(true);
    expect(all('ENTRYPOINT').at(-1)?.exec).toEqual(['deskbee-sync']);
    const cmd = all('CMD').at(-1)?.exec;
    expect(cmd).toBeDefined();
    expect(await realCommand(['deskbee-sync', ...cmd!])).toMatchObject({ command: 'schedule', options: { once: true } });
    for (const instruction of [...all('ENV'), ...all('ARG')]) {
      for (const [, name] of instruction.text.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)) expect(name, `${instruction.keyword} ${name}`).not.toMatch(secretVariable);
    }
  });
});

describe('the command-line check itself', () => {
  it('refuses what the real command refuses', async () => {
    await expect(parseCommandLine(['schedule', '--once', '--port', '9464'])).rejects.toThrow(/--once runs one sync now/);
    await expect(parseCommandLine(['schedule', '--cron', '0 2 * *'])).rejects.toThrow(/five, six, or seven/);
    await expect(parseCommandLine(['apply', '--yes', '--no-such-option'])).rejects.toThrow(/unknown option/);
    await expect(parseCommandLine(['sync'])).rejects.toThrow(/unknown command/);
    expect(() => assertNoSecretArguments(['--client-secret', 'x'])).toThrow(/secret passed as an argument/);
    expect(() => assertNoSecretArguments(['postgres://u:p@db/x'])).toThrow(/URL with a password/);
    expect(() => deskbeeSyncArguments(['node', 'x.js'])).toThrow(/not deskbee-sync/);
    expect(splitCommand('/usr/local/bin/deskbee-sync schedule --cron "0 2 * * *" >> log 2>&1')).toEqual(['/usr/local/bin/deskbee-sync', 'schedule', '--cron', '0 2 * * *']);
  });
});
