/**
 * The transforms of a value expression, compiled once per mapping into
 * functions over a list of values. A value stays bytes (a Buffer) until a
 * transform needs text; text transforms read bytes as UTF-8.
 */
import type { AttributeValue } from '../sources/source.js';
import { toGuid } from './guid.js';
import type { Transform } from './mapping-schema.js';

/** The values an expression carries between transforms. */
export type Values = AttributeValue[];

/** A transform's output, or a plain-English problem with this entry's value. */
export type StepResult = Values | { problem: string };

/** One compiled transform. */
export type Step = (values: Values) => StepResult;

/** Text of a value; bytes are read as UTF-8. */
export function asText(value: AttributeValue): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}

/** A value quoted for a message; bytes shown as hex. */
export function quote(value: AttributeValue): string {
  if (typeof value !== 'string') return `<${value.length} bytes ${value.toString('hex').slice(0, 40)}${value.length > 20 ? '…' : ''}>`;
  const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return `'${shown}'`;
}

/** True when a value carries nothing: empty, or only white space. */
export function isBlank(value: AttributeValue): boolean {
  return typeof value === 'string' ? value.trim() === '' : value.length === 0;
}

function scalarText(value: string | number | boolean): string {
  return String(value);
}

function perValue(fn: (value: AttributeValue) => string | undefined | { problem: string }): Step {
  return (values) => {
    const out: Values = [];
    for (const value of values) {
      const result = fn(value);
      if (typeof result === 'object') return result;
      if (result !== undefined) out.push(result);
    }
    return out;
  };
}

function lookupStep(table: Record<string, string | number | boolean | null>, otherwise: string | number | boolean | null | undefined): Step {
  const keys = Object.keys(table);
  return perValue((value) => {
    const key = asText(value);
    const hit = Object.hasOwn(table, key) ? table[key] : otherwise;
    if (hit === undefined) {
      const known = keys.slice(0, 8).map((k) => `'${k}'`).join(', ') + (keys.length > 8 ? ', …' : '');
      return {
        problem: `${quote(value)} is not in the lookup table (${known || 'which is empty'}); add it to the table or give the lookup an otherwise`,
      };
    }
    return hit === null ? undefined : scalarText(hit);
  });
}

/** Compiles one transform. The mapping was validated, so its regexes compile. */
export function compileTransform(transform: Transform): Step {
  if (typeof transform === 'string') {
    switch (transform) {
      case 'trim':
        return perValue((v) => asText(v).trim());
      case 'lower':
        return perValue((v) => asText(v).toLowerCase());
      case 'upper':
        return perValue((v) => asText(v).toUpperCase());
      case 'first':
        return (values) => values.slice(0, 1);
      case 'guid':
        return perValue((v) => toGuid(v) ?? { problem: `${quote(v)} is not an objectGUID (16 bytes) nor GUID text` });
      case 'hex':
        return perValue((v) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v).toString('hex'));
      case 'base64':
        return perValue((v) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v).toString('base64'));
    }
  }
  if (transform.replace) {
    const { pattern, with: replacement, flags } = transform.replace;
    const regex = new RegExp(pattern, `${flags ?? ''}g`);
    return perValue((v) => asText(v).replace(regex, replacement));
  }
  if (transform.split !== undefined) {
    const separator = transform.split;
    return (values) => values.flatMap((v) => asText(v).split(separator));
  }
  if (transform.lookup) return lookupStep(transform.lookup.table, transform.lookup.otherwise);
  if (transform.default !== undefined) {
    const fallback = scalarText(transform.default);
    return (values) => (values.some((v) => !isBlank(v)) ? values : [fallback]);
  }
  // The schema allows exactly one key per transform object; an empty one cannot get here.
  throw new Error(`unknown transform ${JSON.stringify(transform)}`);
}
