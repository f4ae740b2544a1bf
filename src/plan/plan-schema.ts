/**
 * The plan file and the apply document described with zod: what `apply
 * PLAN` checks a file against before anything else, and what the published
 * JSON Schemas (schemas/plan.schema.json, schemas/apply-result.schema.json)
 * are generated from. The type checks at the end keep these and the plan's
 * TypeScript types the same.
 */
import { z } from 'zod';
import { userFields } from '../model/directory.js';
import type { ApplyDocument } from './apply-document.js';
import type { ApplyResult } from './apply-result.js';
import { stages, type Change, type Plan } from './plan-types.js';

const userRef = z.object({ uuid: z.string().optional(), externalId: z.string().optional(), source: z.string().optional(), email: z.string(), name: z.string() });
const knownUser = userRef.extend({ uuid: z.string() });
const userValues = z
  .object({
    name: z.string(),
    email: z.string(),
    enrollment: z.string().nullable(),
    identifier: z.string().nullable(),
    status: z.boolean(),
    costCenter: z.string().nullable(),
    tags: z.array(z.string()),
    documents: z.record(z.string(), z.string()),
  })
  .partial();
const costCenter = z.object({ code: z.string(), name: z.string(), description: z.string().nullable() });
const base = { id: z.string(), description: z.string() };
const provenance = { origin: z.string().optional(), fieldsFrom: z.partialRecord(z.enum(userFields), z.string()).optional() };

export const changeSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('createCostCenter'), code: z.string(), after: costCenter }),
  z.object({ ...base, kind: z.literal('updateCostCenter'), uuid: z.string(), code: z.string(), before: costCenter, after: costCenter }),
  z.object({ ...base, kind: z.literal('createSquad'), name: z.string(), externalId: z.string().optional(), source: z.string().optional() }),
  z.object({ ...base, kind: z.literal('renameSquad'), uuid: z.string(), externalId: z.string().optional(), source: z.string().optional(), before: z.string(), after: z.string() }),
  z.object({ ...base, kind: z.literal('linkSquad'), uuid: z.string(), name: z.string(), externalId: z.string(), source: z.string().optional() }),
  z.object({ ...base, kind: z.literal('createTag'), name: z.string(), access: z.enum(['public', 'private']) }),
  z.object({ ...base, kind: z.literal('createUser'), user: userRef, after: userValues, recreated: z.object({ uuid: z.string(), deletedAt: z.string() }).optional(), ...provenance }),
  z.object({ ...base, kind: z.literal('updateUser'), user: knownUser, before: userValues, after: userValues, drift: z.array(z.enum(userFields)), ...provenance }),
  z.object({
    ...base,
    kind: z.literal('linkUser'),
    user: knownUser.extend({ externalId: z.string() }),
    matchedBy: z.enum(['enrollment', 'email', 'identifier']),
    previousExternalId: z.string().optional(),
    previousSource: z.string().optional(),
  }),
  z.object({ ...base, kind: z.literal('deactivateUser'), user: knownUser, reason: z.enum(['left', 'disabled']) }),
  z.object({ ...base, kind: z.literal('reactivateUser'), user: knownUser, reason: z.enum(['returned', 'enabled']) }),
  z.object({ ...base, kind: z.literal('addMembers'), squad: z.string(), squadUuid: z.string().optional(), users: z.array(userRef) }),
  z.object({ ...base, kind: z.literal('removeMembers'), squad: z.string(), squadUuid: z.string(), users: z.array(knownUser) }),
  z.object({ ...base, kind: z.literal('deleteUser'), user: knownUser.extend({ externalId: z.string() }), deactivatedAt: z.string() }),
  z.object({ ...base, kind: z.literal('deleteSquad'), uuid: z.string(), name: z.string(), externalId: z.string().optional(), source: z.string().optional() }),
  z.object({ ...base, kind: z.literal('deleteCostCenter'), uuid: z.string(), code: z.string(), name: z.string() }),
  z.object({ ...base, kind: z.literal('removeUserTag'), uuid: z.string(), name: z.string() }),
]);

/** A change kind's name: one of the union's. */
const changeKindSchema = z.enum(changeSchema.options.map((option) => option.shape.kind.value) as [Change['kind'], ...Change['kind'][]]);

