/**
 * Evaluates a value expression on one raw entry: take the input (`from`,
 * `template` or `value`), run the transforms in order, drop blank values.
 */
import type { AttributeValue, RawEntry } from '../sources/source.js';
import { parseDocumentPath, type DocumentPath } from './document-path.js';
import type { ValueExpression } from './mapping-schema.js';
import { parseTemplate, templateAttributes, type TemplatePart } from './template.js';
import { asText, compileTransform, isBlank, type Step, type Values } from './transforms.js';

/** The values an expression produced (never blank), or why it could not. */
export type Evaluation = { values: string[] } | { problem: string };

/** A value expression ready to run on many entries. */
export interface CompiledExpression {
  /** Attribute names the expression reads, for the "never seen" warning. */
  readonly attributes: string[];
  /** Document paths the expression reads, in the order tried, for the "never matched" warning. */
  readonly paths: DocumentPath[];
  /** Whether a missing value is allowed (after the field's own default). */
  readonly optional: boolean;
  /** Words for messages: `column 'email'`, `the template "{a} {b}"`, `the constant 'x'`. */
  readonly input: string;
  evaluate(entry: RawEntry): Evaluation;
}

/**
 * An attribute's values. Names match exactly first, then ignoring case
 * (LDAP attribute names are case-insensitive; `objectGUID` vs `objectGuid`).
 */
export function readAttribute(entry: RawEntry, name: string): readonly AttributeValue[] {
  const exact = entry.attributes[name];
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const [key, values] of Object.entries(entry.attributes)) {
    if (key.toLowerCase() === lower) return values;
  }
  return [];
}

/** Whether an entry has an attribute at all (any case). */
export function hasAttribute(entry: RawEntry, name: string): boolean {
  if (entry.attributes[name]) return true;
  const lower = name.toLowerCase();
  return Object.keys(entry.attributes).some((key) => key.toLowerCase() === lower);
}

/**
 * A template takes each attribute's first value; a missing attribute reads
 * as empty text. When every attribute it names is missing or blank, the
 * template gives no value at all, so that `optional` and `default` apply.
 */
function renderTemplate(parts: readonly TemplatePart[], entry: RawEntry): Values {
  let text = '';
  let anyAttribute = false;
  let anyValue = false;
  for (const part of parts) {
    if ('text' in part) {
      text += part.text;
      continue;
    }
    anyAttribute = true;
    const first = readAttribute(entry, part.attribute)[0];
    if (first !== undefined && !isBlank(first)) {
      anyValue = true;
      text += asText(first);
    }
  }
  return anyAttribute && !anyValue ? [] : [text];
}

/**
 * Reads the first of `paths` that gives a value. A path that ends at a
 * complex value is a problem with this entry, whatever the later paths give:
 * it is a mistake in the mapping that a fallback would hide.
 */
function readPaths(paths: readonly DocumentPath[], entry: RawEntry): Values | { problem: string } {
  for (const path of paths) {
    const result = path.evaluate(entry.document);
    if ('problem' in result) return result;
    if (result.values.some((v) => !isBlank(v))) return result.values;
  }
  return [];
}

/** Compiles an expression; `defaultOptional` is the field's default for `optional`. */
export function compileExpression(expr: ValueExpression, defaultOptional = false): CompiledExpression {
  const steps: Step[] = expr.transforms.map(compileTransform);
  let read: (entry: RawEntry) => Values | { problem: string };
  let attributes: string[];
  let paths: DocumentPath[] = [];
  let input: string;
  if (expr.path !== undefined) {
    // The schema has checked every path's syntax.
    const texts = typeof expr.path === 'string' ? [expr.path] : expr.path;
    const compiled = texts.map(parseDocumentPath);
    paths = compiled;
    read = (entry) => readPaths(compiled, entry);
    attributes = [];
    input = texts.length === 1 ? `the path '${texts[0]}'` : `the paths ${texts.map((t) => `'${t}'`).join(', ')}`;
  } else if (expr.from !== undefined) {
    const name = expr.from;
    read = (entry) => [...readAttribute(entry, name)];
    attributes = [name];
    input = `attribute '${name}'`;
  } else if (expr.template !== undefined) {
    const parts = parseTemplate(expr.template);
    if (typeof parts === 'string') throw new Error(`invalid template ${JSON.stringify(expr.template)}: ${parts}`);
    read = (entry) => renderTemplate(parts, entry);
    attributes = templateAttributes(parts);
    input = `the template "${expr.template}"`;
  } else {
    const constant = String(expr.value ?? '');
    read = () => [constant];
    attributes = [];
    input = `the constant '${constant}'`;
  }
  return {
    attributes,
    paths,
    input,
    optional: expr.optional ?? defaultOptional,
    evaluate(entry) {
      const input = read(entry);
      if (!Array.isArray(input)) return input;
      let values = input;
      for (const step of steps) {
        const result = step(values);
        if (!Array.isArray(result)) return result;
        values = result;
      }
      return { values: values.filter((v) => !isBlank(v)).map(asText) };
    },
  };
}
