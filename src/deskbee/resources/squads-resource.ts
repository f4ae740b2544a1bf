import type { Squad, SquadInput } from '../schemas.js';
import { ResourceClient } from './resource-client.js';

/** `/squads`: list, get, create, edit (rename), remove. Squad names are unique. */
export class SquadsResource extends ResourceClient<Squad> {
  /** The squad with this name (case-insensitive), if any. */
  findByName(name: string): Promise<Squad | undefined> {
    const wanted = name.toLowerCase();
    // A name holding the search syntax's separators cannot be searched for: read the whole list.
    const query = /[;:]/.test(name) ? {} : { search: `name:${name}` };
    return this.findInList(query, (squad) => squad.name.toLowerCase() === wanted);
  }

  /** Creates a squad; after an unknown outcome, looks it up by name first. */
  create(input: SquadInput): Promise<Squad> {
    return this.createRecovering(input, () => this.findByName(input.name));
  }

  override update(uuid: string, input: SquadInput): Promise<Squad> {
    return super.update(uuid, input);
  }
}

