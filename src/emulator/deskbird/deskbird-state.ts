/**
 * The deskbird emulator's in-memory company: users and groups in the order
 * they were added (the order lists page in), each group's member ids, and
 * the reverse index (a user's groups) built when first asked for.
 */
import type { DeskbirdRole } from './deskbird-seed-schema.js';

/** A user as the emulator keeps it (and, for the fields the API shows, serves it). */
export interface DeskbirdUser {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  role: DeskbirdRole;
  primaryOfficeId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A group and its members' user ids, in the order they were added. */
export interface DeskbirdGroup {
  id: string;
  name: string;
  description: string | null;
  memberIds: string[];
  createdAt: string;
  updatedAt: string;
}

/** One table: rows in insertion order, and where each id is. */
class Table<T extends { id: string }> {
  readonly rows: T[] = [];
  private readonly at = new Map<string, number>();

  get(id: string): T | undefined {
    const index = this.at.get(id);
    return index === undefined ? undefined : this.rows[index];
  }

  /** Replaces the row with the same id, or appends it. */
  put(row: T): void {
    const index = this.at.get(row.id);
    if (index === undefined) {
      this.at.set(row.id, this.rows.length);
      this.rows.push(row);
    } else {
      this.rows[index] = row;
    }
  }
}

export class DeskbirdState {
  private userTable = new Table<DeskbirdUser>();
  private groupTable = new Table<DeskbirdGroup>();
  private groupsByUser: Map<string, string[]> | undefined;

  constructor(
    /** The company every user belongs to. */
    public companyId = '1001',
  ) {}

  get users(): readonly DeskbirdUser[] {
    return this.userTable.rows;
  }

  get groups(): readonly DeskbirdGroup[] {
    return this.groupTable.rows;
  }

  user(id: string): DeskbirdUser | undefined {
    return this.userTable.get(id);
  }

  group(id: string): DeskbirdGroup | undefined {
    return this.groupTable.get(id);
  }

  /** Replaces the users and groups with these (already checked) ones. */
  replaceAll(companyId: string, users: Iterable<DeskbirdUser>, groups: Iterable<DeskbirdGroup>): void {
    const userTable = new Table<DeskbirdUser>();
    for (const user of users) userTable.put(user);
    const groupTable = new Table<DeskbirdGroup>();
    for (const group of groups) groupTable.put(group);
    this.companyId = companyId;
    this.userTable = userTable;
    this.groupTable = groupTable;
    this.groupsByUser = undefined;
  }

  /** Ids of the groups `userId` is a member of, in group order. */
  groupIdsOf(userId: string): string[] {
    if (!this.groupsByUser) {
      const index = new Map<string, string[]>();
      for (const group of this.groupTable.rows) {
        for (const member of group.memberIds) {
          const list = index.get(member);
          if (list) list.push(group.id);
          else index.set(member, [group.id]);
        }
      }
      this.groupsByUser = index;
    }
    return this.groupsByUser.get(userId) ?? [];
  }
}
