import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ExpositionError, formatLabels, parseExposition } from '../../src/ops/exposition-format.js';

describe('the exposition format reader', () => {
  it("reads what prom-client writes, histograms and summaries too, with escaped label values", async () => {
    const registry = new Registry();
    new Gauge({ name: 'g', help: 'A gauge with "quotes" and a back\\slash.', labelNames: ['path'], registers: [registry] }).set({ path: 'C:\\x "y"\nz' }, 1.5);
    new Counter({ name: 'c_total', help: 'A counter.', registers: [registry] }).inc(3);
    new Histogram({ name: 'h_seconds', help: 'A histogram.', buckets: [0.1, 1], registers: [registry] }).observe(0.5);
    new Summary({ name: 's', help: 'A summary.', percentiles: [0.5], registers: [registry] }).observe(2);
    const families = parseExposition(await registry.metrics());
    expect([...families.keys()]).toEqual(['g', 'c_total', 'h_seconds', 's']);
    expect(families.get('g')!.samples).toEqual([{ name: 'g', labels: { path: 'C:\\x "y"\nz' }, value: 1.5 }]);
    expect(families.get('c_total')).toMatchObject({ type: 'counter', samples: [{ value: 3 }] });
    const histogram = families.get('h_seconds')!;
    expect(histogram.type).toBe('histogram');
    expect(histogram.samples.map((s) => `${s.name}${formatLabels(s.labels)} ${s.value}`)).toEqual([
      'h_seconds_bucket{le="0.1"} 0',
      'h_seconds_bucket{le="1"} 1',
      'h_seconds_bucket{le="+Inf"} 1',
      'h_seconds_sum 0.5',
      'h_seconds_count 1',
    ]);
    expect(families.get('s')!.samples.map((s) => s.name)).toEqual(['s', 's_sum', 's_count']);
  });

  it('reads special values, timestamps and plain comments', () => {
    const families = parseExposition('# a comment\n# TYPE x gauge\nx{a="1"} +Inf 1700000000000\nx{a="2"} -Inf\nx{a="3"} NaN\nx{a="4"} 1e-3\n');
    expect(families.get('x')!.samples.map((s) => s.value)).toEqual([Infinity, -Infinity, NaN, 0.001]);
  });

  it.each([
    ['a series twice', '# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2\n', /line 3: the series x\{a="1"\} appears twice/],
    ['a TYPE after samples', 'x 1\n# TYPE x gauge\n', /line 2: the TYPE of x comes after its samples/],
    ['a family split by another', '# TYPE x gauge\nx{a="1"} 1\n# TYPE y gauge\ny 1\nx{a="2"} 1\n', /line 5: the family x appears again/],
    ['a second HELP', '# HELP x one\n# HELP x two\n', /line 2: a second HELP/],
    ['an unknown TYPE', '# TYPE x meter\n', /unknown TYPE "meter"/],
    ['an unknown escape', 'x{a="\\t"} 1\n', /unknown escape/],
    ['an unclosed label value', 'x{a="1} 1\n', /not closed/],
    ['a label given twice', 'x{a="1",a="2"} 1\n', /given twice/],
    ['a value that is not a number', 'x one\n', /"one" is not a sample value/],
    ['no value', 'x\n', /has no value/],
    ['a bad metric name', '1x 1\n', /not a sample line/],
    ['no newline at the end', 'x 1', /the last line has no newline/],
  ])('refuses %s, naming the line', (_what, text, message) => {
    expect(() => parseExposition(text)).toThrow(ExpositionError);
    expect(() => parseExposition(text)).toThrow(message);
  });
});
