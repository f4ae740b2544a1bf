/**
 * The deskbird Public API's user and group reads: limit/offset lists in the
 * envelope `{total, limit, offset, data}`, single reads, and group members
 * where the membership setting puts them.
 */
import type { JsonAnswer, RequestInfo, Route } from '../router.js';
import type { DeskbirdFaultInjector, DeskbirdFaults } from './deskbird-faults.js';
import { deskbirdProblems } from './deskbird-problems.js';
import type { DeskbirdGroup, DeskbirdState, DeskbirdUser } from './deskbird-state.js';

/** The `limit` a list uses when none is given (documented). */
export const defaultDeskbirdLimit = 100;

/** The envelope of every list answer. */
export interface DeskbirdPage<T> {
  total: number;
  limit: number;
  offset: number;
  data: T[];
}

/** `offset` and `limit` of a list request, checked as the settings say. */
export function pageWindow(query: URLSearchParams, settings: Pick<DeskbirdFaults, 'maxLimit' | 'overMaxLimit'>): { offset: number; limit: number } {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number): number => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    if (!/^-?\d+$/.test(raw.trim())) {
      problems.push(`${name} must be an integer number`);
      return fallback;
    }
    const value = Number(raw);
    if (value < min) problems.push(`${name} must not be less than ${min}`);
    return value;
  };
  const offset = integer('offset', 0, 0);
  let limit = integer('limit', Math.min(defaultDeskbirdLimit, settings.maxLimit), 1);
  if (limit > settings.maxLimit) {
    if (settings.overMaxLimit === 'reject') problems.push(`limit must not be greater than ${settings.maxLimit}`);
    else limit = settings.maxLimit;
  }
  if (problems.length > 0) throw deskbirdProblems.badRequest(problems);
  return { offset, limit };
}

/** Routes over `state`; the settings are read on every request, so that changes apply at once. */
export function deskbirdRoutes(state: DeskbirdState, faults: Pick<DeskbirdFaultInjector, 'view' | 'totalDeltaFor'>): Route[] {
  const settings = () => faults.view();
  const userBody = (user: DeskbirdUser): Record<string, unknown> => {
    const body: Record<string, unknown> = {
      id: user.id,
      firstName: user.firstName,
      lastName: user.lastName,
      email: user.email,
      companyId: state.companyId,
      role: user.role,
      primaryOfficeId: user.primaryOfficeId,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    };
    if (settings().membership === 'userGroupIds') body.groupIds = state.groupIdsOf(user.id);
    return body;
  };
  const groupBody = (group: DeskbirdGroup, single: boolean): Record<string, unknown> => {
    const body: Record<string, unknown> = {
      id: group.id,
      name: group.name,
      description: group.description,
      companyId: state.companyId,
      createdAt: group.createdAt,
      updatedAt: group.updatedAt,
    };
    const mode = settings().membership;
    if (mode === 'memberIds' || (mode === 'detail' && single)) body.memberIds = [...group.memberIds];
    if (mode === 'members') body.members = group.memberIds.map((id) => ({ id, email: state.user(id)?.email ?? null }));
    return body;
  };
  const list = <T>(req: RequestInfo, template: string, rows: readonly T[], body: (row: T) => unknown): JsonAnswer => {
    const { offset, limit } = pageWindow(req.query, settings());
    const data: unknown[] = [];
    for (let i = offset; i < Math.min(rows.length, offset + limit); i++) data.push(body(rows[i] as T));
    const total = rows.length + faults.totalDeltaFor(`GET ${template}`);
    return { status: 200, body: { total, limit, offset, data } satisfies DeskbirdPage<unknown> };
  };
  const groupOf = (id: string): DeskbirdGroup => {
    const group = state.group(id);
    if (!group) throw deskbirdProblems.notFound('Group', id);
    return group;
  };
  return [
    { method: 'GET', template: '/users', write: false, handle: (req) => list(req, '/users', state.users, userBody) },
    {
      method: 'GET',
      template: '/users/{id}',
      write: false,
      handle: (req) => {
        const user = state.user(req.params.id ?? '');
        if (!user) throw deskbirdProblems.notFound('User', req.params.id ?? '');
        return { status: 200, body: userBody(user) };
      },
    },
    { method: 'GET', template: '/groups', write: false, handle: (req) => list(req, '/groups', state.groups, (g) => groupBody(g, false)) },
    { method: 'GET', template: '/groups/{id}', write: false, handle: (req) => ({ status: 200, body: groupBody(groupOf(req.params.id ?? ''), true) }) },
    {
      method: 'GET',
      template: '/groups/{id}/members',
      write: false,
      handle: (req) => {
        // Served only where the membership setting puts members; elsewhere it is a route that does not exist.
        if (settings().membership !== 'endpoint') throw deskbirdProblems.noRoute('GET', `/groups/${req.params.id ?? ''}/members`);
        const group = groupOf(req.params.id ?? '');
        const members: DeskbirdUser[] = [];
        for (const id of group.memberIds) {
          const user = state.user(id);
          if (user) members.push(user);
        }
        return list(req, '/groups/{id}/members', members, userBody);
      },
    },
  ];
}
