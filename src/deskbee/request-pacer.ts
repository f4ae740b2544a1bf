/**
 * When each request may leave: at the rate the limiter allows
 * (rate-limiter.ts), evenly spaced, with no more in flight than that rate
 * needs at the latency observed.
 *
 * Requests wait in four queues, served in order: the token call, reads,
 * writes being sent again (after a 429 or a failure), new writes. Writes
 * always wait for a slot; reads and the token call wait for one only once a
 * limit is known (before that they go as fast as they are answered, one page
 * at a time per listing). Slots are handed out at departure, at the rate in
 * force then, so a change of rate applies at once to everything queued.
 *
 * In flight: rate x latency requests are needed to sustain a rate (Little's
 * law), so the limit is twice that, plus four, within `maxInFlight`. Latency
 * is a moving average over answers. A fixed small limit would cap the rate
 * at limit / latency: 4 in flight at 300 ms cannot exceed 13 requests/s. The
 * token call is exempt: requests holding a permit may be waiting for it.
 */
import type { Clock } from '../context/run-context.js';
import type { DispatchKind, RateLimiter } from './rate-limiter.js';

/** The token call, reads (GET) or writes. */
export type RequestLane = 'token' | 'read' | 'write';

/** What an answer said about the rate: counted by the API, refused (429), or unknown (no answer). */
export type PermitOutcome = 'accepted' | 'throttled' | 'lost';

/** Leave to send one request; release it exactly once when the answer (or its absence) is known. */
export interface RequestPermit {
  /** When the request left, on the limiter's clock. */
  readonly sentAt: number;
  release(outcome: PermitOutcome): void;
}

interface Waiter {
  queue: number;
  enqueuedAt: number;
  cancelled: boolean;
  resolve(permit: RequestPermit): void;
  reject(reason: unknown): void;
}

const tokenQueue = 0;
const readQueue = 1;
const retryQueue = 2;
const writeQueue = 3;

export class RequestPacer {
  readonly #queues: Waiter[][] = [[], [], [], []];
  readonly #heads = [0, 0, 0, 0];
  #inFlight = 0;
  #nextAt = Number.NEGATIVE_INFINITY;
  #armed = false;
  #latencyMs: number | undefined;
  readonly #watched = new Map<AbortSignal, Set<Waiter>>();
  readonly #listeners = new Map<AbortSignal, () => void>();

  constructor(
    readonly limiter: RateLimiter,
    private readonly clock: Clock,
    private readonly options: {
      /** Most requests in flight, whatever the rate and latency. */
      maxInFlight: number;
    },
  ) {}

  /** Requests that may be in flight now. */
  get inFlightLimit(): number {
    const latency = this.#latencyMs ?? 250;
    const needed = Math.ceil((2 * this.limiter.perSecond * latency) / 1000) + 4;
    return Math.max(1, Math.min(this.options.maxInFlight, needed));
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Waits for leave to send a request; rejects with the signal's reason when it aborts. */
  acquire(request: { lane: RequestLane; retry?: boolean; signal?: AbortSignal }): Promise<RequestPermit> {
    const { signal } = request;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<RequestPermit>((resolve, reject) => {
      const waiter: Waiter = {
        queue: request.lane === 'token' ? tokenQueue : request.lane === 'read' ? readQueue : request.retry ? retryQueue : writeQueue,
        enqueuedAt: this.clock.now(),
        cancelled: false,
        resolve: (permit) => {
          if (signal) this.#unwatch(signal, waiter);
          resolve(permit);
        },
        reject,
      };
      if (signal) this.#watch(signal, waiter);
      this.#queues[waiter.queue]?.push(waiter);
      this.#pump();
    });
  }

  /** One abort listener per signal, however many wait on it (the run's signal is shared by all). */
  #watch(signal: AbortSignal, waiter: Waiter): void {
    let waiters = this.#watched.get(signal);
    if (!waiters) {
      const all = new Set<Waiter>();
      waiters = all;
      const onAbort = () => {
        this.#watched.delete(signal);
        this.#listeners.delete(signal);
        for (const w of all) {
          w.cancelled = true;
          w.reject(signal.reason);
        }
        this.#pump();
      };
      this.#listeners.set(signal, onAbort);
      this.#watched.set(signal, all);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    waiters.add(waiter);
  }

  #unwatch(signal: AbortSignal, waiter: Waiter): void {
    const waiters = this.#watched.get(signal);
    if (!waiters) return;
    waiters.delete(waiter);
    if (waiters.size > 0) return;
    this.#watched.delete(signal);
    const onAbort = this.#listeners.get(signal);
    this.#listeners.delete(signal);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }

  #pump(): void {
    for (;;) {
      const waiter = this.#head();
      if (!waiter) return;
      // The token call is not held by the in-flight limit: requests holding a permit may be waiting for it.
      if (waiter.queue !== tokenQueue && this.#inFlight >= this.inFlightLimit) return;
      const now = this.clock.now();
      let kind: DispatchKind = 'unpaced';
      if (waiter.queue >= retryQueue || this.limiter.pacesReads) {
        const slot = Math.max(this.#nextAt, this.limiter.nextFreeAt());
        if (slot > now) {
          this.#arm(slot - now);
          return;
        }
        // A slot a little in the past is still used, so that a late timer does not lose rate.
        const catchUp = this.limiter.marginMs;
        kind = waiter.enqueuedAt <= slot && now - slot <= catchUp ? 'pace-bound' : 'paced';
        this.#nextAt = Math.max(slot, now - catchUp) + 1000 / this.limiter.perSecond;
      }
      this.#take(waiter.queue);
      this.#inFlight += 1;
      waiter.resolve(this.#permit(this.limiter.onDispatch(kind)));
    }
  }

  #permit(sentAt: number): RequestPermit {
    let released = false;
    return {
      sentAt,
      release: (outcome) => {
        if (released) return;
        released = true;
        this.#inFlight -= 1;
        if (outcome === 'accepted') {
          const latency = this.clock.now() - sentAt;
          this.#latencyMs = this.#latencyMs === undefined ? latency : this.#latencyMs + 0.1 * (latency - this.#latencyMs);
          this.limiter.onAccepted(sentAt);
        } else if (outcome === 'throttled') this.limiter.onThrottled(sentAt);
        this.#pump();
      },
    };
  }

  /** The first waiter not cancelled, in queue order. */
  #head(): Waiter | undefined {
    for (let q = 0; q < this.#queues.length; q += 1) {
      const queue = this.#queues[q] ?? [];
      let head = this.#heads[q] ?? 0;
      while (head < queue.length && queue[head]?.cancelled) head += 1;
      this.#heads[q] = head;
      if (head >= queue.length) {
        // Drained: start the array afresh so it does not grow for ever.
        queue.length = 0;
        this.#heads[q] = 0;
        continue;
      }
      return queue[head];
    }
    return undefined;
  }

  #take(q: number): void {
    const head = (this.#heads[q] ?? 0) + 1;
    const queue = this.#queues[q] ?? [];
    // Drop the served prefix once it is the larger part, so a long queue stays bounded.
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      this.#heads[q] = 0;
    } else this.#heads[q] = head;
  }

  #arm(ms: number): void {
    if (this.#armed) return;
    this.#armed = true;
    void this.clock.sleep(Math.max(1, Math.ceil(ms))).then(() => {
      this.#armed = false;
      this.#pump();
    });
  }
}
