// @ts-check
/**
 * Everything a test creates outside the clone is made here, and removed again when the test is
 * over, also when it failed or timed out: temporary folders, the system folders some tests need
 * (the Azure Arc agent's key folder, /etc/netns) and network namespaces.
 *
 * - Made during a test (or its beforeEach): removed after that test. Made anywhere else (at the
 *   top of the file, in a beforeAll), or in a file with concurrent tests: removed after the
 *   file's last test. The hooks that do it
 *   are registered for every test file by cleanup-hooks.js (jest.config.js's setupFilesAfterEnv).
 * - A system folder is created level by level, only where missing, and each level this run
 *   created is written down; __fixtures__/suite-end.js removes exactly those once the whole run
 *   is over (test files run in parallel workers, and one of them must not pull the Arc folder
 *   away from another).
 * - __fixtures__/suite-start.js gives the run its own temporary folder (TMPDIR, so
 *   os.tmpdir() here and in every child), and suite-end.js fails the run with the names of
 *   whatever is left in it, of what is left in the system folders the run created, and of the
 *   run's network namespaces.
 *
 * Plain JavaScript with no dependencies, like run-action.js, which uses it outside Jest too
 * (`npm start`): there no hooks are registered and defer() does nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';

/** Set by suite-start.js: the run's own folder; its `tmp` is TMPDIR, its `created` the record. */
export const RUN_DIR_VARIABLE = 'MSI_TOKEN_TEST_RUN_DIR';
/** Set by suite-start.js: a short ID that names the run's network namespaces. */
export const RUN_ID_VARIABLE = 'MSI_TOKEN_TEST_RUN_ID';
/** Every name the tests give a network namespace, or a folder in /etc/netns, starts so. */
export const NAMESPACE_PREFIX = 'msi-token-';

const REGISTRY = Symbol.for('msi-token.cleanup');

/** @typedef {() => unknown} Undo */
/** @typedef {{ test: Undo[], file: Undo[], inTest: boolean, concurrent: boolean }} Registry */

/** @returns {Registry | undefined} */
const registry = () => /** @type {Record<symbol, Registry | undefined>} */ (globalThis)[REGISTRY];

/** For cleanup-hooks.js: makes the registry the hooks below drain. */
export function installRegistry() {
  /** @type {Record<symbol, Registry | undefined>} */ (globalThis)[REGISTRY] ??= { test: [], file: [], inTest: false, concurrent: false };
}

/**
 * For cleanup-hooks.js: the file declares concurrent tests. Their bodies run interleaved, while
 * another test's hooks are running, so nothing tells which test made a thing: from here on
 * everything waits for the end of the file.
 */
export function fileIsConcurrent() {
  const current = registry();
  if (current) current.concurrent = true;
}

/** For cleanup-hooks.js: a test (with its beforeEach hooks) starts. */
export function testStarts() {
  const current = registry();
  if (current) current.inTest = true;
}

/**
 * For cleanup-hooks.js: runs what the test (`'test'`) or the file (`'file'`, which includes
 * what a test made after its own end, such as a timed-out test's body still running) deferred,
 * newest first. Every undo runs, even when one throws; the first error is rethrown at the end.
 * @param {'test' | 'file'} scope
 */
