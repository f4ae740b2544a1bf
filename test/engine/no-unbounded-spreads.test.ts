/**
 * Nothing is bounded by the call stack (DESIGN.md): spreading an array into
 * a call's arguments (`Math.max(...xs)`, `list.push(...xs)`) throws
 * "Maximum call stack size exceeded" past about 125,000 elements. This
 * test reads every source file with the TypeScript parser and fails on any
 * spread argument, unless its line (or the line above) says why the array
 * is small: a comment `// bounded: <why>`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** `file:line  code` for every spread argument without a `// bounded:` reason. */
function unboundedSpreads(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const tree = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.some(ts.isSpreadElement)) {
      const line = tree.getLineAndCharacterOfPosition(node.getStart()).line;
      const reason = /\/\/ bounded: \S/;
      if (!reason.test(lines[line] ?? '') && !reason.test(lines[line - 1] ?? '')) found.push(`${file}:${line + 1}  ${(lines[line] ?? '').trim()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

describe('no spread of an unbounded array into a call', () => {
  it('finds none in src/ (or each says why its array is small)', () => {
    expect(sourceFiles('src').flatMap(unboundedSpreads)).toEqual([]);
  });

  it('would find one', () => {
    const dir = 'test/fixtures/spreads';
    expect(sourceFiles(dir).flatMap(unboundedSpreads).map((s) => s.replace(/^.*fixture\.ts:/, ''))).toEqual([
      '2  return Math.max(...values);',
      '5  list.push(...more);',
    ]);
  });
});
