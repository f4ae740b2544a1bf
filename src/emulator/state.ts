/**
 * The emulator's in-memory account: users, squads, cost centers, user tags and
 * squad membership, with the rules Deskbee enforces (uniqueness, references,
 * cascades). Pure: no I/O and no HTTP; time and uuids are injected. Every
 * write validates first and changes nothing when it throws.
 */
import type { CostCenterEntity, SquadEntity, StateTables, TagEntity, UserEntity } from './records.js';
import { emptyTables } from './records.js';
import { entityNotFound, problems } from './problems.js';
import {
  type ReferenceLookup,
  validateCostCenter,
  validateMembership,
  validateSquad,
  validateTag,
  type UserChanges,
  validateUser,
} from './validation.js';
import { applyUserChanges, newUser, userFingerprint } from './user-edits.js';
import type { SeqOrdered } from './seq-list.js';
import { indexUser, keysOf, orderOf, type TableKeys, type TableOrder, unindexUser } from './state-indexes.js';

/** What the state needs from outside. */
export interface StateDeps {
  /** Epoch milliseconds. */
  now(): number;
  newUuid(): string;
}

export { defaultLocale } from './user-edits.js';

/** What is stored of validated user changes (e.g. altered values). Default: the changes as they are. */
export type StoredUserChanges = (changes: UserChanges) => UserChanges;
const asSent: StoredUserChanges = (changes) => changes;

export class EmulatorState implements ReferenceLookup {
  /** Replaced wholesale by {@link replaceTables} (seeding). */
  private t: StateTables = emptyTables();
  private seq = 0;
  // Kept in step with the tables by every write, rebuilt on replaceTables.
  private order: TableOrder = orderOf(this.t);
  private keys: TableKeys = keysOf(this.t);

  constructor(private readonly deps: StateDeps) {}

  get tables(): Readonly<StateTables> {
    return this.t;
  }

  /** The next insertion sequence number (lists and cursors are ordered by it). */
  nextSeq(): number {
    return ++this.seq;
  }

  now(): number {
    return this.deps.now();
  }

  newUuid(): string {
    return this.deps.newUuid();
  }

  /** Swaps in fully built tables (used by seeding, which builds aside and commits at once). */
  replaceTables(tables: StateTables, lastSeq: number): void {
    this.t = tables;
    this.seq = Math.max(this.seq, lastSeq);
    this.order = orderOf(tables);
    this.keys = keysOf(tables);
  }

  // ---- ReferenceLookup -------------------------------------------------------

  emailTaken(email: string, except?: string): boolean {
    return this.keys.email.taken(email, except);
  }
  enrollmentTaken(enrollment: string, except?: string): boolean {
    return this.keys.enrollment.taken(enrollment, except);
  }
  squadNameTaken(name: string, except?: string): boolean {
    return this.keys.squadName.taken(name, except);
  }
  costCenterCodeTaken(code: string, except?: string): boolean {
    return this.keys.costCenterCode.taken(code, except);
  }
  tagNameTaken(name: string, except?: string): boolean {
    return this.keys.tagName.taken(name, except);
  }
  userExists(uuid: string): boolean {
    return this.t.users.has(uuid);
  }
  squadExists(uuid: string): boolean {
    return this.t.squads.has(uuid);
  }
  costCenterExists(uuid: string): boolean {
    return this.t.costCenters.has(uuid);
  }
  tagExists(uuid: string): boolean {
    return this.t.tags.has(uuid);
  }

  // ---- users -----------------------------------------------------------------

  getUser(uuid: string): UserEntity {
    const user = this.t.users.get(uuid);
    if (!user) throw entityNotFound('user', uuid);
    return user;
  }

  /** Users in sequence order (a live view: do not keep it across writes). */
  listUsers(): SeqOrdered<UserEntity> {
    return this.order.users;
  }

  /** The user holding this email or enrollment (case-insensitive), if any. */
  findUser(key: 'email' | 'enrollment', value: string): UserEntity | undefined {
    const uuid = this.keys[key].owner(value);
    return uuid === undefined ? undefined : this.t.users.get(uuid);
  }

  createUser(body: unknown, stored: StoredUserChanges = asSent): UserEntity {
    const changes = stored(validateUser(body, this));
    this.checkStorable(changes);
    const user = newUser(changes, { seq: this.nextSeq(), uuid: this.deps.newUuid(), personUuid: this.deps.newUuid() }, this.deps.now());
    this.t.users.set(user.uuid, user);
    this.order.users.add(user);
    indexUser(this.keys, user);
    return user;
  }

  /** Edits a user; `updated_at` moves only when a stored field really changed. */
  updateUser(uuid: string, body: unknown, stored: StoredUserChanges = asSent): UserEntity {
    const user = this.getUser(uuid);
    const changes = stored(validateUser(body, this, uuid));
    this.checkStorable(changes, uuid);
    const before = userFingerprint(user);
    unindexUser(this.keys, user);
    applyUserChanges(user, changes);
    indexUser(this.keys, user);
    if (userFingerprint(user) !== before) user.updated_at = this.deps.now();
    return user;
  }

  /**
   * Validation checked uniqueness on the values sent; an altered value may
   * still collide, which a unique index refuses (a 507, not a 422).
   */
  private checkStorable(changes: UserChanges, self?: string): void {
    if (changes.email !== undefined && this.emailTaken(changes.email, self)) throw problems.queryError();
    if (typeof changes.enrollment === 'string' && this.enrollmentTaken(changes.enrollment, self)) throw problems.queryError();
  }

  deleteUser(uuid: string): UserEntity {
    const user = this.getUser(uuid);
    this.t.users.delete(uuid);
    this.order.users.remove(user);
    unindexUser(this.keys, user);
    return user;
  }

