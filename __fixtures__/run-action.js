// @ts-check
/**
 * Runs the bundled action as a separate process, the way the GitHub runner does: inputs as
 * `INPUT_<NAME>` variables, and the `GITHUB_OUTPUT` / `GITHUB_ENV` / `GITHUB_STEP_SUMMARY` /
 * `GITHUB_STATE` / `GITHUB_PATH` files in a fresh temporary folder. Returns everything the action
 * printed and wrote. The inputs are set exactly as given: `runStep` in action-yml.js adds
 * action.yml's defaults, as the runner does.
 *
 * Plain JavaScript with no dependencies: `npm start` uses it on a fresh clone, before `npm ci`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopWhenOver } from './cleanup.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'dist', 'index.js');

const FILE_COMMANDS = /** @type {const} */ (['OUTPUT', 'ENV', 'STEP_SUMMARY', 'STATE', 'PATH']);

/**
 * Parses the `name<<delimiter ... delimiter` records of a file command file.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseFileCommands(text) {
  /** @type {Record<string, string>} */
  const values = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (heredoc?.[1] && heredoc[2]) {
      const end = lines.indexOf(heredoc[2], i + 1);
      values[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if ((lines[i] ?? '').includes('=')) {
      const [name, ...rest] = (lines[i] ?? '').split('=');
      values[name ?? ''] = rest.join('=');
    }
  }
  return values;
}

/**
 * @typedef {{
 *   code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string,
 *   outputs: Record<string, string>, exported: Record<string, string>, summary: string,
 *   files: Record<string, string>, durationMs: number
 * }} ActionRun
 */

/**
 * @param {{
 *   inputs?: Record<string, string>, env?: Record<string, string>, entry?: string,
 *   node?: string, killAfterMs?: number, wrapper?: string[]
 * }} [options] `wrapper`: a command that runs node, e.g. ['ip', 'netns', 'exec', 'ns1']
 * @returns {Promise<ActionRun>}
 */
export async function runAction({
  inputs = {},
  env = {},
  entry = BUNDLE,
  node = process.execPath,
  killAfterMs = 60_000,
  wrapper = []
} = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'msi-token-run-'));
  try {
    /** @type {Record<string, string>} */
    const fileEnv = {};
    for (const name of FILE_COMMANDS) {
      const path = join(folder, name.toLowerCase());
      writeFileSync(path, '');
      fileEnv[`GITHUB_${name}`] = path;
    }
    /** @type {Record<string, string>} */
    const inputEnv = {};
    for (const [name, value] of Object.entries(inputs)) {
      inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    }
    // A clean environment, as on a runner: nothing of the test process leaks in (no proxies).
    // TMPDIR only when set (the test run's own, see __fixtures__/suite-start.js): anything the
    // action made there would be found after the run.
    const temporary = process.env['TMPDIR'] ? { TMPDIR: process.env['TMPDIR'] } : {};
    const childEnv = { PATH: process.env['PATH'] ?? '', HOME: folder, RUNNER_TEMP: folder, ...temporary, ...fileEnv, ...inputEnv, ...env };

    const started = process.hrtime.bigint();
    const [command = node, ...args] = [...wrapper, node, entry];
    // Its own process group, so that killing it also kills what it started (curl under bash),
    // which would otherwise hold the output pipes open.
    const child = spawn(command, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    // In Jest: killed if the test ends first (timed out), so that the finally below removes the folder.
    stopWhenOver(child, { group: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const killer = setTimeout(() => {
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, killAfterMs);
    /** @type {[number | null, NodeJS.Signals | null]} */
    const [code, signal] = await new Promise((resolve) => child.on('close', (c, s) => resolve([c, s])));
    clearTimeout(killer);
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;

    /** @type {Record<string, string>} */
    const files = {};
    for (const name of FILE_COMMANDS) files[name] = readFileSync(fileEnv[`GITHUB_${name}`] ?? '', 'utf8');
    return {
      code,
      signal,
      stdout,
      stderr,
      outputs: parseFileCommands(files['OUTPUT'] ?? ''),
      exported: parseFileCommands(files['ENV'] ?? ''),
      summary: files['STEP_SUMMARY'] ?? '',
      files,
      durationMs
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
