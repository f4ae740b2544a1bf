/**
 * `doctor`: a read-only check of everything a first sync depends on, as a
 * checklist. It reads the configuration and the mapping, the source in full,
 * the store (reachable, migrated, write lock free) and Deskbee (token,
 * scopes, every list call, the user fields its answers show). It sends no
 * write to Deskbee. Each part is checked even when an earlier one failed,
 * where it can be.
 */
import type { RunContext } from '../../context/run-context.js';
import { configuredSources, loadSyncConfig, type ConfiguredSource, type SyncConfig } from '../../config/sync-config.js';
import type { UserField } from '../../model/directory.js';
import { SyncError } from '../../errors.js';
import { ExitCode, strongest } from '../../exit-codes.js';
import { loadMapping } from '../../mapping/mapping-loader.js';
import { mapEntries } from '../../mapping/map-entries.js';
import type { Mapping } from '../../mapping/mapping-schema.js';
import { requiredAttributes } from '../../mapping/required-attributes.js';
import { createSource } from '../../sources/source-kinds.js';
import { summarized } from '../../sources/source.js';
import { openStore } from '../../store/open-store.js';
import { createClient } from '../runtime.js';
import { checkDeskbee } from './deskbee-checks.js';
import { Checklist, type DoctorReport } from './doctor-types.js';

export interface DoctorInit {
  /** The configuration file. */
  configPath: string;
  env: NodeJS.ProcessEnv;
  ctx: RunContext;
}

/** Runs every check; never throws for what it checks, only for a bug. */
export async function runDoctor(init: DoctorInit): Promise<DoctorReport> {
  const list = new Checklist();
  const loaded = await loadConfig(list, init.configPath);
  if (loaded) {
    const { config, sources } = loaded;
    for (const source of sources) await checkSource(list, source, init, sources.length > 1);
    await checkStore(list, config, init.env);
    const managed = [...new Set(sources.flatMap((s) => s.mapping.managed.fields))];
    await checkDeskbeeSide(list, config, managed, init);
  }
  const failures = list.checks.filter((c) => c.status === 'failure').map((c) => c.exitCode ?? ExitCode.unexpected);
  // bounded: one per check
  return { checks: list.checks, exitCode: strongest(...failures) };
}

/** A configured source with its mapping loaded. */
interface LoadedSource {
  configured: ConfiguredSource;
  mapping: Mapping;
}

async function loadConfig(list: Checklist, path: string): Promise<{ config: SyncConfig; sources: LoadedSource[] } | undefined> {
  let config: SyncConfig;
  try {
    config = await loadSyncConfig(path);
    list.ok('configuration', 'configuration file', `${path} is valid`);
  } catch (error) {
    list.fail('configuration', 'configuration file', messageOf(error), 'Fix the file at the place the message names; deskbee-sync.example.yaml shows every key.', ExitCode.config);
    return undefined;
  }
  const sources: LoadedSource[] = [];
  for (const configured of configuredSources(config)) {
    try {
      const mapping = await loadMapping(configured.mapping);
      list.ok('configuration', 'mapping', `${configured.mapping} is valid (source ${configured.config.name}; manages ${mapping.managed.fields.join(', ')})`);
      sources.push({ configured, mapping });
    } catch (error) {
      list.fail('configuration', 'mapping', messageOf(error), 'Fix the mapping at the place the message names; mappings/README.md describes the language.', ExitCode.config);
      return undefined;
    }
  }
  return { config, sources };
}

async function checkSource(list: Checklist, { configured, mapping }: LoadedSource, init: DoctorInit, several: boolean): Promise<void> {
  const name = several ? `read ${configured.config.name}` : 'read';
  try {
    const source = createSource(configured.config, { env: init.env, requiredAttributes: requiredAttributes(mapping) });
    const read = summarized(source, init.ctx);
    const mapped = await mapEntries(mapping, read.entries);
    const summary = read.summary();
    const { people, peopleLeftOut, groups } = mapped.entries;
    const leftOut = peopleLeftOut + summary.issues.length;
    const detail = `${source.name} read in full: ${summary.entries} entries (${people} people, ${groups} groups); ${mapped.state.users.length} usable people, ${leftOut} left out`;
    if (mapped.state.users.length === 0) {
      list.fail('source', name, `${detail}: no usable person`, 'A sync refuses an empty source (it would look like everyone left): check the source and the mapping.', ExitCode.source);
    } else if (leftOut > 0) {
      const first = [...summary.issues, ...mapped.issues][0];
      list.warn('source', name, detail, `Entries left out are neither created nor deactivated; \`deskbee-sync plan\` lists each one${first ? `, e.g. ${first.origin}: ${first.message}` : ''}.`);
    } else {
      list.ok('source', name, detail);
    }
  } catch (error) {
    list.fail('source', name, messageOf(error), 'The message names the file, line, entry or server; a sync stops the same way before planning.', exitCodeOf(error, ExitCode.source));
  }
}

async function checkStore(list: Checklist, config: SyncConfig, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const store = await openStore({
      ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
      ...(config.store.directory ? { directory: config.store.directory } : {}),
    });
    try {
      const info = await store.info();
      list.ok('store', 'reachable and migrated', `${info.backend} store at ${info.location}, migrations ${info.migrations.join(', ')}`);
      if (await store.writeLockHeld()) {
        list.fail('store', 'write lock', 'another deskbee-sync apply or import holds the write lock now', 'Wait for it to finish (`deskbee-sync status` shows the runs).', ExitCode.safety);
      } else {
        list.ok('store', 'write lock', 'free');
      }
    } finally {
      await store.close();
    }
  } catch (error) {
    list.fail('store', 'reachable and migrated', messageOf(error), 'Check DATABASE_URL (PostgreSQL) or the store folder (PGlite).', exitCodeOf(error, ExitCode.config));
  }
}

async function checkDeskbeeSide(list: Checklist, config: SyncConfig, managed: UserField[], init: DoctorInit): Promise<void> {
  let client;
  try {
    client = createClient(config, init.env, init.ctx);
  } catch (error) {
    list.fail('deskbee', 'credentials', messageOf(error), 'Set DESKBEE_CLIENT_ID and DESKBEE_CLIENT_SECRET (or their _FILE variants) in the environment.', exitCodeOf(error, ExitCode.config));
    return;
  }
  await checkDeskbee(list, client, managed);
}

function messageOf(error: unknown): string {
  if (error instanceof SyncError) return error.message;
  throw error;
}

function exitCodeOf(error: unknown, fallback: number): number {
  return error instanceof SyncError ? error.exitCode : fallback;
}
