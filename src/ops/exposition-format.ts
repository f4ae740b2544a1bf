/**
 * A reader of Prometheus' text exposition format (version 0.0.4), strict in
 * the ways node_exporter's textfile collector is: one HELP and one TYPE per
 * family, before its samples; a family's samples together; no series twice.
 * Used to carry series across runs of separate processes (the textfile
 * holds the previous run's), and by the tests to read what was written.
 */

/** One sample line. */
export interface ExpositionSample {
  /** The sample's own name, e.g. `deskbee_sync_runs_total`. */
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** One metric family: its HELP, TYPE and samples. */
export interface ExpositionFamily {
  name: string;
  /** Default: none given. */
  help?: string;
  /** `counter`, `gauge`, `histogram`, `summary` or `untyped`. Default `untyped`. */
  type: string;
  samples: ExpositionSample[];
}

/** Text that is not valid exposition format; `line` is 1-based. */
export class ExpositionError extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'ExpositionError';
  }
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const types = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const suffixes = ['_bucket', '_sum', '_count', '_total', '_created'];

/** The families of an exposition, by name, in the order they appear. */
export function parseExposition(text: string): Map<string, ExpositionFamily> {
  const families = new Map<string, ExpositionFamily>();
  const seriesSeen = new Set<string>();
  const closed = new Set<string>();
  let current: ExpositionFamily | undefined;
  const lines = text.split('\n');
  if (text.length > 0 && !text.endsWith('\n')) throw new ExpositionError(lines.length, 'the last line has no newline');
  lines.forEach((line, index) => {
    const at = index + 1;
    if (line.trim() === '') return;
    const family = (name: string): ExpositionFamily => {
      if (current && current.name !== name) closed.add(current.name);
      if (closed.has(name)) throw new ExpositionError(at, `the family ${name} appears again after other families`);
      const found = families.get(name) ?? { name, type: 'untyped', samples: [] };
      families.set(name, found);
      current = found;
      return found;
    };
    if (line.startsWith('#')) {
      const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!meta) return; // a plain comment
      const [, keyword, name = '', rest = ''] = meta;
      if (!metricName.test(name)) throw new ExpositionError(at, `${JSON.stringify(name)} is not a metric name`);
      const target = family(name);
      if (keyword === 'HELP') {
        if (target.help !== undefined) throw new ExpositionError(at, `a second HELP for ${name}`);
        target.help = rest.replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\'));
      } else {
        if (!types.has(rest.trim())) throw new ExpositionError(at, `unknown TYPE ${JSON.stringify(rest.trim())}`);
        if (target.samples.length > 0) throw new ExpositionError(at, `the TYPE of ${name} comes after its samples`);
        target.type = rest.trim();
      }
      return;
    }
    const sample = parseSample(line, at);
    const owner = familyOf(sample.name, current);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort(([a], [b]) => a.localeCompare(b)))}`;
    if (seriesSeen.has(key)) throw new ExpositionError(at, `the series ${sample.name}${formatLabels(sample.labels)} appears twice`);
    seriesSeen.add(key);
    family(owner).samples.push(sample);
  });
  return families;
}

/** The family a sample belongs to: the current one when its name extends it by a known suffix, else its own name. */
function familyOf(name: string, current: ExpositionFamily | undefined): string {
  return current && suffixes.some((s) => name === `${current.name}${s}`) ? current.name : name;
}

function parseSample(line: string, at: number): ExpositionSample {
  const head = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
  if (!head?.[1]) throw new ExpositionError(at, `${JSON.stringify(line.slice(0, 40))} is not a sample line`);
  const name = head[1];
  let position = name.length;
  const labels: Record<string, string> = {};
  if (line[position] === '{') {
    position += 1;
    while (line[position] !== '}') {
      const label = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/.exec(line.slice(position));
      if (!label?.[1] || !labelName.test(label[1])) throw new ExpositionError(at, `a label of ${name} is malformed`);
      position += label[0].length;
      let value = '';
      for (;;) {
        const c = line[position];
        if (c === undefined) throw new ExpositionError(at, `the value of label ${label[1]} is not closed`);
        position += 1;
        if (c === '"') break;
        if (c === '\\') {
          const escaped = line[position];
          position += 1;
          if (escaped === 'n') value += '\n';
          else if (escaped === '\\' || escaped === '"') value += escaped;
          else throw new ExpositionError(at, `an unknown escape \\${escaped ?? ''} in label ${label[1]}`);
        } else value += c;
      }
      if (label[1] in labels) throw new ExpositionError(at, `the label ${label[1]} is given twice`);
      labels[label[1]] = value;
      const separator = /^\s*,?\s*/.exec(line.slice(position));
      position += separator?.[0].length ?? 0;
      if (position >= line.length) throw new ExpositionError(at, `the labels of ${name} are not closed`);
    }
    position += 1;
  }
  const rest = line.slice(position).trim().split(/\s+/);
  if (rest.length < 1 || rest.length > 2 || line[position] !== ' ') throw new ExpositionError(at, `the sample ${name} has no value, or more than a value and a timestamp`);
  const value = parseValue(rest[0] ?? '');
  if (value === undefined) throw new ExpositionError(at, `${JSON.stringify(rest[0])} is not a sample value`);
  if (rest[1] !== undefined && !/^-?\d+$/.test(rest[1])) throw new ExpositionError(at, `${JSON.stringify(rest[1])} is not a timestamp`);
  return { name, labels, value };
}

function parseValue(text: string): number | undefined {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** `{a="1",b="x"}`, or nothing without labels. */
export function formatLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}
