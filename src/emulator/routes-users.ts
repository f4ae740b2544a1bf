/**
 * Users and bulk squad membership.
 */
import type { DeskbeeResourcePaths } from '../deskbee/resource-paths.js';
import type { Route } from './router.js';
import { listAnswer, parseInclude } from './routes-common.js';
import { userSearchKeys } from './search.js';
import { userJson } from './serialize.js';
import type { EmulatorState } from './state.js';

export function userRoutes(state: EmulatorState, paths: DeskbeeResourcePaths): Route[] {
  const one = `${paths.users}/{uuid}`;
  const withSquads = (req: Parameters<Route['handle']>[0]) => parseInclude(req, ['squads']).has('squads');
  return [
    {
      method: 'GET',
      template: paths.users,
      write: false,
      handle: (req) => {
        const squads = withSquads(req);
        return listAnswer(req, paths.users, state.listUsers(), userSearchKeys, (u) => userJson(u, state, squads));
      },
    },
    {
      method: 'POST',
      template: paths.users,
      write: true,
      handle: (req) => ({ status: 201, body: { data: userJson(state.createUser(req.body), state, false) } }),
    },
    {
      method: 'GET',
      template: one,
      write: false,
      handle: (req) => {
        const squads = withSquads(req);
        return { status: 200, body: { data: userJson(state.getUser(req.params.uuid ?? ''), state, squads) } };
      },
    },
    {
      method: 'PUT',
      template: one,
      write: true,
      handle: (req) => ({ status: 200, body: { data: userJson(state.updateUser(req.params.uuid ?? '', req.body), state, false) } }),
    },
    {
      method: 'DELETE',
      template: one,
      write: true,
      handle: (req) => {
        const user = state.getUser(req.params.uuid ?? '');
        // Render while its tags and cost center are still resolvable, then remove.
        const body = { data: userJson(user, state, false) };
        state.deleteUser(user.uuid);
        return { status: 200, body };
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
