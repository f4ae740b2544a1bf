/**
 * `apply --format json`'s one document, a chunk at a time: the plan as the
 * plan file writes it, and the result with one outcome a line, so that a
 * plan of a million changes never becomes one string.
 */
import type { ApplyDocument } from '../plan/apply-document.js';
import { planJsonChunks } from '../plan/plan-json.js';

export function* applyDocumentChunks(document: ApplyDocument): Generator<string> {
  const { plan, result, ...head } = document;
  yield '{\n';
  for (const [key, value] of Object.entries(head)) yield `  ${JSON.stringify(key)}: ${JSON.stringify(value)},\n`;
  yield '  "plan": ';
  if (plan) yield* planJsonChunks(plan);
  else yield 'null';
  yield ',\n  "result": ';
  if (!result) yield 'null';
  else {
    const { outcomes, ...rest } = result;
    yield '{\n';
    for (const [key, value] of Object.entries(rest)) yield `    ${JSON.stringify(key)}: ${JSON.stringify(value)},\n`;
    yield '    "outcomes": [';
    for (let i = 0; i < outcomes.length; i += 1) yield `${i === 0 ? '\n' : ',\n'}      ${JSON.stringify(outcomes[i])}`;
    yield outcomes.length > 0 ? '\n    ]\n  }' : ']\n  }';
  }
  yield '\n}\n';
}
