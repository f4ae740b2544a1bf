/**
 * The textfile node_exporter's textfile collector reads: rewritten after
 * every run, carrying on what the previous run's process wrote (the last
 * run of other modes, the last success time, the counters).
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../context/run-context.js';
import type { RunSummary } from '../sync/run-summary.js';
import { ExpositionError } from './exposition-format.js';
import { RunMetrics, type RunMetricsOptions } from './run-metrics.js';

/**
 * Adds `summary` to the series in `path` and writes the file anew. The new
 * text goes to a temporary file in the same folder, renamed over `path`, so
 * that the collector never reads half a file (and ignores the temporary
 * one: its name does not end in `.prom`). A previous file that cannot be
 * read as exposition format is replaced, with a warning.
 * @throws the file system's error when the folder cannot be written.
 */
export async function writeMetricsTextfile(path: string, summary: RunSummary, options: RunMetricsOptions & { logger: Logger }): Promise<void> {
  const metrics = new RunMetrics(options.labels ? { labels: options.labels } : {});
  const previous = await readPrevious(path);
  if (previous !== undefined) {
    try {
      metrics.restore(previous);
    } catch (error) {
      if (!(error instanceof ExpositionError)) throw error;
      options.logger.warn(`metrics: ${path} is not Prometheus text (${error.message}); it is replaced, and the counters and last success time start again`);
    }
  }
  metrics.record(summary);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, await metrics.text(), { mode: 0o644 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function readPrevious(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
