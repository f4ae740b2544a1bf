/**
 * What the state keeps beside its tables so that no request reads a whole
 * table: each table in sequence order (for paging), and the unique keys
 * (email, enrollment, squad name, cost-center code, tag name) folded to
 * lower case, as a case-insensitive collation compares them.
 */
import type { CostCenterEntity, SquadEntity, StateTables, TagEntity, UserEntity } from './records.js';
import { SeqList } from './seq-list.js';

const fold = (s: string) => s.toLowerCase();

/** Folded key -> uuid of the one entity that holds it. */
export class UniqueKeys {
  private readonly owners = new Map<string, string>();

  set(key: string | null, uuid: string): void {
    if (key !== null) this.owners.set(fold(key), uuid);
  }

  /** Forgets `key` if `uuid` holds it. */
  delete(key: string | null, uuid: string): void {
    if (key === null) return;
    const folded = fold(key);
    if (this.owners.get(folded) === uuid) this.owners.delete(folded);
  }

  owner(key: string): string | undefined {
    return this.owners.get(fold(key));
  }

  /** Whether an entity other than `except` holds `key`. */
  taken(key: string, except?: string): boolean {
    const owner = this.owners.get(fold(key));
    return owner !== undefined && owner !== except;
  }
}

export interface TableOrder {
  users: SeqList<UserEntity>;
  squads: SeqList<SquadEntity>;
  costCenters: SeqList<CostCenterEntity>;
  tags: SeqList<TagEntity>;
}

export interface TableKeys {
  email: UniqueKeys;
  enrollment: UniqueKeys;
  squadName: UniqueKeys;
  costCenterCode: UniqueKeys;
  tagName: UniqueKeys;
}

export function orderOf(t: StateTables): TableOrder {
  return {
    users: SeqList.of(t.users.values()),
    squads: SeqList.of(t.squads.values()),
    costCenters: SeqList.of(t.costCenters.values()),
    tags: SeqList.of(t.tags.values()),
  };
}

export function keysOf(t: StateTables): TableKeys {
  const keys: TableKeys = {
    email: new UniqueKeys(),
    enrollment: new UniqueKeys(),
    squadName: new UniqueKeys(),
    costCenterCode: new UniqueKeys(),
    tagName: new UniqueKeys(),
  };
  for (const u of t.users.values()) indexUser(keys, u);
  for (const s of t.squads.values()) keys.squadName.set(s.name, s.uuid);
  for (const c of t.costCenters.values()) keys.costCenterCode.set(c.code, c.uuid);
  for (const g of t.tags.values()) keys.tagName.set(g.name, g.uuid);
  return keys;
}

export function indexUser(keys: TableKeys, user: UserEntity): void {
  keys.email.set(user.email, user.uuid);
  keys.enrollment.set(user.enrollment, user.uuid);
}

export function unindexUser(keys: TableKeys, user: UserEntity): void {
  keys.email.delete(user.email, user.uuid);
  keys.enrollment.delete(user.enrollment, user.uuid);
}
