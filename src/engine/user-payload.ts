import type { UserInput } from '../deskbee/schemas.js';
import type { UserValues } from '../plan/plan-types.js';
import type { UuidResolver } from './uuid-resolver.js';

/** A value the plan refers to that Deskbee does not have (its create failed). */
export class UnresolvedReference extends Error {}

/**
 * The body keys of the user fields Deskbee's reference does not name (a
 * guess each, configurable as `deskbee.userFields`).
 */
export interface UserBodyKeys {
  /** Default `cost_center_uuid`. */
  costCenter: string;
  /** Default `tags`. */
  tags: string;
}

export const defaultUserBodyKeys: UserBodyKeys = Object.freeze({ costCenter: 'cost_center_uuid', tags: 'tags' });

/** The plan's user values → the body of Deskbee's user create or edit. */
export function toUserInput(values: UserValues, resolver: UuidResolver, keys: UserBodyKeys = defaultUserBodyKeys): UserInput {
  const input: UserInput & Record<string, unknown> = {};
  if (values.name !== undefined) input.name = values.name;
  if (values.email !== undefined) input.email = values.email;
  if (values.enrollment !== undefined) input.enrollment = values.enrollment;
  if (values.identifier !== undefined) input.identifier = values.identifier;
  if (values.status !== undefined) input.status = values.status;
  if (values.documents !== undefined) input.documents = values.documents;
  if (values.tags !== undefined) {
    input[keys.tags] = values.tags.map((name) => {
      const uuid = resolver.tag(name);
      if (!uuid) throw new UnresolvedReference(`tag ${name} does not exist in Deskbee (its creation failed)`);
      return uuid;
    });
  }
  if (values.costCenter !== undefined) {
    if (values.costCenter === null) input[keys.costCenter] = null;
    else {
      const uuid = resolver.costCenter(values.costCenter);
      if (!uuid) throw new UnresolvedReference(`cost center ${values.costCenter} does not exist in Deskbee (its creation failed)`);
      input[keys.costCenter] = uuid;
    }
  }
  return input;
}
