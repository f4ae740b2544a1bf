/** One measured figure, printed as a row. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export function printFigures(title: string, figures: Figure[]): void {
  const width = Math.max(...figures.map((f) => f.name.length));
  process.stdout.write(`\n${title}\n`);
  for (const f of figures) {
    const value = f.unit === 'ms' ? f.value.toFixed(0) : f.value.toFixed(2);
    process.stdout.write(`  ${f.name.padEnd(width)}  ${value.padStart(8)} ${f.unit.padEnd(2)}${f.note ? `  ${f.note}` : ''}\n`);
  }
}
