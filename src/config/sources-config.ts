/**
 * The configuration of several sources: each entry a source with its
 * mapping, and the `merge` section that makes one desired state of them
 * (src/merge/). A configuration names one source (`source` + `mapping`) or
 * several (`sources`), never both.
 */
import { z } from 'zod';
import { userFields } from '../model/directory.js';
import { sourceConfigSchema } from '../sources/source-kinds.js';

/** An entry of `sources:`, written like a one-source configuration: its `source` and its `mapping` file. */
export const sourceEntrySchema = z.strictObject({
  source: sourceConfigSchema,
  /** Path of this source's mapping file, relative to the configuration file. */
  mapping: z.string().min(1),
});

/** How the same person is recognised across sources, and which source wins each field. */
export const mergeConfigSchema = z.strictObject({
  /**
   * The mapped field that names the same person in every source: `email`,
   * `enrollment` or `identifier`. Required: merging on the wrong key would
   * make two people one.
   */
  join: z.enum(['email', 'enrollment', 'identifier']),
  /**
   * Per field, the sources to take it from, first with a value wins, e.g.
   * `{ email: [ad, hr], costCenter: [hr, ad] }`. Default for a field not
   * listed: the order of `sources`.
   */
  fields: z.partialRecord(z.enum(userFields), z.array(z.string().min(1)).min(1)).default({}),
  /**
   * The sources that own people: someone is a leaver only when gone from
   * every one of them. Default: the first source.
   */
  owners: z.array(z.string().min(1)).min(1).optional(),
  /**
   * A person only in sources that do not own people (in HR, without an AD
   * account): `ignore` them, `report` them as left out (default), or
   * `create` them.
   */
  secondaryOnly: z.enum(['ignore', 'report', 'create']).default('report'),
});

export type MergeConfig = z.output<typeof mergeConfigSchema>;

type SourcesShape = {
  source?: { name: string } | undefined;
  mapping?: string | undefined;
  sources?: { source: { name: string } }[] | undefined;
  merge?: MergeConfig | undefined;
};

/** One source or several, named once each, and a merge that names only them. */
export function checkSources(config: SourcesShape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (config.source && config.sources) return issue(['sources'], "give either 'source' (with 'mapping') or 'sources', not both");
  if (!config.source && !config.sources) return issue([], "the configuration needs a 'source' (with 'mapping') or a list of 'sources'");
  if (config.source && !config.mapping) return issue(['mapping'], "the source needs its 'mapping' file");
  const names = config.sources?.map((s) => s.source.name) ?? [config.source!.name];
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i) issue(['sources', i, 'source', 'name'], `two sources are named '${name}': each source needs its own name (links are kept per source)`);
  });
  if (names.length > 1 && !config.merge) issue(['merge'], "several sources need a 'merge' section saying how the same person is recognised ('join') and which source wins each field");
  const merge = config.merge;
  if (!merge) return;
  for (const [field, list] of Object.entries(merge.fields)) {
    for (const name of list ?? []) if (!names.includes(name)) issue(['merge', 'fields', field], `'${name}' is not a configured source (${names.join(', ')})`);
  }
  for (const name of merge.owners ?? []) if (!names.includes(name)) issue(['merge', 'owners'], `'${name}' is not a configured source (${names.join(', ')})`);
}
