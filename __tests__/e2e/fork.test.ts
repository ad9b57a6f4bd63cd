/**
 * End to end for the fork warning: the bundle reads the event file the runner hands it
 * (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH) and prints one warning for a pull request from a fork,
 * and nothing, without failing, for anything it cannot read.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolder } from '../../__fixtures__/cleanup.js';
import { startEmulator } from '../../__fixtures__/emulator.js';
import { findLeaks } from '../../__fixtures__/leaks.js';
import { runAction } from '../../__fixtures__/run-action.js';

const folder = temporaryFolder('fork-e2e-');
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function act(eventName: string, event: string) {
  const imds = await startEmulator();
  closers.push(imds.close);
  const eventPath = join(folder, `${eventName}-${closers.length}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(eventPath, event);
  const run = await runAction({
    inputs: { endpoint: imds.url },
    env: {
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_ACTION_REPOSITORY: 'contoso/msi-token'
    },
    killAfterMs: 30_000
  });
  expect(findLeaks(run, imds.issuedTokens)).toEqual([]);
  return run;
}
const warnings = (stdout: string): string[] => stdout.split('\n').filter((line) => line.startsWith('::warning::'));
const fromFork = JSON.stringify({
  action: 'synchronize',
  pull_request: { head: { repo: { id: 2, full_name: 'mallory/app', fork: true } }, base: { repo: { id: 1, full_name: 'contoso/app' } } }
});

describe('the fork warning, end to end', () => {
  it('warns once on a pull request from a fork, linking the recipe, and still hands over the token', async () => {
    const run = await act('pull_request', fromFork);
    expect(run.code).toBe(0);
    expect(warnings(run.stdout)).toEqual([
      '::warning::This job runs the code of a pull request from the fork mallory/app on a runner whose managed identity that ' +
        'code can use. Run pull requests from forks on runners without the identity, or only after approval: ' +
        'https://github.com/contoso/msi-token#pull-requests-from-forks'
    ]);
    expect(run.outputs['access-token']).toBeTruthy();
  });

  it.each([
    ['a push', 'push', fromFork],
    ['a pull request from a branch of the same repository', 'pull_request', fromFork.replace('"id":2', '"id":1')],
    ['a broken event file', 'pull_request', '{"pull_request": {']
  ])('says nothing for %s, and succeeds', async (_, name, event) => {
    const run = await act(name, event);
    expect(run.code).toBe(0);
    expect(warnings(run.stdout)).toEqual([]);
  });
});
