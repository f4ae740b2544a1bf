import { describe, expect, it } from 'vitest';
import { demoChanges, demoWorkforce } from '../../src/demo/sample-hr-demo.js';
import { runCli } from '../support/cli-harness.js';

/** The demo's output cut at its `== ` headings: heading → the text under it, up to the next heading. */
function sections(stdout: string): { heading: string; text: string }[] {
  return stdout
    .split(/\n== /)
    .slice(1)
    .map((part) => ({ heading: part.slice(0, part.indexOf('\n')), text: part }));
}

describe('`deskbee-sync demo` with nothing configured', () => {
  it("plans and applies day 1, shows exactly day 2's four HR changes, then converges", async () => {
    const result = await runCli(['demo'], { PATH: process.env.PATH, NO_COLOR: '1' });
    expect(result.stderr).not.toMatch(/deskbee-sync:/);
    expect(result.code).toBe(0);
    const parts = sections(result.stdout);
    const find = (start: string, nth = 0) => parts.filter((p) => p.heading.startsWith(start))[nth]?.text ?? '';

    const people = demoWorkforce().people.length;
    expect(find('Day 1')).toMatch(new RegExp(`create user\\s+${people}\\n`));
    expect(find('Applying it', 0)).toMatch(/Result\s+335 applied, 0 unconfirmed, 0 failed, 0 skipped/);

    const story = demoChanges(demoWorkforce());
    const day2 = find('Day 2: the plan');
    expect(day2).toContain('Changes to make (5)');
    expect(day2).toContain(`${story.rename.to}"`);
    expect(day2).toContain(`to squad ${story.move.to}`);
    expect(day2).toContain(`from squad ${story.move.from}`);
    expect(day2).toContain(`Would deactivate user ${story.leaver.email}`);
    expect(day2).toContain(`"${story.costCenter.from.code}" → "${story.costCenter.to.code}"`);
    expect(find('Applying it', 1)).toMatch(/Result\s+5 applied, 0 unconfirmed, 0 failed, 0 skipped/);
    expect(find('Day 3')).toContain('No changes');
  });
});
