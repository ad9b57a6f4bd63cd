/**
 * `npm test`, `npm start` and `npm run bench` stop at once on a Node older than 24, with one line
 * saying what is needed and how to get it (scripts/check-node.cjs, their `pre` script), instead
 * of a hundred tests failing on APIs older Node versions lack.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { stopWhenOver, temporaryFolder } from '../__fixtures__/cleanup.js';
import { ROOT } from '../__fixtures__/run-action.js';

const { nodeVersionProblem } = createRequire(join(ROOT, 'package.json'))('./scripts/check-node.cjs') as {
  nodeVersionProblem: (version: string) => string | undefined;
};
const CHECK = join(ROOT, 'scripts', 'check-node.cjs');

describe('the Node version check', () => {
  it.each(['v20.19.0', '22.11.0', 'v18.20.4', 'v23.11.1'])('stops Node %s with one line saying how to get Node 24', (version) => {
    const problem = nodeVersionProblem(version) ?? '';
    expect(problem).toContain('needs Node 24');
    expect(problem).toContain(`this is Node ${version.replace(/^v?/, 'v')}`);
    expect(problem).toMatch(/nvm install 24.*fnm use --install-if-missing 24.*bash \.ci\/run/);
    expect(problem).not.toContain('\n');
  });

  it.each(['v24.0.0', '24.11.1', 'v25.2.0'])('lets Node %s through', (version) => {
    expect(nodeVersionProblem(version)).toBeUndefined();
  });

  it('is silent on this Node', () => {
    const run = spawnSync(process.execPath, [CHECK], { encoding: 'utf8' });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '', '']);
  });
});

/** Older Node installations on this machine (the system's own, say), each with its npm. */
const olderNodes = [...new Set([...(process.env['PATH'] ?? '').split(delimiter), '/usr/bin', '/usr/local/bin', '/bin'])]
  .filter((dir) => dir && existsSync(join(dir, 'node')) && existsSync(join(dir, 'npm')))
  .map((dir) => ({ dir, version: spawnSync(join(dir, 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim() }))
  .filter(({ version }) => /^v\d+\./.test(version) && Number(version.slice(1).split('.')[0]) < 24);
const older = olderNodes[0];

(older ? describe : describe.skip)(`npm test on an older Node (${older?.version ?? 'none on this machine'})`, () => {
  it('stops before the type check or any test, with the one line', async () => {
    // Its own TMPDIR, removed after the test, and its own process group, killed whole after
    // 10 s (twice the bound below): should the check let it through, the nested run (tsc's
    // compile cache, Jest's cache and workers) would otherwise go on writing there after the test.
    const temporary = temporaryFolder('msi-token-npm-test-');
    const started = Date.now();
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('npm', ['test'], {
        cwd: ROOT,
        env: {
          ...process.env,
          PATH: `${older!.dir}${delimiter}${process.env['PATH'] ?? ''}`,
          TMPDIR: temporary,
          npm_config_update_notifier: 'false'
        },
        detached: true
      });
      stopWhenOver(child, { group: true });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });
    const elapsedMs = Date.now() - started;
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status).not.toBe(0);
    expect(output).toContain(nodeVersionProblem(older!.version));
    expect(output).not.toContain('tsc --noEmit');
    // About 0.4 s here; the bound leaves room for a busy machine.
    expect(elapsedMs).toBeLessThan(5_000);
  }, 20_000);
});
