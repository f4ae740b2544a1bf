/**
 * User tags: list and create as in the reference (the path is a guess), and
 * remove, a guess at `DELETE /users/tags/{uuid}` that `tagRemoval` can switch
 * off the ways a real Deskbee may lack it.
 */
import type { DeskbeeResourcePaths } from '../deskbee/resource-paths.js';
import type { FaultSettings } from './faults.js';
import { MethodNotAllowed, problems } from './problems.js';
import type { Route } from './router.js';
import { listAnswer } from './routes-common.js';
import { tagSearchKeys } from './search.js';
import { tagJson } from './serialize.js';
import type { EmulatorState } from './state.js';

export function tagRoutes(state: EmulatorState, paths: DeskbeeResourcePaths, faults: () => Readonly<FaultSettings>): Route[] {
  return [
    {
      method: 'GET',
      template: paths.userTags,
      write: false,
      handle: (req) => listAnswer(req, paths.userTags, state.listTags(), tagSearchKeys, tagJson),
    },
    {
      method: 'POST',
      template: paths.userTags,
      write: true,
      // The reference's sample answers `"data": [ ]`: an array, holding the new tag.
      handle: (req) => ({ status: 201, body: { data: [tagJson(state.createTag(req.body))] } }),
    },
    {
      method: 'DELETE',
      template: `${paths.userTags}/{uuid}`,
      write: true,
      refused: (method, path) => {
        const mode = faults().tagRemoval;
        if (mode === 'method-not-allowed') return new MethodNotAllowed(method, path.replace(/^\//, ''), ['GET', 'HEAD']);
        return mode === 'not-found' ? problems.notFound() : undefined;
      },
      // Like the user's and the squad's removal: 200 with the removed entity.
      handle: (req) => ({ status: 200, body: { data: tagJson(state.deleteTag(req.params.uuid ?? '')) } }),
    },
  ];
}
