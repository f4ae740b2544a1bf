/**
 * Sends a run's notice to every configured receiver at once, each within
 * its timeout. A receiver that fails or times out is logged as a warning
 * naming it; nothing here throws, so a notification never changes how a
 * run ends.
 */
import { hostname } from 'node:os';
import type { Logger } from '../context/run-context.js';
import type { RunSummary } from '../sync/run-summary.js';
import { emailReceiver } from './email-receiver.js';
import type { NotifyConfig, NotifyEvent } from './ops-config.js';
import { readFileText, type Environment, type ReadFile } from './ops-secrets.js';
import type { Receiver } from './receiver.js';
import { runNotice } from './run-notice.js';
import { webhookReceiver } from './webhook-receiver.js';

/** How one receiver fared. */
export interface Delivery {
  receiver: string;
  ok: boolean;
  /** What went wrong, without secrets; absent when ok. */
  problem?: string;
}

export interface NotifierOptions {
  /** The events that notify. */
  on: readonly NotifyEvent[];
  /** Milliseconds each receiver may take. */
  timeoutMs: number;
  logger: Logger;
  /** The machine named in notices. Default `os.hostname()`. */
  host?: string;
}

export class Notifier {
  constructor(
    readonly receivers: readonly Receiver[],
    private readonly options: NotifierOptions,
  ) {}

  /**
   * The notifier the `notify` section describes, its secrets read now.
   * @throws ConfigError when a receiver's URL or secret is missing or unusable.
   */
  static fromConfig(config: NotifyConfig, env: Environment, logger: Logger, readFile: ReadFile = readFileText): Notifier {
    const receivers: Receiver[] = [];
    if (config.webhook) receivers.push(webhookReceiver(config.webhook, env, readFile));
    if (config.email) receivers.push(emailReceiver(config.email, env, readFile, config.timeoutMs));
    return new Notifier(receivers, { on: config.on, timeoutMs: config.timeoutMs, logger });
  }

  /** Sends the run's notice when it matches a selected event; one delivery per receiver, none when it matches none. */
  async notify(summary: RunSummary): Promise<Delivery[]> {
    const notice = runNotice(summary, this.options.on, this.options.host ?? hostname());
    if (!notice) return [];
    return Promise.all(
      this.receivers.map(async (receiver): Promise<Delivery> => {
        const problem = await this.#deliver(receiver, (signal) => receiver.send(notice, signal));
        if (problem === undefined) {
          this.options.logger.info(`notified ${receiver.name} (${notice.reasons.join(', ')})`);
          return { receiver: receiver.name, ok: true };
        }
        this.options.logger.warn(`notification to ${receiver.name} failed: ${problem}. The run's outcome and exit code are unchanged.`, { receiver: receiver.name });
        return { receiver: receiver.name, ok: false, problem };
      }),
    );
  }

  /** Undefined when sent; else what went wrong. Returns by the timeout even if the receiver ignores its signal. */
  async #deliver(receiver: Receiver, send: (signal: AbortSignal) => Promise<void>): Promise<string | undefined> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<string>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve(`no answer within ${this.options.timeoutMs} ms`);
      }, this.options.timeoutMs);
    });
    const sent = send(controller.signal).then(
      () => undefined,
      (error: unknown) => (controller.signal.aborted ? `no answer within ${this.options.timeoutMs} ms` : error instanceof Error ? error.message : `${receiver.name} failed`),
    );
    try {
      return await Promise.race([sent, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}
