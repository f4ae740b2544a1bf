/**
 * User tags: list and create only, as in the reference (the path is a guess).
 */
import type { DeskbeeResourcePaths } from '../deskbee/resource-paths.js';
import type { Route } from './router.js';
import { listAnswer } from './routes-common.js';
import { tagSearchKeys } from './search.js';
import { tagJson } from './serialize.js';
import type { EmulatorState } from './state.js';

export function tagRoutes(state: EmulatorState, paths: DeskbeeResourcePaths): Route[] {
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
  ];
}
