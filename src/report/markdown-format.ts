/**
 * Safe GitHub-flavoured Markdown from plan values: escaping, table rows and
 * collapsible `<details>` blocks. A value can neither break a table (`|`,
 * line breaks), open a code span or HTML tag (backticks, `<`), turn into a
 * link, emphasis or entity; a leading `@` is escaped too.
 */
import { cleanText } from '../plan/value-format.js';

// The ASCII punctuation that means something inline in GFM (and `&` where it
// would start an entity); CommonMark lets any of it be backslash-escaped.
const inlineSyntax = /[\\`*_[\]<>|~]|&(?=#?\w+;)/g;

/** `value` cleaned of control characters and escaped for use inside a Markdown line or table cell. */
export function escapeMarkdown(value: string): string {
  return cleanText(value)
    .replace(inlineSyntax, (c) => `\\${c}`)
    .replace(/(^|\W)@(?=\w)/g, '$1\\@');
}

/** `value` cleaned and escaped for HTML text (a `<summary>` is raw HTML, where backslashes do not escape). */
export function escapeHtml(value: string): string {
  return cleanText(value).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `| a | b |` from cells that are Markdown already. */
export function markdownRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** `| a | b |`: cells are plain text, escaped here. */
export function tableRow(cells: readonly string[]): string {
  return markdownRow(cells.map(escapeMarkdown));
}

/** Header and alignment rows of a table; `right` marks columns of numbers. */
export function tableHead(headers: readonly string[], right: readonly boolean[] = []): string[] {
  return [tableRow(headers), `|${headers.map((_, i) => (right[i] ? ' ---: ' : ' --- ')).join('|')}|`];
}

/**
 * A collapsible block: `summary` is plain text (HTML-escaped here), `body` lines are Markdown
 * already. Blank lines around the body let GitHub render it as Markdown.
 * `indent` places the block inside a list item.
 */
export function detailsBlock(summary: string, body: readonly string[], indent = ''): string[] {
  return [
    `${indent}<details><summary>${escapeHtml(summary)}</summary>`,
    '',
    ...body.map((line) => (line === '' ? '' : `${indent}${line}`)),
    '',
    `${indent}</details>`,
  ];
}
