/**
 * src/toolkit/log-commands.ts against @actions/core itself: each call, made once through core
 * (which writes to process.stdout) and once through the replacement (which writes file
 * descriptor 1 directly), prints the same bytes, and setFailed sets the same exit code. Then the
 * replacement's one write: whole lines however the pipe takes them, and nothing swallowed.
 */
import * as core from '@actions/core';
import { jest } from '@jest/globals';
import { EOL as OS_EOL } from 'node:os';

// What the replacement writes to file descriptor 1, caught where it writes it.
const actualFs = await import('node:fs');
let toStdout: Buffer[] = [];
jest.unstable_mockModule('node:fs', () => ({
  ...actualFs,
  writeSync: (fd: number, buffer: Uint8Array, offset = 0) => {
    if (fd !== 1) return actualFs.writeSync(fd, buffer, offset);
    toStdout.push(Buffer.from(buffer.subarray(offset)));
    return buffer.length - offset;
  }
}));
const ours = await import('../../src/toolkit/log-commands.js');

type Logger = Pick<typeof core, 'info' | 'debug' | 'warning' | 'setSecret' | 'setFailed'>;

/** What `calls` prints through `logger`: core's through process.stdout, ours through fd 1. */
function printed(logger: Logger, calls: (logger: Logger) => void): string {
  toStdout = [];
  let viaStream = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    viaStream += String(chunk);
    return true;
  });
  const exitCode = process.exitCode;
  try {
    calls(logger);
  } finally {
    write.mockRestore();
    process.exitCode = exitCode;
  }
  const viaFd = Buffer.concat(toStdout).toString('utf8');
  // Each writes one way only: core through the stream, the replacement to fd 1 (mixing the two
  // could put a line before the mask that hides what it holds).
  if (logger === core) expect(viaFd).toBe('');
  else expect(viaStream).toBe('');
  return viaStream + viaFd;
}

const MESSAGES = ['plain', 'line 1\nline 2\r\nline 3\r', '100% done, 50%25 left', '::warning::not a command', 'Grüße, 東京 🚀', ''];

describe('the log commands', () => {
  it.each(['info', 'debug', 'warning', 'setSecret', 'setFailed'] as const)("%s prints what @actions/core's prints", (fn) => {
    const calls = (logger: Logger): void => MESSAGES.forEach((message) => logger[fn](message));
    const theirs = printed(core, calls);
    expect(printed(ours, calls)).toBe(theirs);
    // What core printed is what was expected of it: a line per message (a command's own line
    // breaks escaped), each ended by node:os's EOL.
    expect(theirs.endsWith(OS_EOL)).toBe(true);
    if (fn !== 'info') expect(theirs.split(OS_EOL)).toHaveLength(MESSAGES.length + 1);
  });

  it('print an Error as core does, by its toString()', () => {
    const calls = (logger: Logger): void => {
      logger.warning(new TypeError('bad\nvalue'));
      logger.setFailed(new Error('failed 100%'));
    };
    expect(printed(ours, calls)).toBe(printed(core, calls));
    expect(printed(ours, calls)).toBe(`::warning::TypeError: bad%0Avalue${OS_EOL}::error::Error: failed 100%25${OS_EOL}`);
  });

  it('print what is not a string as core does, as JSON', () => {
    const odd: unknown[] = [{ a: [1, 'two'] }, 42, null, undefined, new String('boxed')];
    const calls = (logger: Logger): void =>
      odd.forEach((value) => {
        logger.debug(value as string);
        logger.warning(value as string);
        logger.setSecret(value as string);
        logger.setFailed(value as string);
      });
    expect(printed(ours, calls)).toBe(printed(core, calls));
    expect(printed(ours, calls)).toContain(`::debug::{"a":[1,"two"]}${OS_EOL}`);
  });

  it("setFailed sets the step's exit code to 1, as core's does", () => {
    const before = process.exitCode;
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      process.exitCode = undefined;
      core.setFailed('theirs');
      const theirs = process.exitCode;
      process.exitCode = undefined;
      ours.setFailed('ours');
      expect(process.exitCode).toBe(theirs);
      expect(theirs).toBe(1);
    } finally {
      write.mockRestore();
      process.exitCode = before;
    }
  });

  it("end lines with node:os's EOL", () => {
    expect(ours.EOL).toBe(OS_EOL);
  });
});

describe('writeLine', () => {
  const failure = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: write failed`), { code });

  it('writes the whole line however little each write takes, and writes again while a full pipe says EAGAIN', () => {
    const got: Buffer[] = [];
    let calls = 0;
    ours.writeLine('::add-mask::ABCDEFGHIJ 東京', 7, (fd, buffer, offset) => {
      expect(fd).toBe(7);
      calls++;
      if (calls % 3 === 0) throw failure('EAGAIN');
      const taken = Math.min(4, buffer.length - offset);
      got.push(Buffer.from(buffer.subarray(offset, offset + taken)));
      return taken;
    });
    expect(Buffer.concat(got).toString('utf8')).toBe(`::add-mask::ABCDEFGHIJ 東京${OS_EOL}`);
    expect(calls).toBeGreaterThan(8);
  });

  it('waits and writes again when a write takes nothing', () => {
    const got: Buffer[] = [];
    let calls = 0;
    ours.writeLine('line', 1, (_fd, buffer, offset) => {
      if (++calls < 3) return 0;
      got.push(Buffer.from(buffer.subarray(offset)));
      return buffer.length - offset;
    });
    expect(Buffer.concat(got).toString('utf8')).toBe(`line${OS_EOL}`);
    expect(calls).toBe(3);
  });

  it('throws any other failure: a mask that was not printed must fail the step, not pass unnoticed', () => {
    expect(() =>
      ours.writeLine('::add-mask::x', 1, () => {
        throw failure('EPIPE');
      })
    ).toThrow('EPIPE: write failed');
  });
});
