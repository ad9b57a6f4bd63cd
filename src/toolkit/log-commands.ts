/**
 * The log lines and workflow commands of @actions/core 3.0.1 the action prints (`info`, `debug`,
 * `warning`, `setSecret` as `::add-mask::`, `setFailed` as `::error::`; lib/core.js and
 * lib/command.js), with one difference: how they reach standard output. Core writes through
 * `process.stdout`, and building that stream over the runner's pipe (a net.Socket on a pipe
 * handle) and loading node:os for its line ending cost a default run 3.4 % of its time (paired
 * runs; BENCHMARKS.md), paid by every job. Here each line goes to file descriptor 1 with one
 * synchronous write, as `process.stdout` writes pipes and files on Linux anyway. Same bytes, same
 * order: __tests__/toolkit/log-commands.test.ts runs core and this side by side and compares.
 * When a toolkit release prints without the stream, this file goes and main.ts takes core's
 * functions again.
 */
import { writeSync } from 'node:fs';

/** node:os's EOL, without loading node:os for it. */
export const EOL = process.platform === 'win32' ? '\r\n' : '\n';

/** Core's `escapeData`: what would end or split a command line, percent-encoded. */
export const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** Core's `toCommandValue`: strings as they are, nothing as '', anything else as JSON. */
export const commandValue = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' || value instanceof String ? String(value) : JSON.stringify(value);

/** As core's `warning` and `error`: an Error is printed as its `toString()`. */
const annotation = (message: string | Error): unknown => (message instanceof Error ? message.toString() : message);

/** One millisecond's wait, for a pipe that is full right now. */
const pause = (): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);

type WriteSync = (fd: number, buffer: Uint8Array, offset: number) => number;

/**
 * `line` and a line ending, whole, to `fd`. A pipe another process set non-blocking answers EAGAIN
 * (or takes nothing) while full: that part is written again once the runner has read some, for as
 * long as that takes, as core's blocking write would wait: a lost `::add-mask::` would let the next
 * line show a secret. Any other failure is thrown.
 */
export function writeLine(line: string, fd = 1, write: WriteSync = writeSync): void {
  const bytes = Buffer.from(`${line}${EOL}`, 'utf8');
  for (let done = 0; done < bytes.length;) {
    try {
      const written = write(fd, bytes, done);
      if (written <= 0) pause();
      done += Math.max(0, written);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      pause();
    }
  }
}

const command = (name: string, value: unknown): void => writeLine(`::${name}::${escapeData(commandValue(value))}`);

export const info = (message: string): void => writeLine(message);
export const debug = (message: string): void => command('debug', message);
export const warning = (message: string | Error): void => command('warning', annotation(message));
export const setSecret = (secret: string): void => command('add-mask', secret);
/** As core: the step's exit code becomes 1, and the message an error annotation. */
export function setFailed(message: string | Error): void {
  process.exitCode = 1;
  command('error', annotation(message));
}