  // ---- membership ------------------------------------------------------------

  /** Every listed user into every listed squad; already-members are left alone. */
  addMembership(body: unknown): void {
    const { squads, users } = validateMembership(body, this);
    for (const u of users) for (const s of squads) this.getUser(u).squad_uuids.add(s);
  }

  /** Every listed user out of every listed squad; non-members are left alone. */
  removeMembership(body: unknown): void {
    const { squads, users } = validateMembership(body, this);
    for (const u of users) for (const s of squads) this.getUser(u).squad_uuids.delete(s);
  }

  /** A user's squads, in the squads' own (sequence) order. */
  squadsOf(user: UserEntity): SquadEntity[] {
    const squads: SquadEntity[] = [];
    for (const uuid of user.squad_uuids) {
      const squad = this.t.squads.get(uuid);
      if (squad) squads.push(squad);
    }
    return squads.length > 1 ? squads.sort((a, b) => a.seq - b.seq) : squads;
  }

  // ---- squads ----------------------------------------------------------------

  getSquad(uuid: string): SquadEntity {
    const squad = this.t.squads.get(uuid);
    if (!squad) throw entityNotFound('squad', uuid);
    return squad;
  }

  listSquads(): SeqOrdered<SquadEntity> {
    return this.order.squads;
  }

  createSquad(body: unknown): SquadEntity {
    const { name } = validateSquad(body, this);
    const now = this.deps.now();
    const squad: SquadEntity = {
      seq: this.nextSeq(),
      uuid: this.deps.newUuid(),
      name,
      is_checkin_home_office: false,
      created_at: now,
      updated_at: now,
    };
    this.t.squads.set(squad.uuid, squad);
    this.order.squads.add(squad);
    this.keys.squadName.set(squad.name, squad.uuid);
    return squad;
  }

  updateSquad(uuid: string, body: unknown): SquadEntity {
    const squad = this.getSquad(uuid);
    const { name } = validateSquad(body, this, uuid);
    if (name !== squad.name) {
      this.keys.squadName.delete(squad.name, uuid);
      this.keys.squadName.set(name, uuid);
      squad.name = name;
      squad.updated_at = this.deps.now();
    }
    return squad;
  }

  /** Removes the squad and every membership in it. */
  deleteSquad(uuid: string): SquadEntity {
    const squad = this.getSquad(uuid);
    this.t.squads.delete(uuid);
    this.order.squads.remove(squad);
    this.keys.squadName.delete(squad.name, uuid);
    for (const user of this.t.users.values()) user.squad_uuids.delete(uuid);
    return squad;
  }

  // ---- cost centers ----------------------------------------------------------

  getCostCenter(uuid: string): CostCenterEntity {
    const cc = this.t.costCenters.get(uuid);
    if (!cc) throw entityNotFound('cost center', uuid);
    return cc;
  }

  listCostCenters(): SeqOrdered<CostCenterEntity> {
    return this.order.costCenters;
  }

  createCostCenter(body: unknown): CostCenterEntity {
    const changes = validateCostCenter(body, this);
    const now = this.deps.now();
    const cc: CostCenterEntity = {
      seq: this.nextSeq(),
      uuid: this.deps.newUuid(),
      name: changes.name,
      code: changes.code,
      description: changes.description ?? null,
      created_at: now,
      updated_at: now,
    };
    this.t.costCenters.set(cc.uuid, cc);
    this.order.costCenters.add(cc);
    this.keys.costCenterCode.set(cc.code, cc.uuid);
    return cc;
  }

  updateCostCenter(uuid: string, body: unknown): CostCenterEntity {
    const cc = this.getCostCenter(uuid);
    const changes = validateCostCenter(body, this, uuid);
    const description = changes.description === undefined ? cc.description : changes.description;
    if (changes.name !== cc.name || changes.code !== cc.code || description !== cc.description) {
      this.keys.costCenterCode.delete(cc.code, uuid);
      this.keys.costCenterCode.set(changes.code, uuid);
      Object.assign(cc, { name: changes.name, code: changes.code, description, updated_at: this.deps.now() });
    }
    return cc;
  }

  /** Removes the cost center and unlinks the users that had it. */
  deleteCostCenter(uuid: string): CostCenterEntity {
    const cc = this.getCostCenter(uuid);
    this.t.costCenters.delete(uuid);
    this.order.costCenters.remove(cc);
    this.keys.costCenterCode.delete(cc.code, uuid);
    for (const user of this.t.users.values()) if (user.cost_center_uuid === uuid) user.cost_center_uuid = null;
    return cc;
  }

  // ---- user tags -------------------------------------------------------------

  listTags(): SeqOrdered<TagEntity> {
    return this.order.tags;
  }

  /** Removes the tag and takes it off every user who has it (their `updated_at` stays: as for membership). */
  deleteTag(uuid: string): TagEntity {
    const tag = this.t.tags.get(uuid);
    if (!tag) throw entityNotFound('user tag', uuid);
    this.t.tags.delete(uuid);
    this.order.tags.remove(tag);
    this.keys.tagName.delete(tag.name, uuid);
    for (const user of this.t.users.values()) if (user.tag_uuids.includes(uuid)) user.tag_uuids = user.tag_uuids.filter((t) => t !== uuid);
    return tag;
  }

  createTag(body: unknown): TagEntity {
    const { name, access } = validateTag(body, this);
    const now = this.deps.now();
    const tag: TagEntity = { seq: this.nextSeq(), uuid: this.deps.newUuid(), name, access, created_at: now, updated_at: now };
    this.t.tags.set(tag.uuid, tag);
    this.order.tags.add(tag);
    this.keys.tagName.set(tag.name, tag.uuid);
    return tag;
  }
}
