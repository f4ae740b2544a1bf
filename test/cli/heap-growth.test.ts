import { describe, expect, it } from 'vitest';
import { defaultHeapGrowthPercent, heapGrowthFlag } from '../../src/cli/heap-growth.js';
import { runBuilt } from '../support/built-cli.js';

describe('DESKBEE_SYNC_HEAP_GROWTH through the built command', () => {
  it('refuses a value that is not a percent from 5 to 400 with exit 3, naming the variable and the value', async () => {
    for (const value of ['lots', '1000', '2', '25%']) {
      const result = await runBuilt(['--version'], { DESKBEE_SYNC_HEAP_GROWTH: value });
      expect(result.code, value).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`DESKBEE_SYNC_HEAP_GROWTH is ${JSON.stringify(value)}`);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('runs with the default, a percent, or V8 left to choose', async () => {
    for (const env of [{}, { DESKBEE_SYNC_HEAP_GROWTH: '60' }, { DESKBEE_SYNC_HEAP_GROWTH: 'v8' }]) {
      const result = await runBuilt(['--version'], env);
      expect(result.code, JSON.stringify(env)).toBe(0);
      expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/);
    }
  });
});

describe('heapGrowthFlag', () => {
  it('asks V8 for the default growth when nothing is set', () => {
    expect(heapGrowthFlag({}, [])).toEqual({ flag: `--heap-growing-percent=${defaultHeapGrowthPercent}` });
  });

  it('takes the percent given, and leaves V8 alone for `v8` or a flag given to Node itself', () => {
    expect(heapGrowthFlag({ DESKBEE_SYNC_HEAP_GROWTH: '60' }, [])).toEqual({ flag: '--heap-growing-percent=60' });
    expect(heapGrowthFlag({ DESKBEE_SYNC_HEAP_GROWTH: 'V8' }, [])).toEqual({ flag: undefined });
    expect(heapGrowthFlag({}, ['--heap-growing-percent=10'])).toEqual({ flag: undefined });
    expect(heapGrowthFlag({ DESKBEE_SYNC_HEAP_GROWTH: 'lots' }, ['--heap_growing_percent=10'])).toEqual({ flag: undefined });
  });
});
