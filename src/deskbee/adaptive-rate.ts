import type { Clock } from '../context/run-context.js';

/** Bounds of the request rate, in requests per second. */
export interface RateOptions {
  /** Rate at start. Default 10. */
  initialPerSecond: number;
  /** Floor the rate never goes below after 429s. Default 0.5. */
  minPerSecond: number;
  /** Ceiling the rate climbs back to. Default 25. */
  maxPerSecond: number;
}

export const defaultRateOptions: RateOptions = Object.freeze({
  initialPerSecond: 10,
  minPerSecond: 0.5,
  maxPerSecond: 25,
});

/**
 * Spaces request starts to a rate that adapts: halved on every 429, raised by
 * a tenth (at least one request per second) after a second's worth of
 * successes in a row, within the bounds. Deskbee publishes no rate figure, so
 * the client has to find it.
 */
export class AdaptiveRate {
  #rate: number;
  #nextSlot = 0;
  #successes = 0;

  constructor(
    private readonly options: RateOptions,
    private readonly clock: Clock,
  ) {
    this.#rate = clamp(options.initialPerSecond, options.minPerSecond, options.maxPerSecond);
  }

  /** Requests per second allowed now. */
  get perSecond(): number {
    return this.#rate;
  }

  /** Waits for the next free slot. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    const slot = Math.max(now, this.#nextSlot);
    this.#nextSlot = slot + 1000 / this.#rate;
    if (slot > now) await this.clock.sleep(slot - now, signal);
  }

  onThrottled(): void {
    this.#rate = Math.max(this.options.minPerSecond, this.#rate / 2);
    this.#successes = 0;
    this.#nextSlot = Math.max(this.#nextSlot, this.clock.now() + 1000 / this.#rate);
  }

  onSuccess(): void {
    this.#successes += 1;
    if (this.#successes >= this.#rate) {
      this.#successes = 0;
      this.#rate = Math.min(this.options.maxPerSecond, this.#rate + Math.max(1, this.#rate / 10));
    }
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
