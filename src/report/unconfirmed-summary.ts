/**
 * What the reports say about unconfirmed changes: one paragraph per field
 * and way it was sent, naming the field, the body key or call used, the
 * read-back that did not show it, and what to check or configure.
 */
import type { ApplyResult, UnconfirmedWrite } from '../plan/apply-result.js';
import { cleanText, formatCount } from '../plan/value-format.js';

const fieldWords: Record<string, string> = {
  costCenter: 'cost center',
  tags: 'tags',
  squads: 'squad membership',
  enrollment: 'enrollment',
  identifier: 'identifier',
  documents: 'documents',
  name: 'name',
  email: 'email',
  status: 'status',
};

/** What to do about a field that cannot be seen, by field. */
function advice(field: string): string {
  if (field === 'costCenter' || field === 'tags') {
    return (
      `Check in Deskbee's panel whether these users' ${fieldWords[field]} changed. If it did, this account does not show it to API clients: ` +
      `remove ${field} from the mapping's managed fields to stop writing it. If it did not, Deskbee takes it under another body key: ` +
      `set deskbee.userFields.${field} in the configuration to that key.`
    );
  }
  if (field === 'squads') {
    return "Check the squads' members in Deskbee's panel. The listing used to confirm membership shows no squads on this account; if membership did change, stop managing squads in the mapping (managed.squads: none) or accept these warnings.";
  }
  return `Check the value in Deskbee's panel; if this account does not show ${fieldWords[field] ?? field} to API clients, remove ${field} from the mapping's managed fields.`;
}

/** One paragraph per (field, way sent) among the unconfirmed changes of `result`, most frequent first. */
export function unconfirmedParagraphs(result: ApplyResult): string[] {
  const groups = new Map<string, { write: UnconfirmedWrite; changes: number; routes: Set<string>; readBacks: Set<string> }>();
  for (const outcome of result.outcomes) {
    for (const write of outcome.unconfirmed ?? []) {
      const key = `${write.field}\u0000${write.sentAs}`;
      const group = groups.get(key) ?? { write, changes: 0, routes: new Set<string>(), readBacks: new Set<string>() };
      group.changes += 1;
      group.routes.add(write.route);
      if (write.readBack) group.readBacks.add(write.readBack);
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.changes - a.changes)
    .map(({ write, changes, routes, readBacks }) => {
      const what = fieldWords[write.field] ?? write.field;
      const sent = write.field === 'squads' ? `${[...routes].join(', ')}` : `body key ${write.sentAs} on ${[...routes].join(', ')}`;
      const readBack = readBacks.size > 0 ? `a read-back (${[...readBacks].join(', ')})` : 'a read-back';
      return cleanText(
        `Unconfirmed: ${what}, in ${formatCount(changes)} change(s). Deskbee answered each write with success (${sent}), but neither its answers nor ${readBack} show it, ` +
          `so the store has not recorded it as applied and the next plan proposes it again. ${advice(write.field)}`,
      );
    });
}
