/**
 * Pull requests from forks: a job triggered by one may run code anyone can write, on a runner
 * whose managed identity any process there can use. This reads the event the runner hands the
 * job (GITHUB_EVENT_NAME, and the payload in the file GITHUB_EVENT_PATH) and says whether it is
 * such a pull request. It never fails: an event file that is missing, unreadable or odd means
 * "no warning".
 *
 * Which events: `pull_request`, `pull_request_review` and `pull_request_review_comment` run the
 * pull request's merge commit (GITHUB_REF refs/pull/<n>/merge), i.e. the fork's code.
 * `pull_request_target` runs the base repository's workflow and code with its secrets, but is
 * started by the fork, and a step that checks out or builds the pull request's head hands the
 * identity to the fork's code (the "pwn request" pattern): it gets its own wording.
 *
 * What is a fork: the head repository differs from the base repository (by ID, else by name), or
 * is gone (a deleted fork). `head.repo.fork` alone is not used: it is also true for a branch of a
 * repository that is itself a fork of another.
 */
import { readFileOnce } from './file-once.js';

export type ForkEvent = 'pull_request' | 'pull_request_target';

export interface ForkPullRequest {
  /** How the job treats the fork's code: runs it (`pull_request`…), or may (`pull_request_target`). */
  readonly event: ForkEvent;
  /** The fork's owner/name, when it is a well-formed one; undefined for a deleted or odd one. */
  readonly head: string | undefined;
}

const RUNS_THE_PULL_REQUEST = ['pull_request', 'pull_request_review', 'pull_request_review_comment'];
/** GitHub's owner/name: letters, digits, '-', '_' and '.'; anything else is not echoed. */
const FULL_NAME = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
/** Event payloads are a few KB to a few MB; GitHub caps webhook payloads at 25 MB. */
const MAX_EVENT_BYTES = 25 * 1024 * 1024;

type Env = Readonly<Record<string, string | undefined>>;

/** The fork pull request that started this job, if one did. */
export function forkPullRequest(env: Env, readEvent: (path: string) => string | undefined = readEventFile): ForkPullRequest | undefined {
  const name = env['GITHUB_EVENT_NAME'] ?? '';
  const event: ForkEvent | undefined = RUNS_THE_PULL_REQUEST.includes(name)
    ? 'pull_request'
    : name === 'pull_request_target'
      ? 'pull_request_target'
      : undefined;
  const path = env['GITHUB_EVENT_PATH'];
  if (event === undefined || !path) return undefined;
  const text = readEvent(path);
  if (text === undefined) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return undefined;
  }
  const pullRequest = field(payload, 'pull_request');
  const base = field(field(pullRequest, 'base'), 'repo');
  if (base === undefined) return undefined;
  const head = field(field(pullRequest, 'head'), 'repo');
  const headName = stringField(head, 'full_name');
  if (head !== undefined && !differ(head, base)) return undefined;
  return { event, head: headName !== undefined && FULL_NAME.test(headName) ? headName : undefined };
}

/** The one warning for a job started by a fork's pull request; `readme` is where the recipe is. */
export function forkWarning({ event, head }: ForkPullRequest, readme: string): string {
  const fork = head ? `the fork ${head}` : 'a fork';
  const recipe = `Run pull requests from forks on runners without the identity, or only after approval: ${readme}#pull-requests-from-forks`;
  return event === 'pull_request'
    ? `This job runs the code of a pull request from ${fork} on a runner whose managed identity that code can use. ${recipe}`
    : `This job was started by a pull request from ${fork} (pull_request_target) on a runner with a managed identity: any step ` +
        `that checks out or builds the pull request's code lets that code use the identity. ${recipe}`;
}

/** Where the README is: the action's own repository on this GitHub server, else its public home. */
export function readmeUrl(env: Env): string {
  const server = env['GITHUB_SERVER_URL'] ?? '';
  const repository = env['GITHUB_ACTION_REPOSITORY'] ?? '';
  if (/^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(server) && FULL_NAME.test(repository)) return `${server}/${repository}`;
  return 'https://github.com/org/msi-token';
}

function differ(head: Record<string, unknown>, base: Record<string, unknown>): boolean {
  const [headId, baseId] = [head['id'], base['id']];
  if (typeof headId === 'number' && typeof baseId === 'number') return headId !== baseId;
  const [headName, baseName] = [stringField(head, 'full_name'), stringField(base, 'full_name')];
  if (headName !== undefined && baseName !== undefined) return headName.toLowerCase() !== baseName.toLowerCase();
  // Neither IDs nor names to compare: say nothing rather than guess.
  return false;
}

function field(value: unknown, name: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const inner = Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : undefined;
}

function stringField(value: Record<string, unknown> | undefined, name: string): string | undefined {
  const inner = value && Object.hasOwn(value, name) ? value[name] : undefined;
  return typeof inner === 'string' ? inner : undefined;
}

/**
 * The event file's text; undefined when it is not a regular file of sane size, or unreadable.
 * Read the careful way credential files are (opened once, a FIFO refused at once rather than
 * waited on): the runner writes this file, but nothing here may block the step.
 */
function readEventFile(path: string): string | undefined {
  try {
    return readFileOnce(path, { maxBytes: MAX_EVENT_BYTES, followLinks: true });
  } catch {
    return undefined;
  }
}
