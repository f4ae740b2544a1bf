import { z } from 'zod';
import type { ClientCore } from '../client-core.js';
import type { MembershipInput } from '../schemas.js';

/**
 * Squad membership in bulk: every listed user into (or out of) every listed
 * squad, in as few calls as possible. Both calls are idempotent, so they are
 * retried like reads.
 */
export class MembershipsResource {
  constructor(
    private readonly core: ClientCore,
    private readonly paths: { add: string; remove: string },
    /** Users per call; larger lists are split. Default 250. */
    private readonly usersPerCall = 250,
  ) {}

  /** `POST /users/squads/add`. */
  add(input: MembershipInput): Promise<void> {
    return this.send('POST', this.paths.add, input);
  }

  /** `DELETE /users/squads/remove`, with the same JSON body. */
  remove(input: MembershipInput): Promise<void> {
    return this.send('DELETE', this.paths.remove, input);
  }

  private async send(method: 'POST' | 'DELETE', path: string, input: MembershipInput): Promise<void> {
    if (input.squads.length === 0 || input.users.length === 0) return;
    for (let start = 0; start < input.users.length; start += this.usersPerCall) {
      const users = input.users.slice(start, start + this.usersPerCall);
      await this.core.call(method, this.core.url(path), z.unknown(), { body: { squads: input.squads, users }, idempotent: true });
    }
  }
}
