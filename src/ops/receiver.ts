import type { RunNotice } from './run-notice.js';

/** One place a notice is sent: a webhook, a mail relay. */
export interface Receiver {
  /** How logs name it, e.g. `webhook https://hooks.example.com`, `email via smtp.example.com:587`; never a secret. */
  name: string;
  /**
   * Sends `notice`; gives up when `signal` aborts (the timeout).
   * @throws Error whose message says what went wrong, without any secret.
   */
  send(notice: RunNotice, signal: AbortSignal): Promise<void>;
}
