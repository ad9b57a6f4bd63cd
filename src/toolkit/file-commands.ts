/**
 * `setOutput` and `exportVariable` as @actions/core 3.0.1 writes them (lib/file-command.js,
 * lib/command.js), with one difference: where each heredoc delimiter's randomness comes from.
 * Core takes it from node:crypto's `randomUUID()`, and loading node:crypto (OpenSSL's tables and
 * some 20 JavaScript modules) is the largest single cost of the action's start-up, paid by every
 * job: about 8 % of a default run (paired runs; BENCHMARKS.md). Here the same
 * `ghadelimiter_<UUID v4>` is drawn from the kernel's random device, the source OpenSSL itself
 * draws from; on a system without one (Windows), from node:crypto, loaded only then. Same bytes
 * in the same files, same errors: __tests__/toolkit/file-commands.test.ts runs both and
 * compares. When a toolkit release stops loading node:crypto for this, this file goes and
 * main.ts takes core's functions again.
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { commandValue, EOL, escapeData, writeLine } from './log-commands.js';

/** UUIDs drawn per read of the random device: a step writes about ten records. */
const POOL_UUIDS = 16;
let pool: Uint8Array | undefined;
let used = POOL_UUIDS;

/** `bytes` filled from the kernel's random device, or false where there is none (or it is not a device). */
export function fromRandomDevice(bytes: Uint8Array, device = '/dev/urandom'): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(device, 'r');
    if (!fstatSync(fd).isCharacterDevice()) return false;
    for (let filled = 0; filled < bytes.length;) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, null);
      if (read <= 0) return false;
      filled += read;
    }
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A random UUID, version 4 (RFC 9562), as `crypto.randomUUID()` returns it. */
export function randomUuid(): string {
  if (!pool || used === POOL_UUIDS) {
    pool = new Uint8Array(16 * POOL_UUIDS);
    if (!fromRandomDevice(pool)) process.getBuiltinModule('node:crypto').randomFillSync(pool);
    used = 0;
  }
  const bytes = pool.subarray(16 * used, 16 * ++used);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function keyValueMessage(key: string, value: unknown): string {
  const delimiter = `ghadelimiter_${randomUuid()}`;
  const converted = commandValue(value);
  if (key.includes(delimiter)) throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (converted.includes(delimiter)) throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  return `${key}<<${delimiter}${EOL}${converted}${EOL}${delimiter}`;
}

/**
 * Core's `appendFileSync(path, …)` flags ('a'), plus O_NONBLOCK where the platform has it: a
 * FIFO put in the file's place would block core's synchronous write, and the whole process, for
 * ever, past timeout-seconds; here it fails at once (the same for the job summary, job-summary.ts).
 */
const APPEND = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (constants.O_NONBLOCK ?? 0);

function issueFileCommand(command: 'OUTPUT' | 'ENV', message: string): void {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) throw new Error(`Unable to find environment variable for file command ${command}`);
  if (!existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`);
  // The one difference from core: what is not a file (a FIFO, a socket, a folder) is refused, not waited on.
  const kind = statSync(filePath);
  if (!kind.isFile() && !kind.isCharacterDevice()) {
    throw new Error(`The file command file GITHUB_${command} (${filePath}) is not a regular file, so nothing was written to it.`);
  }
  const fd = openSync(filePath, APPEND);
  try {
    writeFileSync(fd, `${message}${EOL}`, { encoding: 'utf8' });
  } finally {
    closeSync(fd);
  }
}

/** The workflow command core prints where the runner gave no file (runners older than 2.297). */
function issueCommand(command: string, name: string, message: string): void {
  const property = name ? ` name=${escapeData(name).replace(/:/g, '%3A').replace(/,/g, '%2C')}` : '';
  writeLine(`::${command}${property}::${escapeData(message)}`);
}

export function setOutput(name: string, value: unknown): void {
  if (process.env['GITHUB_OUTPUT']) return issueFileCommand('OUTPUT', keyValueMessage(name, value));
  writeLine('');
  issueCommand('set-output', name, commandValue(value));
}

export function exportVariable(name: string, value: unknown): void {
  const converted = commandValue(value);
  process.env[name] = converted;
  if (process.env['GITHUB_ENV']) return issueFileCommand('ENV', keyValueMessage(name, value));
  issueCommand('set-env', name, converted);
}
