/**
 * The committed bundle itself: what it holds (tree-shaking left undici and the rest of
 * `@actions/core`'s HTTP stack out; rollup.config.js refuses to build otherwise), that each
 * feature is a chunk of its own that a default step does not load, and that its source map
 * makes the stack traces of a debug log point at src/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../../__fixtures__/emulator.js';
import { findLeaks } from '../../__fixtures__/leaks.js';
import { loadedFiles, loadedFilesOptions } from '../../__fixtures__/loaded-files.js';
import { runStep } from '../../__fixtures__/action-yml.js';
import { ROOT } from '../../__fixtures__/run-action.js';

const sourcesOf = (file: string): string[] =>
  (JSON.parse(readFileSync(join(ROOT, 'dist', `${file}.map`), 'utf8')) as { sources: string[] }).sources;
const map = { sources: sourcesOf('action.js') };
/** The features src/features/index.ts loads, by folder ("registry", "verify"). */
const FEATURE_FOLDERS = [
  ...readFileSync(join(ROOT, 'src', 'features', 'index.ts'), 'utf8').matchAll(/import\('\.\.\/([^/']+)\/feature\.js'\)/g)
].map(([, folder]) => folder!);

/** The token sources src/sources/choose.ts loads on demand, by module ("arc", "vm-extension"). */
const SOURCE_MODULES = [
  ...new Set(
    [...readFileSync(join(ROOT, 'src', 'sources', 'choose.ts'), 'utf8').matchAll(/import\('\.\/([^/']+)\.js'\)/g)].map(
      ([, module]) => module!
    )
  )
];

describe('dist/action.js', () => {
  it('holds our sources and only the parts of the toolkit it uses', () => {
    const packages = new Set(map.sources.flatMap((source) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1] ?? []));
    expect([...packages].sort()).toEqual(['@actions/core']);
    expect(map.sources).toContain('../src/main.ts');
  });

  it('holds no feature: each is a chunk of its own, dist/feature-<folder>.js, with its source map', () => {
    expect(FEATURE_FOLDERS).toEqual(['registry', 'verify', 'keyvault']);
    expect(
      readdirSync(join(ROOT, 'dist'))
        .filter((file) => /^(feature|chunk)-/.test(file))
        .sort()
    ).toEqual(FEATURE_FOLDERS.flatMap((folder) => [`feature-${folder}.js`, `feature-${folder}.js.map`]).sort());
    // file-once.ts is shared by Arc and workload identity, and fork.ts reads the event file with it on every step.
    expect(map.sources).toContain('../src/file-once.ts');
    const inFeature = (source: string): boolean => FEATURE_FOLDERS.some((folder) => source.startsWith(`../src/${folder}/`));
    expect(map.sources.filter(inFeature)).toEqual([]);
    for (const folder of FEATURE_FOLDERS) {
      const sources = sourcesOf(`feature-${folder}.js`);
      expect(sources).toContain(`../src/${folder}/feature.ts`);
      expect([folder, sources.filter((source) => !source.startsWith(`../src/${folder}/`))]).toEqual([folder, []]);
    }
  });

  it('holds no token source but IMDS: each other is a file of its own, dist/source-<module>.js', () => {
    expect(SOURCE_MODULES.sort()).toEqual(['app-service', 'arc', 'vm-extension', 'workload-identity']);
    expect(
      readdirSync(join(ROOT, 'dist'))
        .filter((file) => file.startsWith('source-'))
        .sort()
    ).toEqual(SOURCE_MODULES.flatMap((module) => [`source-${module}.js`, `source-${module}.js.map`]).sort());
    expect(map.sources.filter((source) => SOURCE_MODULES.some((module) => source === `../src/sources/${module}.ts`))).toEqual([]);
    for (const module of SOURCE_MODULES) expect(sourcesOf(`source-${module}.js`)).toEqual([`../src/sources/${module}.ts`]);
  });

  it('loads no feature on a default step', async () => {
    const emulator = await startEmulator();
    try {
      const run = await runStep({ inputs: { endpoint: emulator.url }, env: { NODE_OPTIONS: loadedFilesOptions() } });
      expect(run.code).toBe(0);
      // Nor any token source but IMDS, whose code is in action.js.
      expect(loadedFiles(run)).toEqual(['action.js', 'index.js']);
      expect(findLeaks(run, emulator.issuedTokens)).toEqual([]);
    } finally {
      await emulator.close();
    }
  });

  it('shows stack traces of src/ in a debug log, and of the bundle otherwise', async () => {
    const emulator = await startEmulator();
    try {
      // A step whose output file is gone: @actions/core throws, and main prints the stack as a debug line.
      const env = { GITHUB_OUTPUT: join(ROOT, 'no-such-folder', 'output') };
      const debugRun = await runStep({ inputs: { endpoint: emulator.url }, env: { ...env, RUNNER_DEBUG: '1' } });
      const plainRun = await runStep({ inputs: { endpoint: emulator.url }, env });
      const stackOf = (stdout: string): string => stdout.split('\n').find((line) => line.startsWith('::debug::Error: Missing file')) ?? '';

      expect(debugRun.code).toBe(1);
      expect(stackOf(debugRun.stdout)).toContain(`at handOver (${join(ROOT, 'src', 'main.ts')}:`);
      expect(plainRun.code).toBe(1);
      expect(stackOf(plainRun.stdout)).toContain(`at handOver (${join(ROOT, 'dist', 'action.js')}:`);
      for (const run of [debugRun, plainRun]) expect(findLeaks(run, emulator.issuedTokens)).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});
