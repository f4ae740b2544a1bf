import type { DeskbeeUser, UserInput } from '../deskbee/schemas.js';
import type { UserValues } from '../plan/plan-types.js';
import type { UuidResolver } from './uuid-resolver.js';

/** A value the plan refers to that Deskbee does not have (its create failed). */
export class UnresolvedReference extends Error {}

/** The plan's user values → the body of Deskbee's user create or edit. */
export function toUserInput(values: UserValues, resolver: UuidResolver): UserInput {
  const input: UserInput = {};
  if (values.name !== undefined) input.name = values.name;
  if (values.email !== undefined) input.email = values.email;
  if (values.enrollment !== undefined) input.enrollment = values.enrollment;
  if (values.identifier !== undefined) input.identifier = values.identifier;
  if (values.status !== undefined) input.status = values.status;
  if (values.documents !== undefined) input.documents = values.documents;
  if (values.tags !== undefined) {
    input.tags = values.tags.map((name) => {
      const uuid = resolver.tag(name);
      if (!uuid) throw new UnresolvedReference(`tag ${name} does not exist in Deskbee (its creation failed)`);
      return uuid;
    });
  }
  if (values.costCenter !== undefined) {
    if (values.costCenter === null) input.cost_center_uuid = null;
    else {
      const uuid = resolver.costCenter(values.costCenter);
      if (!uuid) throw new UnresolvedReference(`cost center ${values.costCenter} does not exist in Deskbee (its creation failed)`);
      input.cost_center_uuid = uuid;
    }
  }
  return input;
}

/**
 * What Deskbee's answer confirms of the values written: the answer's own
 * value where it shows the field, the written value where it does not (a 2xx
 * to the write is then the only confirmation there is).
 */
export function confirmedValues(written: UserValues, answer: DeskbeeUser, tagName: (uuid: string) => string | undefined): UserValues {
  const confirmed: UserValues = { ...written };
  if (written.name !== undefined) confirmed.name = answer.name;
  if (written.email !== undefined) confirmed.email = answer.email.toLowerCase();
  if (written.enrollment !== undefined && answer.enrollment !== undefined) confirmed.enrollment = answer.enrollment;
  if (written.identifier !== undefined && answer.identifier !== undefined) confirmed.identifier = answer.identifier ?? null;
  if (written.status !== undefined) confirmed.status = answer.status;
  if (written.tags !== undefined && answer.tags) {
    // Tags may come as objects with names, or as bare uuids.
    const names = answer.tags.map((tag) => (typeof tag === 'string' ? tagName(tag) : tag.name));
    if (names.every((name): name is string => name !== undefined)) confirmed.tags = names.sort();
  }
  if (written.costCenter !== undefined && answer.cost_center !== undefined) {
    confirmed.costCenter = answer.cost_center === null ? null : answer.cost_center.code || written.costCenter;
  }
  if (written.documents !== undefined && answer.person?.documents) {
    confirmed.documents = Object.fromEntries(answer.person.documents.map((doc) => [doc.type, doc.doc]));
  }
  return confirmed;
}
