/**
 * The layering rules DESIGN.md states, read from the code's own imports:
 * the CLI is a leaf (nothing outside src/cli imports it, the bench
 * included), and no file takes part in an import loop, type-only imports
 * counted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** The project files a file imports or re-exports from (relative specifiers only). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const targets: string[] = [];
  for (const statement of source.statements) {
    const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
    if (specifier?.startsWith('.')) targets.push(relative(root, resolve(root, dirname(file), specifier.replace(/\.js$/, '.ts'))));
  }
  return targets;
}

/** Files in import loops: Tarjan's strongly connected components larger than one file. */
function loops(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indexOf.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      for (;;) {
        const member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
        if (member === node) break;
      }
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
  return found;
}

describe('import rules', () => {
  const files = [...sourceFiles('src'), ...sourceFiles('bench'), ...sourceFiles('migrations')];
  const graph = new Map(files.map((file) => [file, importsOf(file)]));

  it('reads the imports it checks', () => {
    expect(graph.get('src/cli/main.ts')).toContain('src/cli/cli-io.ts');
    expect(files.length).toBeGreaterThan(200);
  });

  it('nothing outside src/cli imports src/cli', () => {
    const offenders = [...graph].filter(([file]) => !file.startsWith('src/cli/')).flatMap(([file, targets]) => targets.filter((t) => t.startsWith('src/cli/')).map((t) => `${file} -> ${t}`));
    expect(offenders).toEqual([]);
  });

  it('finds a loop where there is one', () => {
    const synthetic = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    expect(loops(synthetic)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('no import loops anywhere', () => {
    expect(loops(graph)).toEqual([]);
  });
});
