import type { ActualState } from '../model/directory.js';
import { nameKey } from './values.js';

/**
 * Natural keys → Deskbee uuids during an apply: filled from Deskbee's state
 * at the start and from every confirmed create, so later stages can refer to
 * entities earlier stages made. A key that stays unresolved means its create
 * failed, and the changes depending on it are skipped.
 */
export class UuidResolver {
  readonly #squads = new Map<string, string>();
  readonly #costCenters = new Map<string, string>();
  readonly #tags = new Map<string, string>();
  readonly #users = new Map<string, string>();
  readonly #tagNames = new Map<string, string>();
  readonly #costCenterCodes = new Map<string, string>();

  constructor(actual: ActualState, userLinks: Map<string, string>) {
    for (const squad of actual.squads) this.#squads.set(nameKey(squad.name), squad.uuid);
    for (const cc of actual.costCenters) this.setCostCenter(cc.code, cc.uuid);
    for (const tag of actual.tags) this.setTag(tag.name, tag.uuid);
    for (const [key, uuid] of userLinks) this.#users.set(key, uuid);
  }

  squad(name: string): string | undefined {
    return this.#squads.get(nameKey(name));
  }
  costCenter(code: string): string | undefined {
    return this.#costCenters.get(code);
  }
  tag(name: string): string | undefined {
    return this.#tags.get(nameKey(name));
  }
  /** The tag name for a uuid, as Deskbee or this apply named it. */
  tagName(uuid: string): string | undefined {
    return this.#tagNames.get(uuid);
  }
  /** The cost-center code for a uuid, as Deskbee or this apply named it. */
  costCenterCode(uuid: string): string | undefined {
    return this.#costCenterCodes.get(uuid);
  }
  /** The uuid of a source's person, by linkKey(source, external id). */
  user(key: string): string | undefined {
    return this.#users.get(key);
  }

  setSquad(name: string, uuid: string): void {
    this.#squads.set(nameKey(name), uuid);
  }
  setCostCenter(code: string, uuid: string): void {
    this.#costCenters.set(code, uuid);
    this.#costCenterCodes.set(uuid, code);
  }
  setTag(name: string, uuid: string): void {
    this.#tags.set(nameKey(name), uuid);
    this.#tagNames.set(uuid, name);
  }
  setUser(key: string, uuid: string): void {
    this.#users.set(key, uuid);
  }
}
