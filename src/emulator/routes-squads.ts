/**
 * Squads.
 */
import type { DeskbeeResourcePaths } from '../deskbee/resource-paths.js';
import type { Route } from './router.js';
import { listAnswer } from './routes-common.js';
import { squadSearchKeys } from './search.js';
import { squadJson } from './serialize.js';
import type { EmulatorState } from './state.js';

export function squadRoutes(state: EmulatorState, paths: DeskbeeResourcePaths): Route[] {
  const one = `${paths.squads}/{uuid}`;
  return [
    {
      method: 'GET',
      template: paths.squads,
      write: false,
      // `user_scope` (filter by a user's spatial restrictions) is accepted and ignored.
      handle: (req) => listAnswer(req, paths.squads, state.listSquads(), squadSearchKeys, squadJson),
    },
    {
      method: 'POST',
      template: paths.squads,
      write: true,
      handle: (req) => ({ status: 201, body: { data: squadJson(state.createSquad(req.body)) } }),
    },
    {
      method: 'GET',
      template: one,
      write: false,
      handle: (req) => ({ status: 200, body: { data: squadJson(state.getSquad(req.params.uuid ?? '')) } }),
    },
    {
      method: 'PUT',
      template: one,
      write: true,
      handle: (req) => ({ status: 200, body: { data: squadJson(state.updateSquad(req.params.uuid ?? '', req.body)) } }),
    },
    {
      method: 'DELETE',
      template: one,
      write: true,
      handle: (req) => ({ status: 200, body: { data: squadJson(state.deleteSquad(req.params.uuid ?? '')) } }),
    },
  ];
}
