// @ts-check
/**
 * `npm run validate-actions`: validates action.yml and every workflow in .github/workflows
 * against the GitHub Actions JSON schemas (SchemaStore's, as @action-validator builds them), so a
 * schema mistake fails CI here rather than on a user's runner.
 *
 * One error is expected and accepted: the validator's bundled schema predates `runs.using:
 * node24`, which the runner supports since v2.327.1. It is accepted only when it is the sole
 * error and the file really says node24; anything else fails.
 */
import { validateAction, validateWorkflow } from '@action-validator/core';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../__fixtures__/run-action.js';

/** @typedef {ReturnType<typeof validateAction>['errors'][number]} ValidationError */

/** @param {ValidationError[]} errors @param {string} source */
function onlyStaleNode24(errors, source) {
  const [error] = errors;
  if (errors.length !== 1 || !error || !('path' in error) || error.path !== '/runs' || error.code !== 'one_of') return false;
  const javascriptBranch = error.states?.[0]?.errors ?? [];
  return (
    /^\s+using:\s*['"]?node24['"]?\s*$/m.test(source) &&
    javascriptBranch.length > 0 &&
    javascriptBranch.every((e) => 'path' in e && e.path === '/runs/using' && e.code === 'enum')
  );
}

const files = [
  { path: 'action.yml', validate: validateAction },
  ...readdirSync(join(ROOT, '.github', 'workflows'))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => ({ path: join('.github', 'workflows', name), validate: validateWorkflow }))
];

let failed = false;
for (const { path, validate } of files) {
  const source = readFileSync(join(ROOT, path), 'utf8');
  const { errors } = validate(source);
  if (errors.length === 0) console.log(`valid: ${path}`);
  else if (path === 'action.yml' && onlyStaleNode24(errors, source)) {
    console.log(`valid: ${path} (runs.using: node24, which the validator's schema predates; supported since runner v2.327.1)`);
  } else {
    failed = true;
    console.error(`INVALID: ${path}\n${JSON.stringify(errors, null, 2)}`);
  }
}
process.exitCode = failed ? 1 : 0;
