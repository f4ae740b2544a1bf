import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall, runCommand, type PackedInstall } from './packed-install.js';

interface PackageJson {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
let installed: PackedInstall;

// npm pack builds with tsc; on a busy two-core machine that and the install
// take minutes, not seconds.
beforeAll(async () => {
  installed = await packAndInstall(process.cwd(), pkg.name);
}, 600_000);

afterAll(() => {
  if (installed) rmSync(installed.work, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds the build, the shipped data files and the license', () => {
    const required = [
      'package.json',
      'README.md',
      'LICENSE',
      'bin/deskbee-sync.js',
      'dist/src/cli/main.js',
      'dist/migrations/index.js',
      'mappings/hr-csv.yaml',
      'mappings/active-directory.yaml',
      'mappings/openldap.yaml',
      'mappings/README.md',
      'mappings/mapping.schema.json',
      'schemas/deskbee-sync.schema.json',
      'deskbee-sync.example.yaml',
      'deskbee-sync.ad.example.yaml',
      'deskbee-sync.ldap.example.yaml',
    ];
    expect(required.filter((file) => !installed.entries.includes(file))).toEqual([]);
    expect(installed.entries.filter((file) => file.startsWith('schemas/') && file.endsWith('.json')).length).toBeGreaterThan(0);
  });

  it('holds no tests, benchmarks, CI, scripts, TypeScript sources or source maps', () => {
    const stray = installed.entries.filter(
      (file) => /^(test|bench|\.ci|scripts|src|node_modules)\//.test(file) || /^dist\/(test|bench)\//.test(file) || /\.(ts|map)$/.test(file) || file.includes('.tsbuildinfo'),
    );
    expect(stray).toEqual([]);
  });

  it('imports at run time only node built-ins and its own dependencies, all installed, and no dev dependency is there', async () => {
    const specifiers = new Set<string>();
    for (const file of jsFiles(join(installed.packageDir, 'dist'))) for (const s of importSpecifiers(readFileSync(file, 'utf8'))) specifiers.add(s);
    const bare = [...specifiers].filter((s) => !s.startsWith('.') && !s.startsWith('/')).sort();
    const outside = bare.filter((s) => !s.startsWith('node:') && !builtinModules.includes(s) && !(packageName(s) in pkg.dependencies));
    expect(outside).toEqual([]);
    expect(bare.some((s) => packageName(s) === 'zod')).toBe(true); // the scan sees imports at all

    // Each one resolves from inside the installed package, as node would at run time.
    const script = 'for (const s of JSON.parse(process.argv[1])) import.meta.resolve(s);';
    const resolved = await runCommand(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(bare)], { cwd: installed.packageDir, env: installed.env, timeoutMs: 60_000 });
    expect(resolved.stderr).toBe('');
    expect(resolved.code).toBe(0);

    const devInstalled = Object.keys(pkg.devDependencies).filter(
      (dev) => existsSync(join(installed.packageDir, 'node_modules', dev)) || existsSync(join(installed.prefix, 'lib', 'node_modules', dev)),
    );
    expect(devInstalled).toEqual([]);
  });
});

describe('the installed deskbee-sync command', () => {
  it('prints the version in package.json', async () => {
    const result = await runCommand(installed.command, ['--version'], { cwd: installed.work, env: installed.env, timeoutMs: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('runs the demo: plans day 1 against an empty Deskbee, applies it, and converges', async () => {
    const result = await runCommand(installed.command, ['demo'], { cwd: installed.work, env: installed.env, timeoutMs: 300_000 });
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    const people = Number(/an HR export of (\d+) people/.exec(out)?.[1]);
    expect(people).toBeGreaterThan(0);
    expect(out).toMatch(/== Day 1: .*dry run/);
    expect(Number(/\+ create user\s+(\d+)/.exec(out)?.[1])).toBe(people);
    const planned = Number(/^\s+total\s+(\d+)/m.exec(out)?.[1]);
    expect(out).toContain('== Applying it');
    const applied = /Result\s+(\d+) applied, \d+ unconfirmed, (\d+) failed/.exec(out);
    expect([Number(applied?.[1]), Number(applied?.[2])]).toEqual([planned, 0]);
    expect(out).toMatch(/No changes/);
  }, 300_000);
});

function jsFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.js')) files.push(join(entry.parentPath, entry.name));
  }
  return files;
}

/** Module specifiers of static imports, re-exports, side-effect imports and dynamic imports with a literal. */
function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [/^\s*(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/gm, /^\s*import\s*['"]([^'"]+)['"]/gm, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}
