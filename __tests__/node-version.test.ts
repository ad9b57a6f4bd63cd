/**
 * The tests run on Node 24, whatever Node runs npm: `npm ci` installs it into node_modules (the
 * pinned `node` dev dependency) and npm puts node_modules/.bin first on PATH inside its scripts.
 * scripts/check-node.cjs, the `pre` script of npm test, npm run bench and npm run local-action,
 * stops an older Node with one line, which only happens when that install is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { ROOT } from '../__fixtures__/run-action.js';

const { nodeVersionProblem } = createRequire(join(ROOT, 'package.json'))('./scripts/check-node.cjs') as {
  nodeVersionProblem: (version: string) => string | undefined;
};
const CHECK = join(ROOT, 'scripts', 'check-node.cjs');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

describe('the Node version check', () => {
  it.each(['v20.19.0', '22.11.0', 'v18.20.4', 'v23.11.1'])('stops Node %s with one line saying to run npm ci', (version) => {
    const problem = nodeVersionProblem(version) ?? '';
    expect(problem).toContain('needs Node 24');
    expect(problem).toContain(`this is Node ${version.replace(/^v?/, 'v')}`);
    expect(problem).toMatch(/Run npm ci first: it installs Node 24/);
    expect(problem).not.toContain('\n');
  });

  it.each(['v24.0.0', '24.11.1', 'v25.2.0'])('lets Node %s through', (version) => {
    expect(nodeVersionProblem(version)).toBeUndefined();
  });

  it('is silent on this Node', () => {
    const run = spawnSync(process.execPath, [CHECK], { encoding: 'utf8' });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '', '']);
  });

  it('runs before every script that needs Node 24', () => {
    for (const script of ['test', 'bench', 'local-action']) expect(packageJson.scripts[`pre${script}`]).toBe('node scripts/check-node.cjs');
  });
});

describe('Node 24 from npm', () => {
  it('is a pinned dev dependency on 24, the runtime action.yml declares', () => {
    expect(packageJson.devDependencies['node']).toMatch(/^24\.\d+\.\d+$/);
    expect(readFileSync(join(ROOT, 'action.yml'), 'utf8')).toMatch(/^ {2}using: node24$/m);
  });

  it('is what this test runs on', () => {
    expect(process.versions.node).toBe(packageJson.devDependencies['node']);
  });
});

/** Older Node installations on this machine (the system's own, say), each with its npm. */
const olderNodes = [...new Set([...(process.env['PATH'] ?? '').split(delimiter), '/usr/bin', '/usr/local/bin', '/bin'])]
  .filter((dir) => dir && existsSync(join(dir, 'node')) && existsSync(join(dir, 'npm')))
  .map((dir) => ({ dir, version: spawnSync(join(dir, 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim() }))
  .filter(({ version }) => /^v\d+\./.test(version) && Number(version.slice(1).split('.')[0]) < 24);
const older = olderNodes[0];

(older ? describe : describe.skip)(`npm run on an older Node (${older?.version ?? 'none on this machine'})`, () => {
  it("runs the project's scripts on the Node 24 in node_modules", () => {
    // npm itself runs on the older Node; its script (the version check, which fails on anything
    // older than 24) must find Node 24 first on PATH.
    const run = spawnSync('npm', ['run', '-s', 'pretest'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${older!.dir}${delimiter}${process.env['PATH'] ?? ''}`, npm_config_update_notifier: 'false' },
      timeout: 60_000
    });
    expect([run.status, `${run.stdout}${run.stderr}`]).toEqual([0, '']);
    const npmNode = spawnSync('npm', ['exec', '--offline', '--', 'node', '--version'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${older!.dir}${delimiter}${process.env['PATH'] ?? ''}`, npm_config_update_notifier: 'false' },
      timeout: 60_000
    });
    expect(npmNode.stdout.trim()).toBe(`v${packageJson.devDependencies['node']}`);
  });
});
