/**
 * Cost centers (the path is a guess; see resource-paths.ts).
 */
import type { DeskbeeResourcePaths } from '../deskbee/resource-paths.js';
import type { Route } from './router.js';
import { listAnswer } from './routes-common.js';
import { costCenterSearchKeys } from './search.js';
import { costCenterJson } from './serialize.js';
import type { EmulatorState } from './state.js';

export function costCenterRoutes(state: EmulatorState, paths: DeskbeeResourcePaths): Route[] {
  const one = `${paths.costCenters}/{uuid}`;
  return [
    {
      method: 'GET',
      template: paths.costCenters,
      write: false,
      handle: (req) => listAnswer(req, paths.costCenters, state.listCostCenters(), costCenterSearchKeys, costCenterJson),
    },
    {
      method: 'POST',
      template: paths.costCenters,
      write: true,
      handle: (req) => ({ status: 201, body: { data: costCenterJson(state.createCostCenter(req.body)) } }),
    },
    {
      method: 'GET',
      template: one,
      write: false,
      handle: (req) => ({ status: 200, body: { data: costCenterJson(state.getCostCenter(req.params.uuid ?? '')) } }),
    },
    {
      method: 'PUT',
      template: one,
      write: true,
      handle: (req) => ({ status: 200, body: { data: costCenterJson(state.updateCostCenter(req.params.uuid ?? '', req.body)) } }),
    },
    {
      method: 'DELETE',
      template: one,
      write: true,
      handle: (req) => ({ status: 200, body: { data: costCenterJson(state.deleteCostCenter(req.params.uuid ?? '')) } }),
    },
  ];
}
