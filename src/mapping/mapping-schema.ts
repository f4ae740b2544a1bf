/**
 * The mapping file's shape, as a zod schema. The same schema validates a
 * loaded file and, through `z.toJSONSchema`, produces
 * `mappings/mapping.schema.json` for editors. It therefore holds no zod
 * transforms (they cannot be expressed in JSON Schema): defaults only, and
 * refinements for what JSON Schema cannot say (regexes that must compile,
 * managed fields that must be mapped).
 */
import { z } from 'zod';
import { userFields } from '../model/directory.js';
import { documentPathProblem } from './document-path.js';
import { parseTemplate } from './template.js';

/** The mapping format version this code reads. */
export const mappingVersion = 1;

/** Transforms written as a bare word in a `transforms` list. */
export const wordTransforms = ['trim', 'lower', 'upper', 'first', 'guid', 'hex', 'base64'] as const;
export type WordTransform = (typeof wordTransforms)[number];

/** Transforms written as a one-key object in a `transforms` list. */
export const objectTransforms = ['replace', 'default', 'split', 'lookup'] as const;

/** Every transform name, for messages. */
export const transformNames: readonly string[] = [...wordTransforms, ...objectTransforms];

/** The keys `match` may list: Deskbee fields that are unique per account. */
export const matchKeys = ['email', 'enrollment', 'identifier'] as const;
export type MatchKey = (typeof matchKeys)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A regex with flags must compile; `g` is implied and not written. */
function regexProblem(pattern: string, flags: string | undefined): string | undefined {
  try {
    new RegExp(pattern, flags ?? '');
    return undefined;
  } catch (error) {
    return `the regular expression does not compile: ${(error as Error).message}`;
  }
}

const replaceSpec = z
  .strictObject({
    pattern: z.string().min(1).describe('A JavaScript regular expression. Every match is replaced.'),
    with: z.string().default('').describe('Replacement text; `$1`, `$2` … insert capture groups. Default: empty (removes the match).'),
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'flags may only contain i, m, s and u (every match is replaced already)')
      .optional()
      .describe('Regex flags: i (ignore case), m, s, u. Default: none.'),
  })
  .superRefine((spec, ctx) => {
    const problem = regexProblem(spec.pattern, spec.flags);
    if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
  });

const lookupSpec = z.strictObject({
  table: z
    .record(z.string(), z.union([scalar, z.null()]).describe('text, a number, true/false, or null to drop the value'))
    .describe('Input value → output value. Keys match exactly (use `lower` first to ignore case). A null output drops the value.'),
  otherwise: z
    .union([scalar, z.null()])
    .optional()
    .describe('Output for a value the table does not list; null drops it. Without it, such a value is an entry issue.'),
});

const objectTransform = z
  .strictObject({
    replace: replaceSpec.optional().describe('Regex replace on every value.'),
    default: scalar.optional().describe('The value to use when there is none at this point.'),
    split: z.string().min(1).optional().describe('Splits every value at this separator (for squads, tags and other lists).'),
    lookup: lookupSpec.optional().describe('Translates every value through a table.'),
  })
  .meta({ minProperties: 1, maxProperties: 1 })
  .superRefine((step, ctx) => {
    const keys = Object.keys(step);
    if (keys.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        // An item whose only key is unknown also arrives here empty: the unknown key says it better.
        params: { unlessDeeper: keys.length === 0 },
        message:
          keys.length === 0
            ? 'an empty transform: write a transform name or one of replace, default, split, lookup'
            : `one transform per list item: ${keys.join(' and ')} must be separate items`,
      });
    }
  });

const transform = z
  .union([z.enum(wordTransforms), objectTransform])
  .describe(
    'trim, lower, upper, first (keep the first value), guid (AD objectGUID bytes → GUID text), hex, base64, ' +
      'or one of {replace: {pattern, with, flags}}, {default: x}, {split: ","}, {lookup: {table, otherwise}}',
  )
  .meta({ id: 'Transform' });

const documentPath = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    const problem = documentPathProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Where one value comes from, and how it is turned into Deskbee's value. */
export const valueExpressionSchema = z
  .strictObject({
    from: z.string().min(1).optional().describe('The attribute (CSV column, LDAP attribute) to read.'),
    path: z
      .union([documentPath, z.array(documentPath).min(1)])
      .optional()
      .describe(
        'A path into the whole document of a source that reads JSON resources (SCIM), e.g. \'emails[type eq "work"].value\', ' +
          "'groups[].display' or 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber'. " +
          'A list of paths is tried in order: the first that gives a value wins.',
      ),
    template: z
      .string()
      .optional()
      .describe('Text with {attribute} placeholders, e.g. "{first_name} {last_name}". {{ and }} write literal braces.'),
    value: scalar.optional().describe('A constant: text, a number or true/false.'),
    transforms: z.array(transform).default([]).describe('Applied in order. Default: none.'),
    optional: z
      .boolean()
      .optional()
      .describe('true: an entry without a value gets the neutral value instead of an issue. Default: false (true for squads and tags).'),
  })
  .superRefine((expr, ctx) => {
    const inputs = (['from', 'path', 'template', 'value'] as const).filter((k) => expr[k] !== undefined);
    if (inputs.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          inputs.length === 0
            ? 'say where the value comes from: from (an attribute), path (a path into a JSON document), template or value (a constant)'
            : `${inputs.join(' and ')} cannot be used together: pick one`,
      });
    }
    if (expr.template !== undefined) {
      const parsed = parseTemplate(expr.template);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', path: ['template'], message: parsed });
    }
  })
  .meta({ id: 'ValueExpression', description: 'A value: one of from, path, template or value, then transforms in order.' });
