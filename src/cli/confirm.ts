import { createInterface } from 'node:readline/promises';
import { UsageError } from '../errors.js';

/**
 * Asks before writing, unless `--yes`. With no terminal to ask on (a job),
 * refuses rather than guessing.
 */
export async function confirmApply(question: string, yes: boolean, input: NodeJS.ReadableStream & { isTTY?: boolean }, output: NodeJS.WritableStream): Promise<boolean> {
  if (yes) return true;
  if (!input.isTTY) {
    throw new UsageError('nothing was written: there is no terminal to confirm on. Pass --yes (for jobs), or save the plan with `plan --out FILE` and apply that file.');
  }
  const rl = createInterface({ input, output });
  try {
    const answer = await rl.question(`${question} Type "yes" to go ahead: `);
    return answer.trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}
