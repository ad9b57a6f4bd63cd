import { execFileSync } from 'node:child_process';
import { linkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolder } from '../__fixtures__/cleanup.js';
import { readFileOnce } from '../src/file-once.js';

const folder = (): string => temporaryFolder('msi-token-file-');
const strict = { maxBytes: 4096, followLinks: false };

describe('readFileOnce', () => {
  it('reads a regular file', () => {
    const file = join(folder(), 'k.key');
    writeFileSync(file, 'secret\n');
    expect(readFileOnce(file, strict)).toBe('secret\n');
  });

  it('refuses a symbolic link unless links are allowed (projected service account tokens are links)', () => {
    const dir = folder();
    writeFileSync(join(dir, 'target'), 'x');
    symlinkSync(join(dir, 'target'), join(dir, 'link'));
    expect(() => readFileOnce(join(dir, 'link'), strict)).toThrow('is a symbolic link');
    expect(readFileOnce(join(dir, 'link'), { maxBytes: 10, followLinks: true })).toBe('x');
  });

  it('refuses a file with a second hard link', () => {
    const dir = folder();
    writeFileSync(join(dir, 'target'), 'x');
    linkSync(join(dir, 'target'), join(dir, 'hard'));
    expect(() => readFileOnce(join(dir, 'hard'), strict)).toThrow('has 2 hard links');
  });

  it('refuses a FIFO at once instead of waiting for a writer, and a device', () => {
    const fifo = join(folder(), 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => readFileOnce(fifo, { maxBytes: 4096, followLinks: true })).toThrow('is not a regular file');
    expect(() => readFileOnce('/dev/zero', { maxBytes: 4096, followLinks: true })).toThrow('is not a regular file');
  });

  it('refuses a file over the limit', () => {
    const file = join(folder(), 'big');
    writeFileSync(file, 'k'.repeat(5000));
    expect(() => readFileOnce(file, strict)).toThrow('is 5000 bytes, more than the 4096');
  });
});
