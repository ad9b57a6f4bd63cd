// @ts-check
/**
 * Jest's globalTeardown, after every test file has run (also when tests failed): the proof that
 * the tests clean up after themselves. It lists what this run left outside the clone, removes
 * it, and fails the run with the list when there was anything:
 * - anything in the run's temporary folder (suite-start.js made it TMPDIR);
 * - the run's network namespaces (`ip netns list`) and their /etc/netns folders;
 * - anything in the system folders the run created (the Azure Arc agent's key folder), which it
 *   then removes, level by level exactly as created.
 */
import { leftoversOfRun } from './leftovers.js';

export default function suiteEnd() {
  failOnLeftovers(leftoversOfRun());
}

/** Throws, naming each leftover on its own line, unless there are none. @param {string[]} leftovers */
export function failOnLeftovers(leftovers) {
  if (leftovers.length > 0) {
    throw new Error(
      `The tests left ${leftovers.length} thing(s) outside the clone (removed now; make each with __fixtures__/cleanup.js):\n` +
        leftovers.map((entry) => `  - ${entry}`).join('\n')
    );
  }
}
