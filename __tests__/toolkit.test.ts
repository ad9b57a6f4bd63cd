/**
 * The light `core` must behave byte for byte like `@actions/core`, which the action does not
 * load at run time (see src/toolkit.ts for why). Each case runs the same call through both,
 * in the same environment, and compares what they wrote to stdout and to the file commands.
 */
import * as actionsCore from '@actions/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Core, toolkitCore } from '../src/toolkit.js';

type Effects = { stdout: string; files: Record<string, string>; env: Record<string, string | undefined>; exitCode: unknown; result: unknown };

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

/** Runs `act` against `core` and returns everything it changed. Delimiters are random: normalised. */
function effectsOf(core: Core, act: (core: Core) => unknown, { withFiles = true, env = {} as Record<string, string> } = {}): Effects {
  process.env = { ...savedEnv, ...env };
  for (const name of FILES) delete process.env[name];
  if (withFiles) {
    for (const name of FILES) {
      const path = join(folder, `${name}-${Math.random()}`);
      writeFileSync(path, '');
      process.env[name] = path;
    }
  }
  process.exitCode = undefined;
  let stdout = '';
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
  if (withFiles) for (const name of FILES) files[name] = readFileSync(process.env[name]!, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER');
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
  ['exportVariable to GITHUB_ENV', (core) => core.exportVariable('MY_VAR', 'secret value'), {}],
  ['exportVariable without GITHUB_ENV', (core) => core.exportVariable('MY_VAR', 'x'), { withFiles: false }],
  ['info', (core) => core.info('hello %0A world'), {}],
  ['warning', (core) => core.warning('careful: 50% done\nnext'), {}],
  ['warning with an Error', (core) => core.warning(new Error('boom')), {}],
  ['debug', (core) => core.debug('GET http://x/?a=%2F'), {}],
  ['isDebug on', (core) => core.isDebug(), { env: { RUNNER_DEBUG: '1' } }],
  ['isDebug off', (core) => core.isDebug(), {}],
  ['setFailed', (core) => core.setFailed('It broke:\n  here'), {}],
  ['setFailed with an Error', (core) => core.setFailed(new Error('boom')), {}]
];

describe('toolkitCore', () => {
  it.each(cases)('%s matches @actions/core', (_, act, options) => {
    const ours = effectsOf(toolkitCore, act, options);
    const theirs = effectsOf(actionsCore, act, options);
    expect(ours).toEqual(theirs);
  });

  it('really writes something in each case (a comparison of two no-ops would prove nothing)', () => {
    const [, act, options] = cases.find(([name]) => name === 'setOutput to GITHUB_OUTPUT')!;
    expect(effectsOf(toolkitCore, act, options).files['GITHUB_OUTPUT']).toBe('access-token<<DELIMITER\nline1\nline2\nDELIMITER\n');
    expect(effectsOf(toolkitCore, (core) => core.setSecret('x%y')).stdout).toBe('::add-mask::x%25y\n');
  });
});
