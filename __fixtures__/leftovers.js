// @ts-check
/**
 * What a test run left outside the clone, found and removed by suite-end.js (see cleanup.js for
 * how the tests make things). Each leftover is named by its path; links show their target.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createdFolders, NAMESPACE_PREFIX, RUN_DIR_VARIABLE, RUN_ID_VARIABLE } from './cleanup.js';

/** Each run's folder in the machine's temporary folder: msi-token-tests-<jest's pid>-<6 characters>. */
export const RUN_DIR_PREFIX = 'msi-token-tests-';
const NETNS_MOUNT_POINT = '/run/netns';

/**
 * Every entry under `folder`, depth first, as `path` (folders end in /, links show `-> target`,
 * other non-files their kind). Folders in `quiet` are searched but not named themselves.
 * @param {string} folder
 * @param {ReadonlySet<string>} [quiet]
 * @returns {string[]}
 */
export function listTree(folder, quiet = new Set()) {
  /** @type {string[]} */
  const found = [];
  let names;
  try {
    names = readdirSync(folder).sort();
  } catch {
    return found;
  }
  for (const name of names) {
    const path = join(folder, name);
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (!stats) continue;
    if (stats.isDirectory()) {
      if (!quiet.has(path)) found.push(`${path}/`);
      found.push(...listTree(path, quiet));
    } else if (stats.isSymbolicLink()) found.push(`${path} -> ${readlinkSync(path)}`);
    else if (stats.isFIFO()) found.push(`${path} (FIFO)`);
    else if (stats.isSocket()) found.push(`${path} (socket)`);
    else found.push(path);
  }
  return found;
}

/** @param {string} name the run folder's name @returns {number | undefined} the pid of the Jest that made it */
const pidOf = (name) => (name.startsWith(RUN_DIR_PREFIX) ? Number(/^(\d+)-/.exec(name.slice(RUN_DIR_PREFIX.length))?.[1]) : undefined);

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/** The run folders in `base`, split into those whose Jest still runs and the abandoned ones. @param {string} base */
export function runsIn(base) {
  /** @type {{ live: string[], abandoned: string[] }} */
  const runs = { live: [], abandoned: [] };
  for (const name of readdirSync(base)) {
    const pid = pidOf(name);
    if (pid) (alive(pid) ? runs.live : runs.abandoned).push(join(base, name));
  }
  return runs;
}

/**
 * For suite-start.js: the folders of runs killed before their suite-end.js ran, and, when no
 * other run is going on, the system folders they had created.
 * @param {string} base the machine's temporary folder
 */
export function removeAbandonedRuns(base) {
  const { live, abandoned } = runsIn(base);
  for (const runDir of abandoned) {
    if (live.length === 0) for (const folder of createdFolders(runDir)) removeCreated(folder);
    else handOver(runDir, /** @type {string} */ (live[0]));
    rmSync(runDir, { recursive: true, force: true });
  }
}

/** Another run still uses what this one created: the last one to end removes it. @param {string} from @param {string} to */
function handOver(from, to) {
  const record = join(to, 'created');
  mkdirSync(record, { recursive: true });
  for (const folder of createdFolders(from)) writeFileSync(join(record, encodeURIComponent(folder)), folder);
}

/** @param {string} folder */
function removeCreated(folder) {
  if (folder === NETNS_MOUNT_POINT) {
    // `ip netns add` made it a mount point; leave it while any namespace is in it.
    if (!existsSync(folder) || readdirSync(folder).length > 0) return;
    spawnSync('umount', [folder]);
    try {
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // Still mounted (umount refused): an empty folder in /run, gone at the next boot.
    }
    return;
  }
  rmSync(folder, { recursive: true, force: true });
}

/** The names `ip netns list` shows, or none when there is no `ip`. */
function namespaces() {
  const listed = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  return listed.status === 0
    ? listed.stdout
        .split('\n')
        .map((line) => line.split(' ')[0] ?? '')
        .filter(Boolean)
    : [];
}

/**
 * Lists what the run left outside the clone, then removes it. Returns the list (empty when the
 * tests cleaned up after themselves).
 * @param {{ runDir?: string, runId?: string, netnsConfig?: string }} [where] the defaults are the current run's
 * @returns {string[]}
 */
export function leftoversOfRun({
  runDir = process.env[RUN_DIR_VARIABLE] ?? '',
  runId = process.env[RUN_ID_VARIABLE] ?? '',
  netnsConfig = '/etc/netns'
} = {}) {
  if (!runDir || !runId)
    throw new Error(`${RUN_DIR_VARIABLE} and ${RUN_ID_VARIABLE} are not set: jest.config.js's globalSetup did not run.`);
  /** @type {string[]} */
  const leftovers = [];

  const temporary = join(runDir, 'tmp');
  leftovers.push(...listTree(temporary));
  rmSync(temporary, { recursive: true, force: true });

  const ours = `${NAMESPACE_PREFIX}${runId}-`;
  for (const name of namespaces().filter((name) => name.startsWith(ours))) {
    leftovers.push(`network namespace ${name} (ip netns list)`);
    spawnSync('ip', ['netns', 'del', name]);
  }
  if (existsSync(netnsConfig)) {
    for (const name of readdirSync(netnsConfig).filter((name) => name.startsWith(ours))) {
      const path = join(netnsConfig, name);
      leftovers.push(`${path}/`, ...listTree(path));
      rmSync(path, { recursive: true, force: true });
    }
  }

  const created = createdFolders(runDir);
  const others = runsIn(dirname(runDir)).live.filter((other) => basename(other) !== basename(runDir));
  if (others[0]) handOver(runDir, others[0]);
  else {
    const quiet = new Set(created);
    const outermost = created.filter((folder) => !created.some((other) => folder.startsWith(`${other}/`)));
    for (const folder of outermost) {
      if (folder !== NETNS_MOUNT_POINT) leftovers.push(...listTree(folder, quiet));
      removeCreated(folder);
    }
  }
  rmSync(runDir, { recursive: true, force: true });
  return leftovers;
}