const entryIssue = z.object({ origin: z.string(), line: z.number().optional(), field: z.string().optional(), message: z.string() });
const count = z.number().int().min(0);
const sourceInfo = z.object({ name: z.string(), kind: z.string(), fingerprint: z.string(), entries: count, mappingFingerprint: z.string() });

export const planSchema = z.object({
  version: z.literal(1),
  createdAt: z.string(),
  mode: z.enum(['sync', 'import']),
  source: sourceInfo,
  sources: z.array(sourceInfo).optional(),
  deskbee: z.object({ baseUrl: z.string(), client: z.string(), users: count, squads: count, costCenters: count, tags: count }),
  store: z.object({ id: z.string() }),
  accounting: z.object({
    people: z.object({ read: count, create: count, change: count, unchanged: count, leftOut: count, disabledNotInDeskbee: count, merged: count, notTaken: count }),
    groups: z.object({ read: count, leftOut: count }),
    leavers: count,
    bySource: z.array(z.object({ name: z.string(), people: count, leftOut: count, notTaken: count })).optional(),
  }),
  issues: z.array(entryIssue),
  drift: z.array(
    z.object({
      user: knownUser,
      field: z.enum(userFields),
      lastApplied: z.unknown(),
      actual: z.unknown(),
      desired: z.unknown(),
      resolution: z.enum(['overwritten', 'kept']),
    }),
  ),
  safety: z.object({
    verdicts: z.array(z.object({ limit: z.string(), value: z.number(), max: z.number(), ok: z.boolean(), message: z.string() })),
    overridden: z.array(z.string()),
  }),
  policy: z
    .object({
      leavers: z.object({ action: z.enum(['deactivate', 'delete']), deleteAfterDays: count, removeFromSquads: z.boolean() }),
      deleteUnused: z.object({ squads: z.boolean(), costCenters: z.boolean(), tags: z.boolean() }),
    })
    .optional(),
  heldBack: z.array(z.object({ kind: changeKindSchema, subject: z.string(), change: z.string(), reason: z.string() })).optional(),
  batches: z.array(z.object({ stage: z.enum(stages), changes: z.array(changeSchema) })),
  counts: z.record(z.string(), count),
  fingerprint: z.string(),
  seal: z.string().optional(),
});

const outcomeSchema = z.object({
  changeId: z.string(),
  kind: z.string(),
  description: z.string(),
  outcome: z.enum(['applied', 'unconfirmed', 'failed', 'skipped']),
  error: z.object({ status: z.number(), id: z.string(), message: z.string(), errors: z.record(z.string(), z.array(z.string())) }).optional(),
  unconfirmed: z.array(z.object({ field: z.string(), sentAs: z.string(), route: z.string(), readBack: z.string().nullable() })).optional(),
  reason: z.string().optional(),
});

export const applyResultSchema = z.object({
  planFingerprint: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  outcomes: z.array(outcomeSchema),
  counts: z.object({ applied: count, unconfirmed: count, failed: count, skipped: count }),
  stoppedByErrorBudget: z.boolean(),
  requests: z
    .object({
      requests: count,
      retries: count,
      throttled: count,
      serverErrors: count,
      networkErrors: count,
      tokenRequests: count,
      createsRecovered: count,
      byRoute: z.record(z.string(), count),
      ratePerSecond: z.number(),
    })
    .loose(),
});

export const applyDocumentSchema = z.object({
  version: z.literal(1),
  command: z.enum(['apply', 'import']),
  outcome: z.enum(['no-changes', 'declined', 'applied', 'partial', 'refused', 'interrupted', 'failed']),
  exitCode: z.number().int(),
  runId: z.number().int().nullable(),
  plan: planSchema.nullable(),
  result: applyResultSchema.nullable(),
  error: z.string().nullable(),
});

// The schemas and the types stay one: each side must be assignable to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const changesAgree: Same<z.infer<typeof changeSchema>, Change> = true;
const plansAgree: Same<Omit<z.infer<typeof planSchema>, 'counts'>, Omit<Plan, 'counts'>> = true;
const resultsAgree: Same<Omit<z.infer<typeof applyResultSchema>, 'outcomes' | 'requests'>, Omit<ApplyResult, 'outcomes' | 'requests'>> = true;
const documentsAgree: Same<z.infer<typeof applyDocumentSchema>['outcome'], ApplyDocument['outcome']> = true;
export const schemasAgree = changesAgree && plansAgree && resultsAgree && documentsAgree;
