/**
 * Finding and holding a request rate limit that nobody publishes.
 *
 * Deskbee answers `429 request_limit` past a limit it does not state, and
 * sends no Retry-After. Its backend is Laravel, whose throttle middleware
 * keeps one counter per API client over a window and counts every request,
 * reads and writes alike (the token call too). So the client keeps ONE
 * budget: every request, read or write, is measured here, and a 429 on
 * either teaches the same estimate. What differs is pacing (request-pacer.ts):
 * writes always wait for a slot; reads wait for one only once a limit is
 * known, and then go first.
 *
 * Slow start (no 429 seen yet). The rate starts at `initialPerSecond` (10)
 * and doubles every half window (`windowMs`, 1 s) during which requests
 * queue for their slot. It does not grow while the caller sends less than it
 * allows (an idle or latency-bound caller), so it never holds a rate it has
 * not tried.
 *
 * The first 429 ends slow start. The estimate of the limit becomes the
 * throughput the API actually accepted: answers other than 429 to requests
 * sent in the window that ends when the refused request was sent. When the
 * API's window is full, that count is its limit. Answers to requests still in
 * flight at that moment are added as they arrive. The rate then holds at
 * `holdFraction` (0.95) of the estimate: the margin absorbs the jitter
 * between when a request leaves and when the API counts it.
 *
 * Later 429s are weighed by the same count. If the API refused a few (two,
 * or at most a tenth) of the window's requests, the rate was at the edge, or
 * jitter bunched requests: the estimate drops by 3% (the count then says how
 * fast the caller managed to send, not where the limit is). If it refused
 * many, the limit has dropped (or another client shares it): the estimate
 * becomes the measured throughput, at most 95% of the old estimate and never
 * below half of what was sent in the window. No blind halving. A 429 to a
 * request sent before the last reaction, or within a window after it,
 * teaches nothing new (the API's window still holds what was sent before the
 * cut) and is only retried.
 *
 * A window budget backs the pacing: no more requests than the estimate's
 * worth leave in any window (lengthened by half the hold margin). Steady
 * pacing never reaches it; it keeps to the limit when pacing alone would
 * not: right after slow start (the API's window is full and frees only as
 * those requests age) and when a late timer makes requests catch up.
 *
 * Probing. When requests have been queueing for their slot for
 * `probeIntervalMs` (10 s) and at least 200 requests without a 429, the
 * estimate rises. Below the level where the last edge 429 came, halfway back
 * to it (at least 2%). From there on by 2%, three times, then by steps that
 * double (4%, 8%, ...) until a 429: a limit that rose is found again in a
 * few probes, while near a known limit probes cross it seldom, and a
 * crossing costs a 429 or two.
 *
 * `maxPerSecond` is an optional ceiling, none by default: the limiter finds
 * the limit. `minPerSecond` is a floor for when the API refuses nearly all.
 * If the API's window is longer than `windowMs` (a per-minute limit), the
 * first window costs more 429s before the estimate settles.
 */
import type { Clock } from '../context/run-context.js';
import { TimeLog } from './time-log.js';

/** How the request rate is found and held. */
export interface RateOptions {
  /** Requests per second at start, before any 429. Default 10. */
  initialPerSecond: number;
  /** The rate never goes below this, whatever the 429s. Default 0.5. */
  minPerSecond: number;
  /** Optional ceiling on the rate. Default Infinity: none, the API's limit is found. */
  maxPerSecond: number;
  /** The window over which accepted requests are counted, in ms: the API's, if known. Default 1,000. */
  windowMs: number;
  /** Share of the estimated limit the rate holds at. Default 0.95. */
  holdFraction: number;
  /** Least time between two upward probes, in ms. Default 10,000. */
  probeIntervalMs: number;
}

export const defaultRateOptions: RateOptions = Object.freeze({
  initialPerSecond: 10,
  minPerSecond: 0.5,
  maxPerSecond: Infinity,
  windowMs: 1000,
  holdFraction: 0.95,
  probeIntervalMs: 10_000,
});

