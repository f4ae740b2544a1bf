import { z } from 'zod';
import { DeskbeeApiError } from '../../errors.js';
import { notOffered } from '../api-error-mapping.js';
import { type UserTag, type UserTagInput, userTagSchema } from '../schemas.js';
import { ResourceClient } from './resource-client.js';

/**
 * User tags. Names are unique. Deskbee's reference shows list and create
 * only; remove is a guess at `DELETE /users/tags/{uuid}` (the path itself a
 * guess, configurable), and a Deskbee without it says so in the error.
 */
export class UserTagsResource extends ResourceClient<UserTag> {
  findByName(name: string): Promise<UserTag | undefined> {
    const wanted = name.toLowerCase();
    return this.findInList({}, (tag) => tag.name.toLowerCase() === wanted);
  }

  /**
   * Removes the tag (Deskbee is expected to take it off its users). A 405,
   * or a 404 while the tag is still listed, means the route does not exist:
   * the error then says that this Deskbee does not offer removing user tags.
   */
  override async remove(uuid: string): Promise<void> {
    try {
      await super.remove(uuid);
    } catch (error) {
      if (!(error instanceof DeskbeeApiError) || (error.status !== 405 && error.status !== 404)) throw error;
      if (error.status === 404 && !(await this.stillListed(uuid))) throw error;
      throw notOffered(error, 'removing user tags', `DELETE ${this.path}/{uuid}`);
    }
  }

  /**
   * Creates a tag; after an unknown outcome, looks it up by name first.
   * Deskbee's reference shows the create answering with a list in `data`:
   * both a list and a single object are accepted.
   */
  create(input: UserTagInput): Promise<UserTag> {
    const answer = z
      .looseObject({ data: z.union([userTagSchema, z.array(userTagSchema)]) })
      .transform((body, ctx) => {
        const tags = Array.isArray(body.data) ? body.data : [body.data];
        const created = tags.find((tag) => tag.name.toLowerCase() === input.name.toLowerCase()) ?? (tags.length === 1 ? tags[0] : undefined);
        if (!created) {
          ctx.addIssue({ code: 'custom', message: `the answer does not contain the tag "${input.name}"` });
          return z.NEVER;
        }
        return created;
      });
    return this.createRecovering(input, () => this.findByName(input.name), answer);
  }

  /** Whether the tag is still in the listing; false when the listing cannot be read (the 404 then stands). */
  private async stillListed(uuid: string): Promise<boolean> {
    try {
      return (await this.findInList({}, (tag) => tag.uuid === uuid)) !== undefined;
    } catch {
      return false;
    }
  }
}
