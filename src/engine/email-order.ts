import type { ActualUser } from '../model/directory.js';
import type { Draft } from './reference-diff.js';

/**
 * Orders the users stage so that an address is free before someone takes it:
 * a create or an email change whose new address another Deskbee user still
 * holds, and gives up in this plan, goes in a later layer than that change.
 * Chains give several layers; a cycle (two people swapping addresses) cannot
 * be ordered and stays in the last layer, where Deskbee's 422 reports it.
 */
export function layerByEmail(drafts: Draft[], actualUsers: ActualUser[]): Draft[][] {
  // Nothing to order: no index of every Deskbee address is needed.
  if (drafts.length === 0) return [];
  const holder = new Map(actualUsers.map((user) => [user.email.toLowerCase(), user.uuid]));
  const target = (draft: Draft): string | undefined => {
    if (draft.kind === 'createUser') return draft.after.email?.toLowerCase();
    if (draft.kind === 'updateUser' && draft.after.email !== undefined) return draft.after.email.toLowerCase();
    return undefined;
  };
  const selfUuid = (draft: Draft): string | undefined => (draft.kind === 'updateUser' ? draft.user.uuid : undefined);
  // The change that moves each holder off its address, by holder uuid.
  const releases = new Map<string, Draft>();
  for (const draft of drafts) if (draft.kind === 'updateUser' && draft.after.email !== undefined) releases.set(draft.user.uuid, draft);

  const layerOf = new Map<Draft, number>();
  const resolving = new Set<Draft>();
  const layer = (draft: Draft): number => {
    const known = layerOf.get(draft);
    if (known !== undefined) return known;
    if (resolving.has(draft)) return Number.POSITIVE_INFINITY;
    resolving.add(draft);
    const email = target(draft);
    const heldBy = email ? holder.get(email) : undefined;
    const release = heldBy && heldBy !== selfUuid(draft) ? releases.get(heldBy) : undefined;
    const depth = release ? layer(release) + 1 : 0;
    resolving.delete(draft);
    layerOf.set(draft, depth);
    return depth;
  };
  const layers: Draft[][] = [];
  let deepest = -1;
  for (const draft of drafts) {
    const depth = layer(draft);
    if (Number.isFinite(depth) && depth > deepest) deepest = depth;
  }
  const last = deepest + 1;
  for (const draft of drafts) {
    const depth = Number.isFinite(layer(draft)) ? layer(draft) : last;
    (layers[depth] ??= []).push(draft);
  }
  return layers.filter((l) => l && l.length > 0);
}
