/**
 * The handler of every change kind, by kind (change-handler.ts). The planner,
 * the applier, the verifier, the safety check and the reports dispatch
 * through `changeHandlers`; its type names every kind of the union, so a kind
 * without a handler does not compile.
 */
import type { Change, ChangeKind, Stage } from '../../plan/plan-types.js';
import { stages } from '../../plan/plan-types.js';
import type { ChangeHandler, ChangeHandlers } from './change-handler.js';
import { createCostCenter, deleteCostCenter, updateCostCenter } from './cost-center-kinds.js';
import { addMembers, removeMembers } from './membership-kinds.js';
import { createSquad, deleteSquad, linkSquad, renameSquad } from './squad-kinds.js';
import { createTag, removeUserTag } from './tag-kinds.js';
import { createUser, deactivateUser, deleteUser, linkUser, reactivateUser, updateUser } from './user-kinds.js';

export type { ChangeHandler, ChangeHandlers, ChangeOf, ChangeSign, DeskbeeNow, SafetyCounter, SentenceContext, SentenceTense } from './change-handler.js';
export { SkipChange, type Executed, type ExecutorDeps } from './execute-support.js';

/** Every kind's handler. The order of the keys is the order reports list kinds in. */
export const changeHandlers: ChangeHandlers = {
  createCostCenter,
  updateCostCenter,
  createSquad,
  renameSquad,
  linkSquad,
  createTag,
  createUser,
  linkUser,
  updateUser,
  reactivateUser,
  addMembers,
  removeMembers,
  deactivateUser,
  deleteUser,
  deleteSquad,
  deleteCostCenter,
  removeUserTag,
};

/** Every change kind, in the order reports list them. */
export const changeKinds = Object.keys(changeHandlers) as ChangeKind[];

/** The stage a kind runs in (its handler's). */
export function stageOfKind(kind: ChangeKind): Stage {
  return changeHandlers[kind].stage;
}

/** Stages in apply order, each with its kinds. */
export const kindsByStage: ReadonlyMap<Stage, ChangeKind[]> = new Map(stages.map((stage) => [stage, changeKinds.filter((kind) => stageOfKind(kind) === stage)]));

/**
 * The handler of one change, typed to take that change. The record's type
 * ties each kind to its handler; TypeScript cannot follow that through a
 * union-typed lookup, which is the one thing this cast says.
 */
export function handlerOf(change: Pick<Change, 'kind'>): ChangeHandler<ChangeKind> {
  return changeHandlers[change.kind] as unknown as ChangeHandler<ChangeKind>;
}
