// @ts-check
/**
 * `npm run package`: bundles src/index.ts and what it uses of node_modules into dist/action.js,
 * with its source map and the licenses of the bundled packages, as GitHub's typescript-action
 * template does (rollup with node-resolve, commonjs and typescript). Choices of our own:
 * - tree-shaking treats every module as free of side effects, so a module nothing imports a value
 *   from is dropped: `@actions/core` brings `getIDToken`'s HTTP client (undici) along, which would
 *   otherwise be evaluated at every start. The build fails if undici comes back (see below);
 * - CommonJS output (dist/package.json says so): Node starts it faster than an ES module;
 * - our sources' comments are left out of dist/ (TypeScript's removeComments): Node scans the
 *   whole bundle at every start, and the comments were a quarter of it. The code stays as
 *   written, and the source map leads to src/, comments and all. Counted with callgrind (one
 *   default run against the emulator, node --single-threaded): 4.5 M fewer instructions of
 *   237 M, about 2 %;
 * - each feature (src/features/index.ts loads them with import()) in a chunk of its own,
 *   dist/feature-<its folder>.js, and each token source but IMDS (src/sources/choose.ts) in
 *   dist/source-<its module>.js, each required only by a step that asks for it or whose token
 *   comes from it: a step whose token comes from IMDS loads none of them, and Node neither reads
 *   nor scans their code. Code only such chunks share goes to dist/chunk-<module>.js; code the
 *   action itself uses stays in dist/action.js. Plain names, no hashes: dist/ is committed and
 *   compared with a fresh build, and GitHub loads it from the action's own checkout.
 * rollup itself is its WebAssembly build, @rollup/wasm-node: the same bundler without a native
 * package per platform, which package-lock.json would otherwise have to list for every OS.
 * GitHub runs dist/index.js, which loads the bundle, dist/action.js: with debug logging on, it
 * first has Node map stack traces to src/ through dist/action.js.map (reading the map costs about
 * 10 ms, so only then).
 */
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';

/** Packages that must never be in the bundle: loading them costs more than the whole action. */
const FORBIDDEN = ['undici', 'tunnel', '@actions/exec', '@actions/io'];

const ENTRY = `'use strict';
// GitHub runs this file; the action is action.js. With debug logging on, stack traces in the log
// point at src/ through action.js.map.
if (process.env.RUNNER_DEBUG === '1') process.setSourceMapsEnabled(true);
require('./action.js');
`;

/** The package (name and folder) a bundled module belongs to, or undefined for our own sources. */
function packageOf(/** @type {string} */ id) {
  const at = id.lastIndexOf(`${sep}node_modules${sep}`);
  if (at < 0) return undefined;
  const [scope = '', name = ''] = id.slice(at + 14).split(sep);
  const packageName = scope.startsWith('@') ? `${scope}/${name}` : scope;
  return { name: packageName, folder: join(id.slice(0, at + 14), packageName) };
}

/** @returns {import('@rollup/wasm-node').Plugin} */
function bundledPackages() {
  return {
    name: 'bundled-packages',
    generateBundle(_options, bundle) {
      /** @type {Map<string, string>} */
      const packages = new Map();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const id of Object.keys(chunk.modules)) {
          const found = packageOf(id);
          if (found) packages.set(found.name, found.folder);
        }
      }
      const forbidden = [...packages.keys()].filter((name) => FORBIDDEN.includes(name));
      if (forbidden.length > 0) {
        this.error(
          `The bundle holds ${forbidden.join(', ')}: import named functions, not a whole module's namespace, so that tree-shaking drops them.`
        );
      }
      // dist/licenses.txt: each bundled package's name, license and license text.
      const notices = [...packages.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, folder]) => {
          const { license } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
          const file = readdirSync(folder).find((entry) => /^(licen[cs]e|copying)(\.|$)/i.test(entry));
          const text = file ? readFileSync(join(folder, file), 'utf8').trim() : '';
          return `${name}\n${license}\n${text}\n`;
        });
      this.emitFile({ type: 'asset', fileName: 'licenses.txt', source: notices.join('\n') });
      this.emitFile({ type: 'asset', fileName: 'index.js', source: ENTRY });
      this.emitFile({ type: 'asset', fileName: 'package.json', source: '{\n  "type": "commonjs"\n}\n' });
    }
  };
}

/** @type {import('@rollup/wasm-node').RollupOptions} */
export default {
  input: 'src/index.ts',
  output: {
    dir: 'dist',
    entryFileNames: 'action.js',
    chunkFileNames: (chunk) => {
      const facade = chunk.isDynamicEntry ? chunk.facadeModuleId : null;
      if (facade && basename(facade) === 'feature.ts') return `feature-${basename(dirname(facade))}.js`;
      if (facade && basename(dirname(facade)) === 'sources') return `source-${basename(facade, '.ts')}.js`;
      return 'chunk-[name].js';
    },
    // A chunk requires what it uses itself, not what the modules it imports from use (the
    // toolkit's os and crypto): loading a feature loads nothing else.
    hoistTransitiveImports: false,
    format: 'cjs',
    sourcemap: true
  },
  treeshake: { moduleSideEffects: false },
  onwarn(warning, warn) {
    // The toolkit's compiled helpers read `this` at the top of an ES module (undefined, as they
    // expect), and core.js and oidc-utils.js import each other: both harmless, both not ours.
    const inPackages = (warning.id ?? warning.ids?.[0] ?? '').includes(`${sep}node_modules${sep}`);
    if (inPackages && (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY')) return;
    warn(warning);
  },
  plugins: [
    typescript({ noEmit: false, outDir: 'dist', sourceMap: true, removeComments: true, include: ['src/**/*.ts'] }),
    nodeResolve({ preferBuiltins: true }),
    commonjs(),
    bundledPackages()
  ]
};
