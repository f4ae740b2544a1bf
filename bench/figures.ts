/** One measured figure, printed as a row, with the target it is held to when there is one. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
  /** `value` must be at most (`<=`) or at least (`>=`) `limit`. */
  target?: { op: '<=' | '>='; limit: number };
}

/** Whether a figure holds its target; undefined when it has none. */
export function holds(figure: Figure): boolean | undefined {
  if (!figure.target) return undefined;
  return figure.target.op === '<=' ? figure.value <= figure.target.limit : figure.value >= figure.target.limit;
}

function shown(value: number, unit: string): string {
  if (unit === 'ms' || unit === 'MB' || unit === '/s') return Math.round(value).toLocaleString('en-US');
  return value.toFixed(unit === '%' ? 2 : 2);
}

/** Prints a section: figure, value, target, whether it holds, note. */
export function printFigures(title: string, figures: Figure[]): void {
  const rows = figures.map((f) => {
    const verdict = holds(f);
    return [
      f.name,
      `${shown(f.value, f.unit)} ${f.unit}`,
      f.target ? `${f.target.op} ${shown(f.target.limit, f.unit)} ${f.unit}` : '',
      verdict === undefined ? '' : verdict ? 'holds' : 'NOT HELD',
      f.note ?? '',
    ];
  });
  const widths = [0, 1, 2, 3].map((i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), 0));
  process.stdout.write(`\n${title}\n`);
  for (const row of rows) {
    const [name, value, target, verdict, note] = row;
    process.stdout.write(
      `  ${name!.padEnd(widths[0]!)}  ${value!.padStart(widths[1]!)}  ${target!.padEnd(widths[2]!)}  ${verdict!.padEnd(widths[3]!)}  ${note}\n`.replace(/\s+\n$/, '\n'),
    );
  }
}