export async function undoDeferred(scope) {
  const current = registry();
  if (!current) return;
  if (scope === 'test') current.inTest = false;
  const undos = scope === 'test' ? current.test.splice(0) : [...current.test.splice(0), ...current.file.splice(0)];
  /** @type {unknown[]} */
  const errors = [];
  for (const undo of undos.reverse()) {
    try {
      await undo();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw errors[0];
}

/**
 * Runs `undo` when the current test is over, or after the file's tests when no test is
 * running. Returns a function that forgets it (for what ended by itself, such as a child that
 * exited). Outside Jest's hooks it does nothing.
 * @param {Undo} undo
 * @returns {() => void}
 */
export function defer(undo) {
  const current = registry();
  if (!current) return () => undefined;
  const list = current.inTest && !current.concurrent ? current.test : current.file;
  list.push(undo);
  return () => {
    const at = list.indexOf(undo);
    if (at >= 0) list.splice(at, 1);
  };
}

/**
 * A new folder in os.tmpdir(), removed with all it holds when the test (or the file) is over.
 * @param {string} [prefix] the start of its name, e.g. 'msi-token-file-'
 */
export function temporaryFolder(prefix = 'msi-token-') {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  defer(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/**
 * Makes `folder` and every missing parent, one level at a time, and records each level this
 * run created, so that suite-end.js removes exactly those after the run. Without a run folder
 * (Jest started without suite-start.js) the levels made go after the file's tests instead.
 * @param {string} folder an absolute path, e.g. '/var/opt/azcmagent/tokens'
 */
export function ensureFolder(folder) {
  const levels = [];
  for (let level = folder; level !== parse(level).root; level = dirname(level)) levels.unshift(level);
  for (const level of levels) {
    if (existsSync(level)) continue;
    try {
      mkdirSync(level);
    } catch (error) {
      // Another worker made it a moment ago: it recorded it.
      if (/** @type {NodeJS.ErrnoException} */ (error).code === 'EEXIST') continue;
      throw error;
    }
    recordCreated(level);
  }
  return folder;
}

/** @param {string} level */
function recordCreated(level) {
  const runDir = process.env[RUN_DIR_VARIABLE];
  if (!runDir) {
    defer(() => rmSync(level, { recursive: true, force: true }));
    return;
  }
  mkdirSync(join(runDir, 'created'), { recursive: true });
  writeFileSync(join(runDir, 'created', encodeURIComponent(level)), level);
}

/** The system folders this run created (the record ensureFolder() keeps), shallowest first. */
export function createdFolders(runDir = process.env[RUN_DIR_VARIABLE] ?? '') {
  const record = join(runDir, 'created');
  if (!runDir || !existsSync(record)) return [];
  return readdirSync(record)
    .map((name) => decodeURIComponent(name))
    .sort((a, b) => a.length - b.length);
}

/**
 * Kills `child` (with its process group when it was started detached) and waits for it to close
 * if it still runs when the test or the file is over, e.g. after the test timed out: it may not
 * go on making things (and the code that awaited it removes what it made once it closed).
 * @param {import('node:child_process').ChildProcess} child
 * @param {{ group?: boolean }} [options]
 */
export function stopWhenOver(child, { group = false } = {}) {
  const closed = new Promise((resolve) => child.once('close', resolve));
  const forget = defer(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      if (group && child.pid) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
    await closed;
  });
  void closed.then(forget);
}

let namespaces = 0;

/**
 * A new network namespace with loopback up, deleted (with its /etc/netns folder) when the test or
 * the file is over. `resolvConf`: the resolv.conf `ip netns exec` mounts over /etc/resolv.conf.
 * Named msi-token-<run>-<pid>-<n>, so that suite-end.js can tell this run's from another's.
 * @param {{ resolvConf?: string }} [options]
 */
export function networkNamespace({ resolvConf } = {}) {
  const run = process.env[RUN_ID_VARIABLE] ?? 'norun';
  const name = `${NAMESPACE_PREFIX}${run}-${process.pid}-${++namespaces}`;
  // `ip netns add` makes /run/netns (a mount point) when missing: record it as this run's.
  const hadMountPoint = existsSync('/run/netns');
  ip('netns', 'add', name);
  if (!hadMountPoint) recordCreated('/run/netns');
  defer(() => spawnSync('ip', ['netns', 'del', name]));
  ip('-n', name, 'link', 'set', 'lo', 'up');
  if (resolvConf !== undefined) {
    const folder = join(ensureFolder('/etc/netns'), name);
    mkdirSync(folder);
    defer(() => rmSync(folder, { recursive: true, force: true }));
    writeFileSync(join(folder, 'resolv.conf'), resolvConf);
  }
  return name;
}

/** Runs `ip` and throws its own words when it fails. @param {...string} args */
export function ip(...args) {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr || result.error?.message}`);
}
