// @ts-check
/**
 * `npm run local-action [-- FILE.env]`: runs src/main.ts through GitHub's @github/local-action
 * (scripts/local-action.ts is the entry point) with the inputs and environment of FILE.env, else
 * of `.env` when there is one, else of `.env.example`. It exits with the action's result: 1 when
 * the action fails (local-action itself would exit 0, or dump a stack trace of its own).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @param {string} root the project folder
 * @param {string | undefined} given a file named on the command line
 * @returns {string} the environment file to use
 */
export function chooseEnvFile(root, given) {
  if (given) return given;
  return existsSync(join(root, '.env')) ? '.env' : '.env.example';
}

/**
 * The variables an environment file sets (NAME=value lines; # comments and blank lines skipped).
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function readEnvFile(text) {
  /** @type {Record<string, string>} */
  const values = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] !== undefined) values[match[1]] = (match[2] ?? '').replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

/**
 * The local endpoint the file points the action at (INPUT_ENDPOINT, else IDENTITY_ENDPOINT),
 * when it is on this machine: the emulator is expected there.
 * @param {Record<string, string>} env
 * @returns {{ variable: string, url: URL } | undefined}
 */
export function localEndpoint(env) {
  for (const variable of ['INPUT_ENDPOINT', 'IDENTITY_ENDPOINT']) {
    const raw = env[variable];
    if (!raw || !URL.canParse(raw)) continue;
    const url = new URL(raw);
    if (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return { variable, url };
  }
  return undefined;
}

/** Whether anything accepts a connection at `url` within a second. @param {URL} url */
function listening(url) {
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) });
    const done = (/** @type {boolean} */ answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** What local-action prints when its child fails: an Error with a stack, after the action's own output. */
const LOCAL_ACTION_DUMP = /^Error: Command failed: .*local-action/;
const SKIPPED_TOKEN = /Skip output access-token since it may contain secret/;

async function main() {
  const envFile = chooseEnvFile(ROOT, process.argv[2]);
  if (!existsSync(resolve(ROOT, envFile))) {
    console.error(`No such environment file: ${envFile}. Copy .env.example to .env and edit it, or name another file.`);
    process.exit(1);
  }
  console.log(`Inputs and environment from ${envFile}${envFile === '.env.example' ? ' (copy it to .env to change them)' : ''}.`);
  const fileEnv = readEnvFile(readFileSync(resolve(ROOT, envFile), 'utf8'));
  const local = localEndpoint(fileEnv);
  if (local && !(await listening(local.url))) {
    console.error(
      `Nothing answers at ${local.url.origin} (${local.variable} in ${envFile}): start the emulator first, in another terminal: ` +
        `node __fixtures__/emulator.js ${local.url.port || 80}`
    );
    process.exit(1);
  }

  const bin = join(ROOT, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js');
  if (!existsSync(bin)) {
    console.error('@github/local-action is a dev dependency: run `npm ci` first.');
    process.exit(1);
  }
  // The runner gives every step a job summary file; so does this run, unless the file names one,
  // and shows what the step wrote to it.
  const folder = fileEnv['GITHUB_STEP_SUMMARY'] ? undefined : mkdtempSync(join(tmpdir(), 'msi-token-local-action-'));
  const summaryFile = folder ? join(folder, 'step-summary.md') : undefined;
  if (summaryFile) writeFileSync(summaryFile, '');
  const child = spawn(process.execPath, [bin, '.', 'scripts/local-action.ts', envFile], {
    cwd: ROOT,
    env: { ...process.env, ...(summaryFile ? { GITHUB_STEP_SUMMARY: summaryFile } : {}) },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  let pending = '';
  /** Lines from local-action's own failure dump on: shown only if the run did not fail. */
  let held = /** @type {string[] | undefined} */ (undefined);
  let skippedToken = false;
  const pass = (/** @type {string} */ line) => {
    if (SKIPPED_TOKEN.test(line)) skippedToken = true;
    if (held === undefined && LOCAL_ACTION_DUMP.test(line)) held = [];
    if (held) held.push(line);
    else console.log(line);
  };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (/** @type {string} */ chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(pass);
  });
  const code = await new Promise((resolve) => child.on('close', (/** @type {number | null} */ status) => resolve(status ?? 1)));
  if (pending) pass(pending);
  if (held && code === 0) held.forEach((line) => console.log(line));
  if (summaryFile) {
    const summary = readFileSync(summaryFile, 'utf8');
    if (summary)
      console.log(`\nThe job summary the step wrote (Markdown, as GitHub renders it on the run's page):\n${summary.trimEnd()}\n`);
    rmSync(/** @type {string} */ (folder), { recursive: true, force: true });
  }

  if (skippedToken) {
    console.log(
      "Note: local-action leaves access-token out of its outputs because it holds a masked value. That copies the runner's rule for job outputs; on a runner, later steps of the job do get steps.<id>.outputs.access-token (npm start shows it)."
    );
  }
  console.log(code === 0 ? 'The action succeeded.' : `The action failed (exit code ${code}): its ::error:: line above says why.`);
  process.exitCode = code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await main();
