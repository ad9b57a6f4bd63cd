// @ts-check
/**
 * action.yml, read with a YAML parser, for the tests and the benchmark: `runStep` runs the
 * bundled action as the runner runs a step, with action.yml's input defaults filled in under the
 * inputs given. (`npm start` needs nothing installed, so it uses run-action.js directly and sets
 * only the inputs it is given; the action reads an unset input as its default.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, runAction } from './run-action.js';

/**
 * @typedef {{ description?: string, required?: boolean, default?: string }} ActionInput
 * @typedef {{
 *   name: string, description: string, inputs: Record<string, ActionInput>,
 *   outputs: Record<string, { description: string }>, runs: Record<string, string>
 * }} ActionYml
 */

/** @type {ActionYml} */
export const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));

/** The `default:` of every input that has one, as the runner passes them (strings). */
export const actionDefaults = Object.freeze(
  Object.fromEntries(
    Object.entries(action.inputs)
      .filter(([, input]) => input.default !== undefined)
      .map(([name, input]) => [name, String(input.default)])
  )
);

/**
 * @param {Parameters<typeof runAction>[0]} [options]
 * @returns {ReturnType<typeof runAction>}
 */
export function runStep(options = {}) {
  return runAction({ ...options, inputs: { ...actionDefaults, ...options.inputs } });
}
