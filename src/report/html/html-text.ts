/**
 * HTML built so that a value can never become markup: the `html` tagged
 * template escapes every interpolated value unless it is already `SafeHtml`
 * (made by `html` itself), the way lit-html and similar libraries do. A
 * name holding `<script>` is shown as text because no code path inserts a
 * plain string unescaped.
 */
import { cleanText } from '../../plan/value-format.js';

/** Markup that was built by `html` (its plain-string parts escaped). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may stand in an `html` template: text (escaped), numbers, markup, lists of these, or nothing. */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];

const special = /[&<>"']/g;
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `value` cleaned of control characters and escaped for HTML text and quoted attribute values. */
export function escapeHtmlText(value: string): string {
  return cleanText(value).replace(special, (c) => entities[c] ?? c);
}

function appendValue(parts: string[], value: HtmlValue): void {
  if (value === null || value === undefined || value === false) return;
  if (value instanceof SafeHtml) parts.push(value.value);
  else if (typeof value === 'number') parts.push(escapeHtmlText(String(value)));
  else if (typeof value === 'string') parts.push(escapeHtmlText(value));
  // bounded: a loop, never a spread, so a list of any length is fine
  else for (const item of value) appendValue(parts, item);
}

/** Markup from a template: literal parts kept, every interpolated value escaped unless it is `SafeHtml`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  const parts: string[] = [];
  strings.forEach((literal, i) => {
    parts.push(literal);
    if (i < values.length) appendValue(parts, values[i] as HtmlValue);
  });
  return new SafeHtml(parts.join(''));
}

/** Markup from a list of values, in order, nothing between them. */
export function joinHtml(values: readonly HtmlValue[]): SafeHtml {
  const parts: string[] = [];
  appendValue(parts, values);
  return new SafeHtml(parts.join(''));
}