export type ValueExpression = z.output<typeof valueExpressionSchema>;
export type Transform = ValueExpression['transforms'][number];

/** Which names (squads, tags) the engine owns. */
const nameMatcherSchema = z
  .union([
    z.enum(['all', 'none', 'groups']),
    z.strictObject({ names: z.array(z.string().min(1)).describe('Exactly these names.') }),
    z.strictObject({ prefix: z.string().min(1).describe('Names starting with this text.') }),
    z
      .strictObject({ pattern: z.string().min(1).describe('Names matching this regular expression.') })
      .superRefine((m, ctx) => {
        const problem = regexProblem(m.pattern, undefined);
        if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
      }),
  ])
  .meta({
    id: 'NameMatcher',
    description: 'all, none, groups (squads only: those the source\'s group entries define), {names: [...]}, {prefix: "..."} or {pattern: "..."}.',
  });
export type NameMatcherSpec = z.output<typeof nameMatcherSchema>;

const costCenterSchema = z.strictObject({
  code: valueExpressionSchema.describe('The cost center code: its key in Deskbee.'),
  name: valueExpressionSchema.describe('The cost center name.'),
  description: valueExpressionSchema.optional().describe('The cost center description. Default: none.'),
});

const fieldsSchema = z.strictObject({
  name: valueExpressionSchema.describe('Display name. Required.'),
  email: valueExpressionSchema.describe('Email address; must be valid, stored lower-cased. Required.'),
  enrollment: valueExpressionSchema.optional().describe('Employee number; unique in Deskbee.'),
  identifier: valueExpressionSchema.optional().describe('Deskbee identifier.'),
  status: valueExpressionSchema
    .optional()
    .describe('Active or not: true/false, yes/no, 1/0, active/inactive, on/off. Default when not mapped: true.'),
  squads: valueExpressionSchema.optional().describe('Squad names (several values).'),
  costCenter: costCenterSchema.optional(),
  tags: valueExpressionSchema.optional().describe('Tag names (several values).'),
  documents: z
    .record(z.string().min(1), valueExpressionSchema)
    .optional()
    .describe('Document type → value, e.g. badge: {from: badge_number}.'),
});
export type FieldsSpec = z.output<typeof fieldsSchema>;

const groupsSchema = z
  .strictObject({
    externalId: valueExpressionSchema.describe("The group's immutable key (objectGUID, entryUUID)."),
    name: valueExpressionSchema.describe('The squad name the group becomes.'),
  })
  .describe('How group entries (LDAP groups) become squads.');

const managedSchema = z
  .strictObject({
  fields: z.array(z.enum(userFields)).describe('User fields the engine may write. Each must be mapped under fields.'),
  squads: nameMatcherSchema
    .default('none')
    .describe('Squads whose membership the engine owns. `groups`: the squads the source\'s groups define (LDAP). Default: none.'),
  tags: nameMatcherSchema.default('none').describe('Tags the engine owns on users. Default: none.'),
  })
  .superRefine((managed, ctx) => {
    if (managed.tags === 'groups') ctx.addIssue({ code: 'custom', path: ['tags'], message: 'groups applies to squads only: for tags use all, none, names, prefix or pattern' });
  });


/** The whole mapping file. */
export const mappingSchema = z
  .strictObject({
    version: z.literal(mappingVersion).describe('The mapping format version: 1.'),
    source: z.string().min(1).describe('The configured source this mapping reads, e.g. hr-csv.'),
    externalId: valueExpressionSchema.describe("The person's immutable key in the source (never the email)."),
    match: z
      .array(z.enum(matchKeys))
      .default([])
      .describe('How a Deskbee user not yet linked is adopted, tried in order. Default: [] (never adopt).'),
    fields: fieldsSchema,
    tagAccess: z.enum(['public', 'private']).default('private').describe('Access of the tags this mapping creates. Default: private.'),
    groups: groupsSchema.optional(),
    managed: managedSchema,
  })
  .meta({ title: 'deskbee-sync mapping', description: 'How one source becomes Deskbee users, squads, cost centers and tags.' })
  .superRefine((m, ctx) => {
    const required: [string[], ValueExpression][] = [
      [['externalId'], m.externalId],
      [['fields', 'name'], m.fields.name],
      [['fields', 'email'], m.fields.email],
    ];
    for (const [path, expr] of required) {
      if (expr.optional) {
        ctx.addIssue({ code: 'custom', path: [...path, 'optional'], message: `${path.at(-1)} is required for every entry and cannot be optional` });
      }
    }
    m.managed.fields.forEach((field, i) => {
      if (m.fields[field] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['managed', 'fields', i],
          message: `${field} is listed as managed but fields.${field} is not mapped; managing it would clear it on every user. Map it or remove it from managed.fields`,
        });
      }
    });
    m.match.forEach((key, i) => {
      if (m.fields[key] === undefined) {
        ctx.addIssue({ code: 'custom', path: ['match', i], message: `match by ${key} needs fields.${key} to be mapped` });
      }
    });
    if (m.fields.documents && Object.keys(m.fields.documents).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['fields', 'documents'], message: 'documents lists no document; remove it or add one' });
    }
  });

/** A validated mapping, with defaults filled in. */
export type Mapping = z.output<typeof mappingSchema>;
/** A mapping as written in a file, before defaults. */
export type MappingInput = z.input<typeof mappingSchema>;
