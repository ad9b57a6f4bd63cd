/**
 * The log lines and workflow commands of @actions/core 3.0.1 the action prints (`info`, `debug`,
 * `warning`, `setSecret` as `::add-mask::`, `setFailed` as `::error::`; lib/core.js and
 * lib/command.js), with one difference: how they reach standard output. Core writes through
 * `process.stdout`, and building that stream over the runner's pipe (a net.Socket on a pipe
 * handle) costs about 6 M of the 235 M instructions of a default run and, with node:os loaded for
 * its line ending, some 5 % of its time (paired runs; BENCHMARKS.md), paid by every job. Here each
 * line goes to file descriptor 1 with one synchronous write, as `process.stdout` writes pipes and
 * files on Linux anyway. Same bytes, same order: __tests__/toolkit/log-commands.test.ts runs core
 * and this side by side and compares. When a toolkit release prints without the stream, this file
 * goes and main.ts takes core's functions again.
 */
import { writeSync } from 'node:fs';

/** node:os's EOL, without loading node:os for it. */
export const EOL = process.platform === 'win32' ? '\r\n' : '\n';

/** Core's `escapeData`: what would end or split a command line, percent-encoded. */
const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** As core: an Error is printed as its `toString()`, anything else as a string. */
const text = (message: string | Error): string => (message instanceof Error ? message.toString() : String(message ?? ''));

/** One millisecond's wait, for a pipe that is full right now. */
const pause = (): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);

type WriteSync = (fd: number, buffer: Uint8Array, offset: number) => number;

/**
 * `line` and a line ending, whole, to `fd`. A pipe another process set non-blocking answers EAGAIN
 * while full: that part is written again once the runner has read some, since a lost
 * `::add-mask::` would let the next line show a secret. Any other failure is thrown.
 */
export function writeLine(line: string, fd = 1, write: WriteSync = writeSync): void {
  const bytes = Buffer.from(`${line}${EOL}`, 'utf8');
  for (let done = 0; done < bytes.length;) {
    try {
      done += write(fd, bytes, done);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      pause();
    }
  }
}

const command = (name: string, message: string | Error): void => writeLine(`::${name}::${escapeData(text(message))}`);

export const info = (message: string): void => writeLine(message);
export const debug = (message: string): void => command('debug', message);
export const warning = (message: string | Error): void => command('warning', message);
export const setSecret = (secret: string): void => command('add-mask', secret);
/** As core: the step's exit code becomes 1, and the message an error annotation. */
export function setFailed(message: string | Error): void {
  process.exitCode = 1;
  command('error', message);
}
