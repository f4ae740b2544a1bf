import { readFile } from 'node:fs/promises';
import { parseExposition, type ExpositionFamily } from '../../../src/ops/exposition-format.js';

/** A parsed textfile, and the value of one series by name and labels. */
export interface MetricsFile {
  families: Map<string, ExpositionFamily>;
  /** The value of the series `name` whose labels include `labels`; undefined when none, an error when several. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

export async function readMetricsFile(path: string): Promise<MetricsFile> {
  const families = parseExposition(await readFile(path, 'utf8'));
  return {
    families,
    value(name, labels = {}) {
      const samples = [...families.values()]
        .flatMap((f) => f.samples)
        .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
      if (samples.length > 1) throw new Error(`${samples.length} series ${name} match ${JSON.stringify(labels)}`);
      return samples[0]?.value;
    },
  };
}
