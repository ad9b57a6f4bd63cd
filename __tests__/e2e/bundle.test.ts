/**
 * The committed bundle itself: what it holds (tree-shaking left undici and the rest of
 * `@actions/core`'s HTTP stack out; rollup.config.js refuses to build otherwise) and that its
 * source map makes the stack traces of a debug log point at src/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../../__fixtures__/emulator.js';
import { findLeaks } from '../../__fixtures__/leaks.js';
import { runStep } from '../../__fixtures__/action-yml.js';
import { ROOT } from '../../__fixtures__/run-action.js';

const map = JSON.parse(readFileSync(join(ROOT, 'dist', 'action.js.map'), 'utf8')) as { sources: string[] };

describe('dist/action.js', () => {
  it('holds our sources and only the parts of the toolkit it uses', () => {
    const packages = new Set(map.sources.flatMap((source) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1] ?? []));
    expect([...packages].sort()).toEqual(['@actions/core']);
    expect(map.sources).toContain('../src/main.ts');
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
