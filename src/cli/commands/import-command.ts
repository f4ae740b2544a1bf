import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { configuredSources, loadSyncConfig, syncConfigSchema, type SyncConfig } from '../../config/sync-config.js';
import { ConfigError } from '../../errors.js';
import { loadMapping } from '../../mapping/mapping-loader.js';
import type { CliIo } from '../cli-io.js';
import { configPath, runtimeWith, type CommonFlags } from '../cli-runtime.js';
import { applyAndPrint } from './apply-command.js';
import { withCommonOptions, withPlanOptions, type PlanFlags } from './common-options.js';

type ImportFlags = CommonFlags & PlanFlags & { yes?: boolean; mapping?: string };

/** `deskbee-sync import FILE`: a one-off load that creates and updates, never deactivates. */
export function importCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new Command('import')
    .description(
      'One-off import of a CSV file: creates and updates users, squads, cost centers and tags; never deactivates anyone or removes members. Shows the plan and asks first (--yes for scripts). Works without a configuration file when --mapping is given.',
    )
    .argument('<file>', 'the CSV file to import')
    .option('-m, --mapping <file>', 'mapping file (default: the configuration\'s)')
    .option('-y, --yes', 'apply without asking');
  withPlanOptions(withCommonOptions(command)).action(async (file: string, flags: ImportFlags) => {
    const config = await importConfig(io, flags, resolve(file));
    const rt = await runtimeWith(io, flags, config);
    try {
      setExitCode(await applyAndPrint(io, rt, flags, 'import'));
    } finally {
      await rt.close();
    }
  });
  return command;
}

/** The configuration with the source pointed at `file`; a minimal one when there is no configuration file. */
async function importConfig(io: CliIo, flags: ImportFlags, file: string): Promise<SyncConfig> {
  const path = configPath(io, flags);
  const mapping = flags.mapping ? resolve(flags.mapping) : undefined;
  if (existsSync(path)) {
    const config = await loadSyncConfig(path);
    const [only, ...more] = configuredSources(config);
    if (!only || (more.length > 0 && !mapping)) {
      throw new ConfigError(`the configuration at ${path} reads several sources: say which mapping reads ${file} with --mapping FILE.`);
    }
    // The file replaces the configured source; its name (the mapping's key) stays.
    const { sources: _several, merge: _merge, ...rest } = config;
    return { ...rest, source: csvSourceConfig(only.config.name, file), mapping: mapping ?? only.mapping };
  }
  if (!mapping) {
    throw new ConfigError(`there is no configuration file at ${path}: give the mapping with --mapping FILE (for instance mappings/hr-csv.yaml), or a configuration with --config.`);
  }
  const { source } = await loadMapping(mapping);
  return syncConfigSchema.parse({ version: 1, source: csvSourceConfig(source, file), mapping });
}

function csvSourceConfig(name: string, path: string): SyncConfig['source'] {
  return syncConfigSchema.shape.source.parse({ kind: 'csv', name, path });
}
