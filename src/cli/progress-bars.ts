/**
 * A run's progress on a terminal: one bar per stage (cli-progress), with
 * its count, rate and time left, redrawn a few times a second on stderr.
 * Log lines written meanwhile go above the bars (`logStream`), so neither
 * garbles the other. Used only when stderr is a terminal.
 */
import { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { Clock, Progress } from '../context/run-context.js';

const knownTotal = '{stage} |{bar}| {value}/{total} · {rate}/s · {eta_formatted} left';
const unknownTotal = '{stage} {value} · {rate}/s';

interface StageBar {
  bar: cliProgress.SingleBar;
  startedAt: number;
  total: number | undefined;
}

export class ProgressBars implements Progress {
  readonly #stream: NodeJS.WritableStream;
  readonly #clock: Clock;
  #multibar: cliProgress.MultiBar | undefined;
  readonly #bars = new Map<string, StageBar>();
  readonly #finished = new Set<string>();

  constructor(stream: NodeJS.WritableStream, clock: Clock) {
    this.#stream = stream;
    this.#clock = clock;
  }

  update(stage: string, done: number, total?: number): void {
    const entry = this.#bars.get(stage) ?? this.#start(stage, done, total);
    if (total !== undefined && total !== entry.total) {
      entry.total = total;
      entry.bar.setTotal(total);
    }
    entry.bar.update(done, { stage, rate: rate(done, this.#clock.now() - entry.startedAt) });
  }

  finish(stage: string): void {
    const entry = this.#bars.get(stage);
    if (!entry) return;
    entry.bar.update({ stage });
    this.#finished.add(stage);
    // Every bar done: draw them once more and leave them on screen.
    if (this.#finished.size === this.#bars.size) this.stop();
  }

  /** Stops drawing; the bars stay as last drawn. Safe to call twice. */
  stop(): void {
    this.#multibar?.stop();
    this.#multibar = undefined;
    this.#bars.clear();
    this.#finished.clear();
  }

  /** Where log lines go while bars may be drawn: above them. */
  get logStream(): Writable {
    return new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        const text = chunk.toString('utf8');
        if (this.#multibar) this.#multibar.log(text.endsWith('\n') ? text : `${text}\n`);
        else this.#stream.write(text);
        done();
      },
    });
  }

  #start(stage: string, done: number, total: number | undefined): StageBar {
    this.#multibar ??= new cliProgress.MultiBar(
      { stream: this.#stream, format: knownTotal, hideCursor: true, clearOnComplete: false, stopOnComplete: false, fps: 5, etaBuffer: 100, autopadding: true },
      cliProgress.Presets.shades_classic,
    );
    const bar = this.#multibar.create(total ?? 0, done, { stage, rate: '0' }, total === undefined ? { format: unknownTotal } : {});
    const entry = { bar, startedAt: this.#clock.now(), total };
    this.#bars.set(stage, entry);
    return entry;
  }
}

/** Items per second, as people read it: `1,234`, or `0.5` below 10. */
function rate(done: number, elapsedMs: number): string {
  if (elapsedMs <= 0) return '0';
  const perSecond = (done * 1000) / elapsedMs;
  return perSecond < 10 ? perSecond.toFixed(1) : Math.round(perSecond).toLocaleString('en-US');
}
