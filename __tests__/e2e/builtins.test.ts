/**
 * Start-up, guarded without a clock: which of Node's own modules the bundle loads on the default
 * path (a token from IMDS) and with `verify`. Each one below costs every job its loading time
 * (BENCHMARKS.md has the figures) and none is needed there: node:crypto and OpenSSL's binding
 * (the toolkit's heredoc delimiters; src/toolkit/file-commands.ts), TLS (IMDS is plain HTTP),
 * fs.promises and with it libuv's thread pool (the toolkit's summary write;
 * src/toolkit/job-summary.ts), node:os (the toolkit's log line ending; src/toolkit/log-commands.ts),
 * worker threads. `verify` talks TLS to Resource Manager, so it
 * loads crypto and TLS, but still none of the others. Timing itself is the bench's business.
 */
import { startArm, TEST_CA } from '../../__fixtures__/arm-emulator.js';
import { startEmulator } from '../../__fixtures__/emulator.js';
import { runStep } from '../../__fixtures__/action-yml.js';
import { ROOT } from '../../__fixtures__/run-action.js';
import { join } from 'node:path';

const PRELOAD = join(ROOT, '__fixtures__', 'module-list.cjs');

/** What each path must not load, as prefixes of `process.moduleLoadList` entries. */
const NEVER = [
  // core's log lines need only its line ending from node:os (src/toolkit/log-commands.ts).
  'NativeModule os',
  'NativeModule fs/promises',
  'NativeModule internal/fs/promises',
  'NativeModule worker_threads',
  'NativeModule internal/worker '
];
const NOT_ON_DEFAULT_PATH = [
  'NativeModule crypto',
  'NativeModule internal/crypto/',
  'Internal Binding crypto',
  'NativeModule tls',
  'NativeModule internal/tls/',
  'NativeModule https',
  'NativeModule _tls_'
];

/** Every built-in module and binding the step loaded. */
async function loadedBy(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<string[]> {
  const run = await runStep({ inputs, env: { ...env, NODE_OPTIONS: `--require ${PRELOAD}` } });
  expect(run.stderr.replace(/\nmodule-list .*\n/, '')).toBe('');
  expect(run.code).toBe(0);
  const line = /^module-list (.*)$/m.exec(run.stderr)?.[1];
  expect(line).toBeDefined();
  return JSON.parse(line ?? '[]') as string[];
}

const matching = (loaded: string[], prefixes: string[]): string[] =>
  loaded.filter((entry) => prefixes.some((prefix) => `${entry} `.startsWith(prefix)));

describe("the bundle's built-in modules", () => {
  it('on the default path: no crypto, no TLS, no fs.promises, no node:os, no worker threads', async () => {
    const imds = await startEmulator();
    try {
      const loaded = await loadedBy({ endpoint: imds.url });
      // The list is real: it holds what the step did need.
      expect(loaded).toEqual(expect.arrayContaining(['NativeModule http', 'NativeModule net', 'NativeModule fs']));
      expect(matching(loaded, [...NEVER, ...NOT_ON_DEFAULT_PATH])).toEqual([]);
    } finally {
      await imds.close();
    }
  });

  it('with verify (TLS to Resource Manager): no fs.promises, no node:os, no worker threads', async () => {
    const imds = await startEmulator();
    const arm = await startArm({ imds });
    try {
      const loaded = await loadedBy({ endpoint: imds.url, verify: 'true', 'arm-endpoint': arm.url }, { NODE_EXTRA_CA_CERTS: TEST_CA });
      expect(arm.requests).toHaveLength(1);
      expect(loaded).toEqual(expect.arrayContaining(['NativeModule https', 'NativeModule tls']));
      expect(matching(loaded, NEVER)).toEqual([]);
    } finally {
      await Promise.all([arm.close(), imds.close()]);
    }
  });
});
