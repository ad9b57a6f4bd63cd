import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { fakeJwt, imdsTokenBody } from '../__fixtures__/bodies.js';
import { temporaryFolder } from '../__fixtures__/cleanup.js';
import { fakeClock } from '../__fixtures__/clock.js';
import { withInputs } from '../__fixtures__/core.js';
import { isolateNetwork } from '../__fixtures__/nock.js';
import { forkPullRequest, forkWarning, readmeUrl } from '../src/fork.js';
import { send } from '../src/http/send.js';
import { run } from '../src/main.js';

isolateNetwork();

const folder = temporaryFolder('fork-test-');

let files = 0;
/** An event file as the runner writes it, holding `payload`. */
function eventFile(payload: unknown): string {
  const path = join(folder, `event-${++files}.json`);
  writeFileSync(path, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return path;
}

const BASE = { id: 100, full_name: 'contoso/app', fork: false };
const pullRequest = (head: unknown, base: unknown = BASE) => ({
  action: 'opened',
  number: 7,
  pull_request: { head: { repo: head }, base: { repo: base } }
});
const FROM_FORK = pullRequest({ id: 200, full_name: 'mallory/app', fork: true });
const env = (name: string, payload: unknown) => ({ GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: eventFile(payload) });

describe('forkPullRequest', () => {
  it.each(['pull_request', 'pull_request_review', 'pull_request_review_comment'])('sees a %s from a fork, which runs its code', (name) => {
    expect(forkPullRequest(env(name, FROM_FORK))).toEqual({ event: 'pull_request', head: 'mallory/app' });
  });

  it('sees a pull_request_target from a fork, which may run its code', () => {
    expect(forkPullRequest(env('pull_request_target', FROM_FORK))).toEqual({ event: 'pull_request_target', head: 'mallory/app' });
  });

  it('says nothing about a branch of the same repository, even when that repository is itself a fork', () => {
    const repo = { id: 100, full_name: 'contoso/app', fork: true };
    expect(forkPullRequest(env('pull_request', pullRequest(repo, repo)))).toBeUndefined();
  });

  it('compares names (case-insensitively) when the payload has no IDs', () => {
    expect(forkPullRequest(env('pull_request', pullRequest({ full_name: 'Contoso/App' }, { full_name: 'contoso/app' })))).toBeUndefined();
    expect(forkPullRequest(env('pull_request', pullRequest({ full_name: 'mallory/app' }, { full_name: 'contoso/app' })))).toEqual({
      event: 'pull_request',
      head: 'mallory/app'
    });
  });

  it('treats a deleted fork (head.repo null) as a fork it cannot name', () => {
    expect(forkPullRequest(env('pull_request', pullRequest(null)))).toEqual({ event: 'pull_request', head: undefined });
  });

  it('never echoes a head name that is not owner/name', () => {
    const head = { id: 200, full_name: 'mallory/app\n::error::injected' };
    expect(forkPullRequest(env('pull_request', pullRequest(head)))).toEqual({ event: 'pull_request', head: undefined });
  });

  it.each([
    ['a push', { GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: eventFile(FROM_FORK) }],
    ['no event name', { GITHUB_EVENT_PATH: eventFile(FROM_FORK) }],
    ['no event file variable', { GITHUB_EVENT_NAME: 'pull_request' }],
    ['a missing event file', { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(folder, 'missing.json') }],
    [
      'an event file that is a folder',
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: (mkdirSync(join(folder, 'dir')), join(folder, 'dir')) }
    ],
    ['broken JSON', env('pull_request', '{"pull_request": ')],
    ['JSON that is not an object', env('pull_request', '[1, 2]')],
    ['no pull_request', env('pull_request', { action: 'opened' })],
    ['no base repository', env('pull_request', { pull_request: { head: { repo: { id: 1 } } } })],
    ['nothing to compare', env('pull_request', pullRequest({}, {}))]
  ])('says nothing for %s', (_, environment) => {
    expect(forkPullRequest(environment)).toBeUndefined();
  });
});

describe('forkWarning', () => {
  const readme = 'https://github.com/org/msi-token';
  it('says what the job risks and links the recipe', () => {
    expect(forkWarning({ event: 'pull_request', head: 'mallory/app' }, readme)).toBe(
      'This job runs the code of a pull request from the fork mallory/app on a runner whose managed identity that code can use. ' +
        'Run pull requests from forks on runners without the identity, or only after approval: ' +
        'https://github.com/org/msi-token#pull-requests-from-forks'
    );
  });

  it('says, for pull_request_target, that checking out the fork is what hands it the identity', () => {
    expect(forkWarning({ event: 'pull_request_target', head: undefined }, readme)).toContain(
      "This job was started by a pull request from a fork (pull_request_target) on a runner with a managed identity: any step that checks out or builds the pull request's code lets that code use the identity."
    );
  });
});

describe('readmeUrl', () => {
  it.each([
    [{ GITHUB_SERVER_URL: 'https://github.com', GITHUB_ACTION_REPOSITORY: 'contoso/msi-token' }, 'https://github.com/contoso/msi-token'],
    [
      { GITHUB_SERVER_URL: 'https://ghe.contoso.example', GITHUB_ACTION_REPOSITORY: 'actions/msi-token' },
      'https://ghe.contoso.example/actions/msi-token'
    ],
    [{ GITHUB_SERVER_URL: 'https://github.com', GITHUB_ACTION_REPOSITORY: '' }, 'https://github.com/org/msi-token'],
    [{ GITHUB_SERVER_URL: 'javascript:alert(1)//', GITHUB_ACTION_REPOSITORY: 'contoso/msi-token' }, 'https://github.com/org/msi-token'],
    [{ GITHUB_SERVER_URL: 'https://github.com', GITHUB_ACTION_REPOSITORY: 'contoso/x\n::warning::' }, 'https://github.com/org/msi-token'],
    [{}, 'https://github.com/org/msi-token']
  ])('with %o links %s', (environment, url) => {
    expect(readmeUrl(environment)).toBe(url);
  });
});

describe('run on a pull request from a fork', () => {
  const imds = () => nock('http://169.254.169.254').get('/metadata/identity/oauth2/token').query(true);

  it('warns once, and still gets the token', async () => {
    imds().reply(200, imdsTokenBody(fakeJwt()));
    const core = withInputs();
    await run(core, { send, clock: fakeClock(), env: env('pull_request', FROM_FORK), platform: 'linux' });
    const warnings = core.calls.filter((c) => c.fn === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.value).toMatch(/^This job runs the code of a pull request from the fork mallory\/app .*#pull-requests-from-forks$/);
    expect(core.failure()).toBeUndefined();
    expect(core.outputs['access-token']).toBeDefined();
  });

  it('does not warn, and does not fail, when the event file is broken', async () => {
    imds().reply(200, imdsTokenBody(fakeJwt()));
    const core = withInputs();
    await run(core, { send, clock: fakeClock(), env: env('pull_request', 'not json'), platform: 'linux' });
    expect(core.calls.filter((c) => c.fn === 'warning')).toEqual([]);
    expect(core.failure()).toBeUndefined();
  });
});
