/**
 * One string for each of the few values many records repeat (squad, tag and
 * cost center names, profiles). A parser or a mapping gives every record
 * copies of its own; a hundred thousand records would keep them all.
 * Meant for names of which there are few: it keeps every value it is given.
 */
export class InternedStrings {
  readonly #strings = new Map<string, string>();

  /** The first string equal to `value` this table was given. */
  of(value: string): string {
    const known = this.#strings.get(value);
    if (known !== undefined) return known;
    this.#strings.set(value, value);
    return value;
  }
}
