/**
 * Users and bulk squad membership. The user-field faults in force are read
 * per request: undeclared body fields are dropped before validation, altered
 * ones normalised before they are stored, hidden ones left out of every user
 * representation.
 */
import type { DeskbeeResourcePaths } from '../deskbee/resource-paths.js';
import type { RequestInfo, Route } from './router.js';
import { type IndexedCandidates, listAnswer, parseInclude } from './routes-common.js';
import { exactTerm, userSearchKeys } from './search.js';
import { secondsFormatter, userJson } from './serialize.js';
import type { EmulatorState, StoredUserChanges } from './state.js';
import type { UserEntity } from './records.js';
import { alterChanges, dropUndeclared, hideFields, type UserFieldFaults } from './user-field-faults.js';

export function userRoutes(state: EmulatorState, paths: DeskbeeResourcePaths, fields: () => Readonly<UserFieldFaults>): Route[] {
  const one = `${paths.users}/{uuid}`;
  const withSquads = (req: RequestInfo) => parseInclude(req, ['squads']).has('squads');
  const body = (req: RequestInfo) => dropUndeclared(req.body, fields().undeclaredUserFields);
  const stored: StoredUserChanges = (changes) => {
    const altered = fields().alteredUserFields;
    return Object.keys(altered).length === 0 ? changes : alterChanges(changes, altered);
  };
  const render = (user: UserEntity, includeSquads: boolean, iso?: (ms: number) => string) => {
    const hidden = fields().hiddenUserFields;
    const json = userJson(user, state, includeSquads, iso);
    return hidden.length === 0 ? json : hideFields(json, hidden);
  };
  // An exact email or enrollment term is answered from the unique index, not by reading every user.
  const candidates: IndexedCandidates<UserEntity> = (terms) => {
    for (const key of ['email', 'enrollment'] as const) {
      const value = exactTerm(terms, key);
      if (value === undefined) continue;
      const user = state.findUser(key, value);
      return user ? [user] : [];
    }
    return undefined;
  };
  return [
    {
      method: 'GET',
      template: paths.users,
      write: false,
      handle: (req) => {
        const squads = withSquads(req);
        const iso = secondsFormatter();
        return listAnswer(req, paths.users, state.listUsers(), userSearchKeys, (u) => render(u, squads, iso), candidates);
      },
    },
    {
      method: 'POST',
      template: paths.users,
      write: true,
      handle: (req) => ({ status: 201, body: { data: render(state.createUser(body(req), stored), false) } }),
    },
    {
      method: 'GET',
      template: one,
      write: false,
      handle: (req) => {
        const squads = withSquads(req);
        return { status: 200, body: { data: render(state.getUser(req.params.uuid ?? ''), squads) } };
      },
    },
    {
      method: 'PUT',
      template: one,
      write: true,
      handle: (req) => ({ status: 200, body: { data: render(state.updateUser(req.params.uuid ?? '', body(req), stored), false) } }),
    },
    {
      method: 'DELETE',
      template: one,
      write: true,
      handle: (req) => {
        const user = state.getUser(req.params.uuid ?? '');
        // Render while its tags and cost center are still resolvable, then remove.
        const answer = { data: render(user, false) };
        state.deleteUser(user.uuid);
        return { status: 200, body: answer };
      },
    },
    {
      method: 'POST',
      template: paths.membershipAdd,
      write: true,
      handle: (req) => {
        state.addMembership(req.body);
        return { status: 200, body: { data: '' } };
      },
    },
    {
      method: 'DELETE',
      template: paths.membershipRemove,
      write: true,
      handle: (req) => {
        state.removeMembership(req.body);
        return { status: 200, body: { data: '' } };
      },
    },
  ];
}
