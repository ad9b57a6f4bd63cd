// @ts-check
/**
 * Jest's globalSetup: gives the run its own temporary folder before any worker starts, so that
 * os.tmpdir() in every test file and every child they start (they inherit TMPDIR) points into
 * it, and suite-end.js can tell what this run left from what other runs on the same machine
 * (other clones' `npm test`) are making at the same time. Also removes the folders of earlier
 * runs that were killed before their suite-end.js ran.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { RUN_DIR_VARIABLE, RUN_ID_VARIABLE } from './cleanup.js';
import { removeAbandonedRuns, RUN_DIR_PREFIX } from './leftovers.js';

export default function suiteStart() {
  const base = tmpdir();
  removeAbandonedRuns(base);
  const runDir = mkdtempSync(join(base, `${RUN_DIR_PREFIX}${process.pid}-`));
  const temporary = join(runDir, 'tmp');
  mkdirSync(temporary);
  // os.tmpdir() reads TMPDIR on Linux and macOS, TEMP / TMP on Windows.
  for (const name of ['TMPDIR', 'TEMP', 'TMP']) process.env[name] = temporary;
  process.env[RUN_DIR_VARIABLE] = runDir;
  process.env[RUN_ID_VARIABLE] = basename(runDir).slice(-6);
}
