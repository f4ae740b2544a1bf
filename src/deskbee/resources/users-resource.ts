import type { ListQuery } from '../client-core.js';
import { type DeskbeeUser, type UserInput, userSchema } from '../schemas.js';
import { ResourceClient } from './resource-client.js';

/** A user create needs at least a name and an email. */
export type CreateUserInput = UserInput & { name: string; email: string };

/** A user listing's query: ListQuery, and whether each user's squads are included. */
export type UsersQuery = ListQuery & { includeSquads?: boolean };

/** `/users`: list (with `include=squads`), get, create, edit, remove. */
export class UsersResource extends ResourceClient<DeskbeeUser> {
  /** Every user; with their squads unless `includeSquads` is false. Default true. */
  override list(query: UsersQuery = {}): AsyncGenerator<DeskbeeUser> {
    return super.list(query);
  }

  /** Every page of users, 250 at a time; with their squads unless `includeSquads` is false. Default true. */
  override pages(query: UsersQuery = {}): AsyncGenerator<DeskbeeUser[]> {
    const { includeSquads = true, ...rest } = query;
    return super.pages({ ...(includeSquads ? { include: 'squads' } : {}), ...rest });
  }

  override get(uuid: string, query: ListQuery = { include: 'squads' }): Promise<DeskbeeUser> {
    return super.get(uuid, query);
  }

  /** The user with this email (case-insensitive), if any. */
  findByEmail(email: string): Promise<DeskbeeUser | undefined> {
    const wanted = email.toLowerCase();
    const query = email.includes(';') ? { include: 'squads' } : { search: `email:eq:${email}`, include: 'squads' };
    return this.findInList(query, (user) => user.email.toLowerCase() === wanted);
  }

  /** Creates a user; after an unknown outcome, looks the user up by email first. */
  create(input: CreateUserInput): Promise<DeskbeeUser> {
    return this.createRecovering(input, () => this.findByEmail(input.email));
  }

  override update(uuid: string, input: UserInput): Promise<DeskbeeUser> {
    return super.update(uuid, input);
  }
}
