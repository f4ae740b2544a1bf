import { inspect } from 'node:util';

/**
 * A secret value (password, client secret, token) that refuses to be printed:
 * string conversion, JSON and `util.inspect` all give `[redacted]`. Call
 * `reveal()` only at the point where the value goes on the wire.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}
