/**
 * The action's own `core` must behave byte for byte like `@actions/core`, which it does not load
 * at run time (see src/toolkit.ts for why). Each case runs the same call through both, in the
 * same environment, and compares what they printed, wrote to the file commands, and returned.
 */
import * as actionsCore from '@actions/core';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import assert from 'node:assert';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Core, createCore, randomUuid } from '../src/toolkit.js';

type Effects = {
  stdout: string;
  files: Record<string, string>;
  env: Record<string, string | undefined>;
  exitCode: unknown;
  result: unknown;
};

const FILES = ['GITHUB_OUTPUT', 'GITHUB_ENV'] as const;
const savedEnv = { ...process.env };
let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'toolkit-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
  process.env = { ...savedEnv };
  process.exitCode = undefined;
});

/** Ours prints through the writer it is given; @actions/core through process.stdout.write. */
type Implementation = 'ours' | 'toolkit';

/** Runs `act` against one implementation and returns everything it changed. Delimiters are random: normalised. */
function effectsOf(
  implementation: Implementation,
  act: (core: Core) => unknown,
  { withFiles = true, env = {} as Record<string, string> } = {}
): Effects {
  process.env = { ...savedEnv };
  for (const name of FILES) delete process.env[name];
  if (withFiles) {
    for (const name of FILES) {
      const path = join(folder, `${name}-${Math.random()}`);
      writeFileSync(path, '');
      process.env[name] = path;
    }
  }
  Object.assign(process.env, env);
  process.exitCode = undefined;
  let stdout = '';
  const core: Core =
    implementation === 'ours'
      ? createCore((text) => (stdout += text))
      : { ...actionsCore, appendSummary: () => assert.fail('appendSummary has a test of its own') };
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  let result: unknown;
  try {
    result = act(core);
  } catch (error) {
    result = { threw: (error as Error).message };
  } finally {
    process.stdout.write = write;
  }
  const files: Record<string, string> = {};
  for (const name of FILES) {
    const path = process.env[name];
    if (path && existsSync(path)) files[name] = readFileSync(path, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER');
  }
  return { stdout, files, env: { MY_VAR: process.env['MY_VAR'] }, exitCode: process.exitCode, result };
}

type Options = { withFiles?: boolean; env?: Record<string, string> };
// Every row has all three fields: Jest treats a missing one as a `done` callback.
const cases: [string, (core: Core) => unknown, Options][] = [
  ['getInput with spaces in the name', (core) => core.getInput('my input'), { env: { INPUT_MY_INPUT: '  value  ' } }],
  ['getInput without trimming', (core) => core.getInput('my-input', { trimWhitespace: false }), { env: { 'INPUT_MY-INPUT': ' v ' } }],
  ['getInput required and missing', (core) => core.getInput('absent', { required: true }), {}],
  ['setSecret with characters that need escaping', (core) => core.setSecret('a%b\r\nc:d,e'), {}],
  ['setSecret with surrounding spaces', (core) => core.setSecret('  padded  '), {}],
  ['setOutput to GITHUB_OUTPUT', (core) => core.setOutput('access-token', 'line1\nline2'), {}],
  ['setOutput of a non-string', (core) => core.setOutput('n', { a: 1 } as unknown as string), {}],
  ['setOutput without GITHUB_OUTPUT', (core) => core.setOutput('name', 'v%1'), { withFiles: false }],
  ['setOutput with an empty name without GITHUB_OUTPUT', (core) => core.setOutput('', 'v'), { withFiles: false }],
  ['exportVariable with a name to escape, without GITHUB_ENV', (core) => core.exportVariable('A:B,C%', 'x\ny'), { withFiles: false }],
  [
    'setOutput to a GITHUB_OUTPUT file that is missing',
    (core) => core.setOutput('name', 'v'),
    { env: { GITHUB_OUTPUT: '/nonexistent/out' } }
  ],
  ['exportVariable to GITHUB_ENV', (core) => core.exportVariable('MY_VAR', 'secret value'), {}],
  ['exportVariable without GITHUB_ENV', (core) => core.exportVariable('MY_VAR', 'x'), { withFiles: false }],
  ['info', (core) => core.info('hello %0A world'), {}],
  ['warning', (core) => core.warning('careful: 50% done\nnext'), {}],
  ['warning with an Error', (core) => core.warning(new Error('boom')), {}],
  ['debug', (core) => core.debug('GET http://x/?a=%2F'), {}],
  ['setFailed', (core) => core.setFailed('It broke:\n  here'), {}],
  ['setFailed with an Error', (core) => core.setFailed(new Error('boom')), {}]
];

describe('toolkitCore', () => {
  it.each(cases)('%s matches @actions/core', (_, act, options) => {
    const ours = effectsOf('ours', act, options);
    const theirs = effectsOf('toolkit', act, options);
    expect(ours).toEqual(theirs);
  });

  it('appends the job summary as core.summary.addRaw(markdown).write() does', async () => {
    const markdown = '### Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';
    const written: string[] = [];
    for (const write of [
      async () => createCore().appendSummary(markdown),
      async () => void (await actionsCore.summary.addRaw(markdown).write())
    ]) {
      const path = join(folder, `summary-${written.length}`);
      writeFileSync(path, 'earlier step\n');
      process.env['GITHUB_STEP_SUMMARY'] = path;
      await write();
      written.push(readFileSync(path, 'utf8'));
    }
    expect(written[0]).toBe(`earlier step\n${markdown}`);
    expect(written[0]).toBe(written[1]);
  });

  // (core.summary caches the file path once used, so this case cannot run side by side.)
  it("refuses to write a summary without GITHUB_STEP_SUMMARY, with core.summary's message", () => {
    delete process.env['GITHUB_STEP_SUMMARY'];
    expect(() => createCore().appendSummary('x')).toThrow(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
    );
  });

  it('draws a fresh random v4 UUID for every delimiter, with or without /dev/urandom', () => {
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const drawn = [...Array.from({ length: 50 }, () => randomUuid()), randomUuid('win32'), randomUuid('win32')];
    for (const uuid of drawn) expect(uuid).toMatch(v4);
    expect(new Set(drawn).size).toBe(drawn.length);
  });

  it('really writes something in each case (a comparison of two no-ops would prove nothing)', () => {
    const [, act, options] = cases.find(([name]) => name === 'setOutput to GITHUB_OUTPUT')!;
    expect(effectsOf('ours', act, options).files['GITHUB_OUTPUT']).toBe('access-token<<DELIMITER\nline1\nline2\nDELIMITER\n');
    expect(effectsOf('ours', (core) => core.setSecret('x%y')).stdout).toBe('::add-mask::x%25y\n');
  });
});
