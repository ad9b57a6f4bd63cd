/**
 * src/toolkit/file-commands.ts against @actions/core itself: the same calls, run once through
 * core and once through the replacement, write the same bytes (delimiters aside, which are
 * random in both), set the same environment, print the same fallback commands and throw the
 * same errors. Each delimiter has core's form, `ghadelimiter_` and a version 4 UUID, drawn from
 * a source good enough that no two repeat and every random bit is as often 0 as 1.
 */
import * as core from '@actions/core';
import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Where the runner gave no files, the replacement prints to file descriptor 1 directly
// (src/toolkit/log-commands.ts): caught here where it writes.
const actualFs = await import('node:fs');
let toStdout = '';
jest.unstable_mockModule('node:fs', () => ({
  ...actualFs,
  writeSync: (fd: number, buffer: Uint8Array, offset = 0) => {
    if (fd !== 1) return actualFs.writeSync(fd, buffer, offset);
    toStdout += Buffer.from(buffer.subarray(offset)).toString('utf8');
    return buffer.length - offset;
  }
}));
const { exportVariable, fromRandomDevice, randomUuid, setOutput } = await import('../../src/toolkit/file-commands.js');

const folder = mkdtempSync(join(tmpdir(), 'msi-token-file-commands-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const DELIMITER = /ghadelimiter_([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})/g;
const saved = { ...process.env };
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});

type Writer = Pick<typeof core, 'setOutput' | 'exportVariable'>;
const VALUES: [string, unknown][] = [
  ['access-token', 'eyJ0eXAi.eyJhdWQi.c2lnbmF0dXJl'],
  ['multi-line', 'first\nsecond\r\nthird\n'],
  ['unicode', 'Grüße, 東京 🚀'],
  ['number', 42],
  ['object', { a: [1, 'two'], b: null }],
  ['nothing', undefined],
  ['null', null],
  ['empty', '']
];

/** Runs `calls` with fresh GITHUB_OUTPUT / GITHUB_ENV files; returns what they hold and the delimiters. */
function filesAfter(writer: Writer, label: string): { output: string; env: string; delimiters: string[] } {
  const output = join(folder, `${label}-output`);
  const env = join(folder, `${label}-env`);
  writeFileSync(output, '');
  writeFileSync(env, '');
  process.env['GITHUB_OUTPUT'] = output;
  process.env['GITHUB_ENV'] = env;
  for (const [name, value] of VALUES) writer.setOutput(name, value);
  for (const [name, value] of VALUES) writer.exportVariable(`MSI_TOKEN_TEST_${name.toUpperCase().replace('-', '_')}`, value);
  const written = { output: readFileSync(output, 'utf8'), env: readFileSync(env, 'utf8') };
  const delimiters = [...(written.output + written.env).matchAll(DELIMITER)].map((match) => match[0]);
  const anyDelimiter = (text: string): string => text.replace(DELIMITER, 'ghadelimiter_<uuid>');
  return { output: anyDelimiter(written.output), env: anyDelimiter(written.env), delimiters };
}

describe('setOutput and exportVariable', () => {
  it("write the same records as @actions/core's, with delimiters of its form", () => {
    const theirs = filesAfter(core, 'core');
    const theirEnv = { ...process.env };
    const ours = filesAfter({ setOutput, exportVariable }, 'ours');

    expect(ours.output).toBe(theirs.output);
    expect(ours.env).toBe(theirs.env);
    expect(ours.output).toContain('multi-line<<ghadelimiter_<uuid>\nfirst\nsecond\r\nthird\n\nghadelimiter_<uuid>\n');
    // Each record has its own delimiter, opened and closed: two occurrences each, as in core's.
    expect(theirs.delimiters).toHaveLength(4 * VALUES.length);
    expect(ours.delimiters).toHaveLength(4 * VALUES.length);
    expect(new Set(ours.delimiters).size).toBe(2 * VALUES.length);
    const { GITHUB_OUTPUT: _o, GITHUB_ENV: _e, ...exported } = process.env;
    const { GITHUB_OUTPUT: _to, GITHUB_ENV: _te, ...theirExported } = theirEnv;
    expect(exported).toEqual(theirExported);
    expect(process.env['MSI_TOKEN_TEST_OBJECT']).toBe('{"a":[1,"two"],"b":null}');
  });

  it("throw core's errors for a missing file", () => {
    const missing = join(folder, 'no-such-folder', 'output');
    const thrown = (act: () => void): string => {
      try {
        act();
        return 'nothing thrown';
      } catch (error) {
        return (error as Error).message;
      }
    };
    process.env['GITHUB_OUTPUT'] = missing;
    process.env['GITHUB_ENV'] = missing;
    expect(thrown(() => setOutput('a', 'b'))).toBe(thrown(() => core.setOutput('a', 'b')));
    expect(thrown(() => exportVariable('A', 'b'))).toBe(thrown(() => core.exportVariable('A', 'b')));
    expect(thrown(() => setOutput('a', 'b'))).toBe(`Missing file at path: ${missing}`);
  });

  it('print the same workflow commands as core where the runner gave no files', () => {
    const printed = (writer: Writer): string => {
      delete process.env['GITHUB_OUTPUT'];
      delete process.env['GITHUB_ENV'];
      let out = '';
      toStdout = '';
      const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        out += String(chunk);
        return true;
      });
      try {
        writer.setOutput('a:b,c', 'line 1\nline 2 100%\r');
        writer.exportVariable('MSI_TOKEN_TEST_X', { x: 'a:b,c%' });
      } finally {
        write.mockRestore();
      }
      return out + toStdout;
    };
    const theirs = printed(core);
    expect(printed({ setOutput, exportVariable })).toBe(theirs);
    expect(theirs).toContain('::set-output name=a%3Ab%2Cc::line 1%0Aline 2 100%25%0D');
  });
});

describe('randomUuid', () => {
  it('gives version 4 UUIDs, none repeated, each random bit set about half of the time', () => {
    const count = 4000;
    const uuids = Array.from({ length: count }, () => randomUuid());
    expect(new Set(uuids).size).toBe(count);
    for (const uuid of uuids) expect(`ghadelimiter_${uuid}`).toMatch(new RegExp(`^${DELIMITER.source}$`));
    // 122 random bits (the version and variant bits are fixed): each one is set in count / 2 of
    // them, give or take; 6 standard deviations (±190) leave a chance below 1 in 10^7 per run.
    const ones = new Array<number>(128).fill(0);
    for (const uuid of uuids) {
      const bits = BigInt(`0x${uuid.replace(/-/g, '')}`);
      for (let bit = 0; bit < 128; bit++) if ((bits >> BigInt(bit)) & 1n) ones[bit]!++;
    }
    const fixed = new Set([76, 77, 78, 79, 62, 63]);
    for (let bit = 0; bit < 128; bit++) {
      if (fixed.has(bit)) continue;
      expect(Math.abs(ones[bit]! - count / 2)).toBeLessThan(190);
    }
  });

  it("reads only a character device: a file in its place is refused (randomUuid then takes node:crypto's bytes)", () => {
    const planted = join(folder, 'urandom');
    writeFileSync(planted, Buffer.alloc(64));
    expect(fromRandomDevice(new Uint8Array(16), planted)).toBe(false);
    expect(fromRandomDevice(new Uint8Array(16), join(folder, 'missing'))).toBe(false);
    const bytes = new Uint8Array(64);
    expect(fromRandomDevice(bytes)).toBe(process.platform !== 'win32');
  });
});
