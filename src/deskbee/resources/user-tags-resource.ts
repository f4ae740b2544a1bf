import { z } from 'zod';
import { type UserTag, type UserTagInput, userTagSchema } from '../schemas.js';
import { ResourceClient } from './resource-client.js';

/** User tags: list and create only (Deskbee offers no edit or remove). Names are unique. */
export class UserTagsResource extends ResourceClient<UserTag> {
  findByName(name: string): Promise<UserTag | undefined> {
    const wanted = name.toLowerCase();
    return this.findInList({}, (tag) => tag.name.toLowerCase() === wanted);
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
}
