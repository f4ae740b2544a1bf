/**
 * How far V8 lets the JavaScript heap grow past what its last full
 * collection kept before it collects again. V8 picks a factor of its own
 * (up to 4×) when memory looks free, which suits a server with a heap of
 * its own; a sync job shares its machine, and its peak memory is what an
 * operator sizes for. deskbee-sync asks for 25% by default: a 100,000-person
 * plan peaks a quarter to a third lower and takes a quarter to two fifths
 * longer (figures in the README).
 *
 * `DESKBEE_SYNC_HEAP_GROWTH` sets the percent (5 to 400), or `v8` leaves
 * V8's own choice; a `--heap-growing-percent` given to Node itself on its
 * command line is left as given.
 */
import { setFlagsFromString } from 'node:v8';

/** The growth asked for when nothing else is set, in percent. */
export const defaultHeapGrowthPercent = 25;

const nodeFlag = '--heap-growing-percent';

/** The V8 flag to set, nothing to set, or why the setting is refused. */
export function heapGrowthFlag(env: NodeJS.ProcessEnv, execArgv: readonly string[]): { flag: string | undefined } | { error: string } {
  if (execArgv.some((arg) => arg.replaceAll('_', '-').startsWith(nodeFlag))) return { flag: undefined };
  const value = env.DESKBEE_SYNC_HEAP_GROWTH?.trim();
  if (value === undefined || value === '') return { flag: `${nodeFlag}=${defaultHeapGrowthPercent}` };
  if (value.toLowerCase() === 'v8') return { flag: undefined };
  const percent = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(percent >= 5 && percent <= 400)) {
    return { error: `DESKBEE_SYNC_HEAP_GROWTH is ${JSON.stringify(value)}: give a whole percent from 5 to 400 (default ${defaultHeapGrowthPercent}), or "v8" to leave V8's own heap growth; nothing was run.` };
  }
  return { flag: `${nodeFlag}=${percent}` };
}

/** Sets the heap growth for this process; returns an error message, or undefined when set. */
export function setHeapGrowth(env: NodeJS.ProcessEnv, execArgv: readonly string[]): string | undefined {
  const chosen = heapGrowthFlag(env, execArgv);
  if ('error' in chosen) return chosen.error;
  if (chosen.flag) setFlagsFromString(chosen.flag);
  return undefined;
}
