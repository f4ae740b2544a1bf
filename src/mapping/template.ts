/**
 * Templates: text with `{attribute}` placeholders. `{{` and `}}` write a
 * literal brace.
 */

/** One piece of a parsed template. */
export type TemplatePart = { text: string } | { attribute: string };

/** Parses a template; returns a plain-English problem instead when it is malformed. */
export function parseTemplate(template: string): TemplatePart[] | string {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    const next = template[i + 1];
    if ((ch === '{' && next === '{') || (ch === '}' && next === '}')) {
      text += ch;
      i += 2;
    } else if (ch === '{') {
      const close = template.indexOf('}', i + 1);
      if (close < 0) return `the placeholder at position ${i + 1} has no closing }; write {{ for a literal {`;
      const attribute = template.slice(i + 1, close).trim();
      if (attribute === '' || attribute.includes('{')) {
        return `the placeholder at position ${i + 1} names no attribute; write {attribute}, or {{ for a literal {`;
      }
      if (text) parts.push({ text });
      text = '';
      parts.push({ attribute });
      i = close + 1;
    } else if (ch === '}') {
      return `a } at position ${i + 1} closes no placeholder; write }} for a literal }`;
    } else {
      text += ch;
      i += 1;
    }
  }
  if (text) parts.push({ text });
  return parts;
}

/** The attribute names a parsed template reads. */
export function templateAttributes(parts: readonly TemplatePart[]): string[] {
  return parts.flatMap((p) => ('attribute' in p ? [p.attribute] : []));
}
