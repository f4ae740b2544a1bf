/**
 * The handler record is checked by the compiler: a change kind without its
 * handler, or a handler filed under another kind, does not type-check. The
 * fixtures are compiled in memory with the project's own compiler options.
 */
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const fixturePath = join(root, 'test/engine/handler-record.fixture.ts');

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  return { ...parsed.options, noEmit: true };
}

/** The diagnostics of `source` compiled as a file of this project, as "TSnnnn message" lines. */
function diagnosticsOf(source: string): string[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError, create) =>
    resolve(name) === fixturePath ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, onError, create);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => resolve(name) === fixturePath || fileExists(name);
  const program = ts.createProgram({ rootNames: [fixturePath], options, host });
  const file = program.getSourceFile(fixturePath)!;
  return ts.getPreEmitDiagnostics(program, file).map((d) => `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

const imports = `
import type { ChangeHandlers } from '../../src/engine/change-kinds/index.js';
import { changeHandlers } from '../../src/engine/change-kinds/index.js';
`;

describe('the change handler record', () => {
  it('type-checks with every kind', () => {
    expect(diagnosticsOf(`${imports}\nexport const all: ChangeHandlers = { ...changeHandlers };\n`)).toEqual([]);
  });

  it('does not type-check with a kind left out', () => {
    const errors = diagnosticsOf(`${imports}\nconst { deleteSquad: _left, ...rest } = changeHandlers;\nexport const missing: ChangeHandlers = rest;\n`);
    expect(errors).toEqual([expect.stringMatching(/^TS2741 Property 'deleteSquad' is missing in type/)]);
  });

  it('does not type-check with a handler filed under another kind', () => {
    const errors = diagnosticsOf(`${imports}\nexport const swapped: ChangeHandlers = { ...changeHandlers, deleteSquad: changeHandlers.deleteCostCenter };\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^TS2322 .*deleteCostCenter.*deleteSquad|^TS2322 .*deleteSquad.*deleteCostCenter/);
  });
});