/** Slow start doubles the rate per this share of a window spent pace-bound. */
const slowStartDoubling = 0.5;
/** Least probe step. */
const probeStep = 0.02;
/** Probes at or above the last 429's level that stay at the least step before steps double. */
const gentleProbes = 3;
/** Least requests between probes: a crossing's 429 stays a small share at low rates. */
const probeMinRequests = 200;
/** An edge (few refused) lowers the estimate to this share of the one it replaces. */
const edgeCut = 0.97;
/** Many refused: the measured throughput, but at most this share of the estimate it replaces. */
const leastCut = 0.95;
/**
 * The API refused few of the window's requests (two, or at most this share):
 * an edge, not a drop. Two, because at a limit of a few per window one late
 * request bunches with the next.
 */
const edgeRefusals = 2;
const edgeShare = 0.1;
/** However many were refused, the estimate stays at least this share of what was sent in the window. */
const deepestCut = 0.5;

export type RatePhase = 'slow-start' | 'hold';

/** How a request left: not paced, paced with its slot long free, or after waiting for its slot. */
export type DispatchKind = 'unpaced' | 'paced' | 'pace-bound';

interface Reaction {
  /** Send time of the refused request: the measured window ends here. */
  at: number;
  /** Requests sent in the measured window, and those accepted so far. */
  sent: number;
  accepted: number;
  /** The estimate this reaction replaces (Infinity in slow start). */
  before: number;
  /** 429s to requests sent before this are not reacted to. */
  graceUntil: number;
}

/** The state machine above. Times come from the clock; it never sleeps. */
export class RateLimiter {
  readonly #options: RateOptions;
  #phase: RatePhase = 'slow-start';
  #rate: number;
  #estimate = Infinity;
  #lastBoundAt: number | undefined;
  readonly #sent: TimeLog;
  readonly #accepted: TimeLog;
  /** Send times of requests not refused: what the API's window may hold of ours. */
  readonly #counted: TimeLog;
  #reaction: Reaction | undefined;
  #periodStart: number;
  #periodDispatches = 0;
  #periodBound = 0;
  /** The estimate at which the last 429 came. */
  #peak = 0;
  /** Probes at or above `#peak` since then. */
  #probesBeyond = 0;

  constructor(
    options: RateOptions,
    private readonly clock: Clock,
  ) {
    this.#options = options;
    this.#rate = this.#bounded(options.initialPerSecond);
    this.#sent = new TimeLog(4 * options.windowMs);
    this.#accepted = new TimeLog(4 * options.windowMs);
    this.#counted = new TimeLog(2 * options.windowMs);
    this.#periodStart = clock.now();
  }

  /** The pacing rate now, for all requests together, per second. */
  get perSecond(): number {
    return this.#rate;
  }

  /** The estimated API limit per second; undefined until a 429 has been seen. */
  get limitEstimate(): number | undefined {
    return this.#phase === 'hold' ? this.#estimate : undefined;
  }

  get phase(): RatePhase {
    return this.#phase;
  }

