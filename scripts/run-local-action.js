// @ts-check
/**
 * `npm run local-action [-- FILE.env]`: runs src/main.ts through GitHub's @github/local-action
 * (scripts/local-action.ts is the entry point) with the inputs and environment of FILE.env, else
 * of `.env` when there is one, else of `.env.example`. It exits with the action's result: 1 when
 * the action fails (local-action itself would exit 0, or dump a stack trace of its own).
 */
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
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

  const bin = join(ROOT, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js');
  if (!existsSync(bin)) {
    console.error('@github/local-action is a dev dependency: run `npm ci` first.');
    process.exit(1);
  }
  const child = spawn(process.execPath, [bin, '.', 'scripts/local-action.ts', envFile], {
    cwd: ROOT,
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

  if (skippedToken) {
    console.log(
      "Note: local-action leaves access-token out of its outputs because it holds a masked value. That copies the runner's rule for job outputs; on a runner, later steps of the job do get steps.<id>.outputs.access-token (npm start shows it)."
    );
  }
  console.log(code === 0 ? 'The action succeeded.' : `The action failed (exit code ${code}): its ::error:: line above says why.`);
  process.exitCode = code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await main();
