/**
 * Global set-up: finds or starts the PostgreSQL server the tests use and
 * provides its admin URL as `postgres` (see postgres.ts). In order:
 * DATABASE_URL when set (its user must be allowed to CREATE DATABASE);
 * testcontainers when a container runtime answers; otherwise a private
 * cluster made with Debian's initdb and pg_ctl, stopped and deleted at the
 * end. When none of these works the tests that need PostgreSQL fail with the
 * reason, and the other tests still run.
 */
import type { TestProject } from 'vitest/node';
import type { PostgresService } from './postgres.js';
import { findServerBinaries, startLocalCluster } from './postgres-cluster.js';
import { containerRuntimeAvailable, startContainerDatabase } from './postgres-container.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { service, stop } = await findPostgres();
  project.provide('postgres', service);
  return stop;
}

async function findPostgres(): Promise<{ service: PostgresService; stop: () => Promise<void> }> {
  const none = async () => {};
  const fromEnv = process.env.DATABASE_URL?.trim();
  if (fromEnv) return { service: { origin: 'DATABASE_URL', url: fromEnv }, stop: none };

  const problems: string[] = [];
  if (await containerRuntimeAvailable()) {
    try {
      const container = await startContainerDatabase();
      return { service: { origin: 'testcontainers', url: container.url }, stop: container.stop };
    } catch (error) {
      problems.push(`testcontainers: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const binaries = await findServerBinaries();
  if (binaries) {
    try {
      const cluster = await startLocalCluster(binaries);
      return { service: { origin: 'local-cluster', url: cluster.url }, stop: cluster.stop };
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  } else {
    problems.push('initdb and pg_ctl are not installed (run scripts/test-services/postgres.sh as root)');
  }
  const reason = `no DATABASE_URL, no container runtime, and no local cluster: ${problems.join('; ')}`;
  return { service: { origin: 'none', url: null, reason }, stop: none };
}
