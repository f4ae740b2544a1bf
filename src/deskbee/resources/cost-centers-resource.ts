import type { CostCenter, CostCenterInput } from '../schemas.js';
import { ResourceClient } from './resource-client.js';

/** Cost centers: list, get, create, edit, remove. Codes are unique. */
export class CostCentersResource extends ResourceClient<CostCenter> {
  /**
   * The cost center with this code, if any. Deskbee documents no search by
   * code, so the whole (short) list is read.
   */
  findByCode(code: string): Promise<CostCenter | undefined> {
    return this.findInList({}, (costCenter) => costCenter.code === code);
  }

  /** Creates a cost center; after an unknown outcome, looks it up by code first. */
  create(input: CostCenterInput): Promise<CostCenter> {
    return this.createRecovering(input, () => this.findByCode(input.code));
  }

  override update(uuid: string, input: CostCenterInput): Promise<CostCenter> {
    return super.update(uuid, input);
  }
}
