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
import { applyDocuments, applyUserChanges, userFingerprint } from './user-edits.js';

/** What the state needs from outside. */
export interface StateDeps {
  /** Epoch milliseconds. */
  now(): number;
  newUuid(): string;
}

/** Locale of users created through the API (the account's default). */
export const defaultLocale = { timezone: 'America/Sao_Paulo', language: 'pt_BR' } as const;

const fold = (s: string) => s.toLowerCase();

/** What is stored of validated user changes (e.g. altered values). Default: the changes as they are. */
export type StoredUserChanges = (changes: UserChanges) => UserChanges;
const asSent: StoredUserChanges = (changes) => changes;

export class EmulatorState implements ReferenceLookup {
  /** Replaced wholesale by {@link replaceTables} (seeding). */
  private t: StateTables = emptyTables();
  private seq = 0;
  // Folded email / enrollment -> user uuid, so uniqueness checks stay cheap with many users.
  private emailIndex = new Map<string, string>();
  private enrollmentIndex = new Map<string, string>();

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
    this.emailIndex = new Map();
    this.enrollmentIndex = new Map();
    for (const user of tables.users.values()) this.index(user);
  }

  private index(user: UserEntity): void {
    this.emailIndex.set(fold(user.email), user.uuid);
    if (user.enrollment !== null) this.enrollmentIndex.set(fold(user.enrollment), user.uuid);
  }

  private unindex(user: UserEntity): void {
    this.emailIndex.delete(fold(user.email));
    if (user.enrollment !== null) this.enrollmentIndex.delete(fold(user.enrollment));
  }

  // ---- ReferenceLookup -------------------------------------------------------

  emailTaken(email: string, except?: string): boolean {
    const owner = this.emailIndex.get(fold(email));
    return owner !== undefined && owner !== except;
  }
  enrollmentTaken(enrollment: string, except?: string): boolean {
    const owner = this.enrollmentIndex.get(fold(enrollment));
    return owner !== undefined && owner !== except;
  }
  squadNameTaken(name: string, except?: string): boolean {
    const key = fold(name);
    for (const s of this.t.squads.values()) if (s.uuid !== except && fold(s.name) === key) return true;
    return false;
  }
  costCenterCodeTaken(code: string, except?: string): boolean {
    const key = fold(code);
    for (const c of this.t.costCenters.values()) if (c.uuid !== except && fold(c.code) === key) return true;
    return false;
  }
  tagNameTaken(name: string, except?: string): boolean {
    const key = fold(name);
    for (const g of this.t.tags.values()) if (g.uuid !== except && fold(g.name) === key) return true;
    return false;
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

  listUsers(): UserEntity[] {
    return [...this.t.users.values()];
  }

  createUser(body: unknown, stored: StoredUserChanges = asSent): UserEntity {
    const changes = stored(validateUser(body, this));
    this.checkStorable(changes);
    const now = this.deps.now();
    const user: UserEntity = {
      seq: this.nextSeq(),
      uuid: this.deps.newUuid(),
      name: changes.name as string,
      email: changes.email as string,
      enrollment: changes.enrollment ?? null,
      identifier: changes.identifier ?? null,
      source: 'api_client',
      access_type: null,
      profile: 'employee',
      locale: { ...defaultLocale },
      status: changes.status ?? true,
      person_uuid: this.deps.newUuid(),
      documents: [],
      tag_uuids: changes.tags ?? [],
      cost_center_uuid: changes.cost_center_uuid ?? null,
      squad_uuids: new Set(changes.squad_uuid ? [changes.squad_uuid] : []),
      created_at: now,
      updated_at: now,
    };
    applyDocuments(user, changes.documents);
    this.t.users.set(user.uuid, user);
    this.index(user);
    return user;
  }

  /** Edits a user; `updated_at` moves only when a stored field really changed. */
  updateUser(uuid: string, body: unknown, stored: StoredUserChanges = asSent): UserEntity {
    const user = this.getUser(uuid);
    const changes = stored(validateUser(body, this, uuid));
    this.checkStorable(changes, uuid);
    const before = userFingerprint(user);
    this.unindex(user);
    applyUserChanges(user, changes);
    this.index(user);
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
    this.unindex(user);
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

  /** A user's squads, in the squads' own order. */
  squadsOf(user: UserEntity): SquadEntity[] {
    return [...this.t.squads.values()].filter((s) => user.squad_uuids.has(s.uuid));
  }

  // ---- squads ----------------------------------------------------------------

  getSquad(uuid: string): SquadEntity {
    const squad = this.t.squads.get(uuid);
    if (!squad) throw entityNotFound('squad', uuid);
    return squad;
  }

  listSquads(): SquadEntity[] {
    return [...this.t.squads.values()];
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
    return squad;
  }

  updateSquad(uuid: string, body: unknown): SquadEntity {
    const squad = this.getSquad(uuid);
    const { name } = validateSquad(body, this, uuid);
    if (name !== squad.name) {
      squad.name = name;
      squad.updated_at = this.deps.now();
    }
    return squad;
  }

  /** Removes the squad and every membership in it. */
  deleteSquad(uuid: string): SquadEntity {
    const squad = this.getSquad(uuid);
    this.t.squads.delete(uuid);
    for (const user of this.t.users.values()) user.squad_uuids.delete(uuid);
    return squad;
  }

  // ---- cost centers ----------------------------------------------------------

  getCostCenter(uuid: string): CostCenterEntity {
    const cc = this.t.costCenters.get(uuid);
    if (!cc) throw entityNotFound('cost center', uuid);
    return cc;
  }

  listCostCenters(): CostCenterEntity[] {
    return [...this.t.costCenters.values()];
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
    return cc;
  }

  updateCostCenter(uuid: string, body: unknown): CostCenterEntity {
    const cc = this.getCostCenter(uuid);
    const changes = validateCostCenter(body, this, uuid);
    const description = changes.description === undefined ? cc.description : changes.description;
    if (changes.name !== cc.name || changes.code !== cc.code || description !== cc.description) {
      Object.assign(cc, { name: changes.name, code: changes.code, description, updated_at: this.deps.now() });
    }
    return cc;
  }

  /** Removes the cost center and unlinks the users that had it. */
  deleteCostCenter(uuid: string): CostCenterEntity {
    const cc = this.getCostCenter(uuid);
    this.t.costCenters.delete(uuid);
    for (const user of this.t.users.values()) if (user.cost_center_uuid === uuid) user.cost_center_uuid = null;
    return cc;
  }

  // ---- user tags -------------------------------------------------------------

  listTags(): TagEntity[] {
    return [...this.t.tags.values()];
  }

  createTag(body: unknown): TagEntity {
    const { name, access } = validateTag(body, this);
    const now = this.deps.now();
    const tag: TagEntity = { seq: this.nextSeq(), uuid: this.deps.newUuid(), name, access, created_at: now, updated_at: now };
    this.t.tags.set(tag.uuid, tag);
    return tag;
  }
}