  /**
   * Half the margin the hold leaves below the limit, in ms of a window: how
   * late a slot may still be used, and how much longer than the window the
   * window budget is kept.
   */
  get marginMs(): number {
    return Math.max(1, ((1 - this.#options.holdFraction) * this.#options.windowMs) / 2);
  }

  /**
   * Earliest time the next request may leave without more than the estimated
   * limit's worth of requests in any window (lengthened by `marginMs`).
   * Pacing alone keeps to that when steady; this keeps to it when not: after
   * a 429 ends slow start (the API's window is full of what was sent too
   * fast, and frees only as those requests age out) and after a late timer.
   */
  nextFreeAt(): number {
    if (this.#phase === 'slow-start') return Number.NEGATIVE_INFINITY;
    // A window's limit is a whole number of requests: an estimate of 9.8 after a 3% cut means 10.
    const budget = Math.max(1, Math.round((this.#estimate * this.#options.windowMs) / 1000));
    const oldest = this.#counted.newest(budget);
    return oldest === undefined ? Number.NEGATIVE_INFINITY : oldest + this.#options.windowMs + this.marginMs;
  }

  /** Reads are paced once a limit is known; before that they go as fast as they are answered. */
  get pacesReads(): boolean {
    return this.#phase === 'hold';
  }

  /** Records a request leaving now; returns its send time. */
  onDispatch(kind: DispatchKind): number {
    const now = this.clock.now();
    this.#sent.add(now);
    this.#counted.add(now);
    if (kind === 'unpaced') return now;
    this.#periodDispatches += 1;
    if (kind === 'paced') {
      this.#lastBoundAt = undefined;
      return now;
    }
    this.#periodBound += 1;
    if (this.#phase === 'slow-start') this.#grow(now);
    else this.#maybeProbe(now);
    return now;
  }

  /** Any answer but a 429 to the request sent at `sentAt`: the API counted it. */
  onAccepted(sentAt: number): void {
    this.#accepted.add(sentAt);
    const reaction = this.#reaction;
    if (reaction && sentAt > reaction.at - this.#options.windowMs && sentAt <= reaction.at) {
      reaction.accepted += 1;
      this.#applyReaction(reaction);
    }
  }

  /** A 429 to the request sent at `sentAt`. */
  onThrottled(sentAt: number): void {
    this.#counted.remove(sentAt);
    if (this.#reaction && sentAt < this.#reaction.graceUntil) return;
    const now = this.clock.now();
    const { windowMs } = this.#options;
    const perSecond = 1000 / windowMs;
    const reaction: Reaction = {
      at: sentAt,
      sent: this.#sent.countIn(sentAt - windowMs, sentAt),
      accepted: this.#accepted.countIn(sentAt - windowMs, sentAt),
      before: this.#phase === 'hold' ? this.#estimate : Infinity,
      graceUntil: now + windowMs,
    };
    this.#phase = 'hold';
    this.#probesBeyond = 0;
    this.#reaction = reaction;
    this.#applyReaction(reaction);
    this.#startPeriod(now);
  }

  #applyReaction(reaction: Reaction): void {
    const perSecond = 1000 / this.#options.windowMs;
    const measured = reaction.accepted * perSecond;
    // Few refused: sent at the edge of the limit (or bunched by jitter). The count then says how fast
    // the caller managed to send, not where the limit is, so only a small cut applies.
    const refused = reaction.sent - reaction.accepted;
    const edge = refused <= Math.max(edgeRefusals, edgeShare * reaction.sent) && Number.isFinite(reaction.before);
    const dropTo = Math.min(reaction.before * leastCut, Math.max(reaction.sent * perSecond * deepestCut, measured));
    this.#estimate = Math.max(this.#options.minPerSecond, edge ? reaction.before * edgeCut : dropTo);
    // Where probing may return quickly: up to where the edge was met; after a drop, only the new level.
    this.#peak = edge ? reaction.before : this.#estimate;
    this.#rate = this.#bounded(this.#estimate * this.#options.holdFraction);
  }

  #grow(now: number): void {
    if (this.#lastBoundAt !== undefined) {
      // Doubles per window of pace-bound time (between two such departures, at most two slots: idle time earns nothing).
      const elapsed = Math.min(now - this.#lastBoundAt, 2000 / this.#rate);
      this.#rate = this.#bounded(this.#rate * 2 ** (elapsed / (slowStartDoubling * this.#options.windowMs)));
    }
    this.#lastBoundAt = now;
  }

  #maybeProbe(now: number): void {
    const wait = Math.max(this.#options.probeIntervalMs, (probeMinRequests * 1000) / this.#rate);
    if (now - this.#periodStart < wait) return;
    // Mostly not waiting for slots: the caller, not the limit, set the pace; nothing to learn.
    if (this.#periodBound * 2 >= this.#periodDispatches && this.#rate < this.#options.maxPerSecond) {
      const below = this.#estimate < this.#peak;
      const step = below
        ? Math.max(probeStep, (this.#peak - this.#estimate) / (2 * this.#estimate))
        : Math.min(1, probeStep * 2 ** Math.max(0, this.#probesBeyond - gentleProbes + 1));
      if (!below) this.#probesBeyond += 1;
      this.#estimate *= 1 + step;
      this.#reaction = undefined;
      this.#rate = this.#bounded(this.#estimate * this.#options.holdFraction);
    }
    this.#startPeriod(now);
  }

  #startPeriod(now: number): void {
    this.#periodStart = now;
    this.#periodDispatches = 0;
    this.#periodBound = 0;
  }

  #bounded(rate: number): number {
    return Math.min(this.#options.maxPerSecond, Math.max(this.#options.minPerSecond, rate));
  }
}
