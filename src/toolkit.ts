/**
 * The part of `@actions/core` this action uses, composed exactly as `@actions/core` composes it,
 * from the toolkit's own modules (workflow-command escaping, file commands with random heredoc
 * delimiters).
 *
 * Why not `import * as core from '@actions/core'`: the package's index also imports `oidc-utils`
 * → `@actions/http-client` → `undici`, for `getIDToken()`, which this action never calls. The
 * bundler cannot drop them (CommonJS `undici` counts as having side effects), and evaluating
 * them costs about 40 ms on every job — more than the whole token request. The package's
 * `exports` map exposes only that index, so its side-effect-free modules are imported by
 * path. `__tests__/toolkit.test.ts` runs each function here beside `@actions/core`'s own and
 * checks that both write the same bytes, so an upgrade that changes the toolkit shows up there.
 */
import type * as ActionsCore from '@actions/core';
import { EOL } from 'node:os';
import { issueCommand } from '../node_modules/@actions/core/lib/command.js';
import { issueFileCommand, prepareKeyValueMessage } from '../node_modules/@actions/core/lib/file-command.js';

/** Every side effect the action has on the runner: this list is the inventory. */
export type Core = Pick<
  typeof ActionsCore,
  | 'getInput'
  | 'setSecret'
  | 'setOutput'
  | 'exportVariable'
  | 'info'
  | 'warning'
  | 'debug'
  | 'isDebug'
  | 'setFailed'
>;

const asText = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

export const toolkitCore: Core = {
  getInput(name, options) {
    const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options?.required && !value) throw new Error(`Input required and not supplied: ${name}`);
    return options?.trimWhitespace === false ? value : value.trim();
  },
  setSecret(secret) {
    issueCommand('add-mask', {}, secret);
  },
  setOutput(name, value) {
    if (process.env['GITHUB_OUTPUT']) return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
    process.stdout.write(EOL);
    issueCommand('set-output', { name }, asText(value));
  },
  exportVariable(name, value) {
    process.env[name] = asText(value);
    if (process.env['GITHUB_ENV']) return issueFileCommand('ENV', prepareKeyValueMessage(name, value));
    issueCommand('set-env', { name }, asText(value));
  },
  info(message) {
    process.stdout.write(message + EOL);
  },
  // Annotation properties (file, line, …) are not used by this action, so none are passed on.
  warning(message) {
    issueCommand('warning', {}, message instanceof Error ? message.toString() : message);
  },
  debug(message) {
    issueCommand('debug', {}, message);
  },
  isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
  },
  setFailed(message) {
    process.exitCode = 1;
    issueCommand('error', {}, message instanceof Error ? message.toString() : message);
  }
};
