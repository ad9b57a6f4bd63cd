/**
 * How the modules of src/ depend on each other: no import circle (a module that needs itself,
 * through others, before it has run), and input parsing depends on no feature it configures.
 * Every import counts: static, type-only (a circle of types is still one of knowledge),
 * re-exports and dynamic `import()`; TypeScript's own pre-processor reads them, so an import
 * named in a comment or a string does not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../__fixtures__/run-action.js';

const SRC = join(ROOT, 'src');

/** Every .ts file under src/, as a path relative to src/ ("registry/registry.ts"). */
function sources(folder = SRC): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

/** The src/ modules `file` imports, in any way, relative to src/. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(SRC, file), 'utf8'), true, true);
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(SRC, resolve(SRC, dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

const graph = new Map(sources().map((file) => [file, importsOf(file)]));

/** Every circle, each as the path that closes it ("a.ts → b.ts → a.ts"), found by depth-first search. */
function circles(of: ReadonlyMap<string, readonly string[]>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const visit = (file: string, path: string[]): void => {
    const at = path.indexOf(file);
    if (at >= 0) {
      found.push([...path.slice(at), file].join(' → '));
      return;
    }
    if (done.has(file)) return;
    for (const next of of.get(file) ?? []) visit(next, [...path, file]);
    done.add(file);
  };
  for (const file of of.keys()) visit(file, []);
  return found;
}

/** Every module `file` depends on, directly or through others. */
function dependenciesOf(file: string, seen = new Set<string>()): Set<string> {
  for (const next of graph.get(file) ?? []) {
    if (!seen.has(next)) {
      seen.add(next);
      dependenciesOf(next, seen);
    }
  }
  return seen;
}

/** The folders of the features, as src/features/index.ts loads them ("registry/", "verify/"). */
const featureFolders = (graph.get(join('features', 'index.ts')) ?? [])
  .filter((file) => dirname(file) !== 'features')
  .map((file) => `${dirname(file)}/`);

describe('the imports of src/', () => {
  it('resolve to modules that exist', () => {
    const missing = [...graph].flatMap(([file, imports]) => imports.filter((target) => !graph.has(target)).map((t) => `${file} → ${t}`));
    expect(missing).toEqual([]);
  });

  it('form no circle', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('find a circle where there is one', () => {
    // The search itself, on a graph with a circle in it: a test that could not fail would prove nothing.
    const small = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []]
    ]);
    expect(circles(small)).toEqual(['a.ts → b.ts → c.ts → a.ts']);
  });

  it('keep input parsing apart from the features it configures', () => {
    expect(featureFolders).toEqual(expect.arrayContaining(['registry/', 'verify/']));
    const used = [...dependenciesOf('inputs.ts')];
    expect(used.filter((file) => file.startsWith('features/') || featureFolders.some((folder) => file.startsWith(folder)))).toEqual([]);
  });
});
