/**
 * The entry point for `npm run local-action` (GitHub's @github/local-action, which replaces
 * `@actions/core` with its own recorder to show what an action does): the same `run()`, with
 * the stand-in `@actions/core` as its `core`. local-action records a failure without setting the
 * exit code (the runner would fail the step), so `setFailed` sets it here.
 */
import * as core from '@actions/core';
import { run as runAction } from '../src/main.js';

export async function run(): Promise<void> {
  await runAction({
    ...core,
    setFailed: (message) => {
      core.setFailed(message);
      process.exitCode = 1;
    }
  });
}
