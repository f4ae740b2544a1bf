import { z } from 'zod';
import { DeskbeeApiError } from '../../errors.js';
import { isOutcomeUnknown } from '../api-error-mapping.js';
import type { ClientCore, ListQuery } from '../client-core.js';
import { cursorPages } from '../cursor-pages.js';
import { backoffDelay } from '../retry-policy.js';
import { dataSchema } from '../schemas.js';

/** Deskbee's largest page. */
export const pageLimit = 250;

/**
 * The calls every Deskbee resource shares: paged list, get, create (with
 * recovery from an unknown outcome), edit and remove, on one path.
 */
export class ResourceClient<T extends { uuid: string }> {
  constructor(
    protected readonly core: ClientCore,
    protected readonly path: string,
    protected readonly item: z.ZodType<T>,
  ) {}

  /** Every page of the listing, 250 items at a time. */
  pages(query: ListQuery = {}): AsyncGenerator<T[]> {
    return cursorPages({
      transport: this.core.transport,
      bearer: this.core.bearer,
      baseUrl: this.core.baseUrl,
      firstUrl: this.core.url(this.path, { limit: pageLimit, ...query }),
      item: this.item,
    });
  }

  /** Every item of the listing. */
  async *list(query: ListQuery = {}): AsyncGenerator<T> {
    for await (const page of this.pages(query)) yield* page;
  }

  async get(uuid: string, query: ListQuery = {}): Promise<T> {
    const body = await this.core.call('GET', this.core.url(`${this.path}/${encodeURIComponent(uuid)}`, { ...query }), dataSchema(this.item), {
      idempotent: true,
    });
    return body.data;
  }

  async update(uuid: string, input: object): Promise<T> {
    const body = await this.core.call('PUT', this.core.url(`${this.path}/${encodeURIComponent(uuid)}`), dataSchema(this.item), {
      body: input,
      idempotent: true,
    });
    return body.data;
  }

  /** Removes the entity. A retry that finds it already gone counts as done. */
  async remove(uuid: string): Promise<void> {
    await this.core.call('DELETE', this.core.url(`${this.path}/${encodeURIComponent(uuid)}`), z.unknown(), {
      idempotent: true,
      goneMeansDone: true,
    });
  }

  /**
   * Creates an entity. A create is never blindly sent again: when its outcome
   * is unknown (no answer, dropped connection, 5xx), `findExisting` looks the
   * entity up by its unique key first, and only if it is absent is the create
   * sent again. A 422 on such a second attempt (the first one did land after
   * all) is settled the same way.
   */
  protected async createRecovering(
    input: object,
    findExisting: () => Promise<T | undefined>,
    answer: z.ZodType<T> = dataSchema(this.item).transform((body) => body.data),
  ): Promise<T> {
    const { core } = this;
    const url = core.url(this.path);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await core.call('POST', url, answer, { body: input, idempotent: false });
      } catch (error) {
        const unknownOutcome = isOutcomeUnknown(error);
        const lateConflict = attempt > 1 && error instanceof DeskbeeApiError && error.status === 422;
        if (!unknownOutcome && !lateConflict) throw error;
        const existing = await findExisting();
        if (existing) {
          core.counters.createsRecovered += 1;
          core.ctx.logger.info('create confirmed by look-up after an unknown outcome', { path: this.path, uuid: existing.uuid });
          return existing;
        }
        if (!unknownOutcome || attempt >= core.retry.maxAttempts) throw error;
        await core.ctx.clock.sleep(backoffDelay(core.retry, attempt, core.random), core.ctx.signal);
      }
    }
  }

  /** The first listed item that `matches`, reading the whole listing if need be. */
  protected async findInList(query: ListQuery, matches: (item: T) => boolean): Promise<T | undefined> {
    for await (const item of this.list(query)) if (matches(item)) return item;
    return undefined;
  }
}
