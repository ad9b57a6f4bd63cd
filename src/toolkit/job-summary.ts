/**
 * The part of @actions/core 3.0.1's `summary` the action uses (`addRaw(text).write()`, appending
 * to the job summary file), written synchronously. Core's goes through `fs.promises`: loading it
 * loads some ten more modules, and its calls start libuv's thread pool, which every job pays
 * for: about 5 % of a default run (paired runs; BENCHMARKS.md). Same checks, same error
 * messages, same bytes: __tests__/toolkit/job-summary.test.ts runs both and compares. When a
 * toolkit release writes the summary without the thread pool, this file goes and main.ts takes
 * core's `summary` again.
 */
import { accessSync, closeSync, constants, openSync, writeFileSync } from 'node:fs';

const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
/**
 * Core's `appendFile` flags ('a'), plus O_NONBLOCK where the platform has it: a write that would
 * wait (a FIFO put in the file's place) fails at once instead of blocking the whole process,
 * since a synchronous write cannot be given up on at the step's deadline as core's can.
 */
const APPEND = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (constants.O_NONBLOCK ?? 0);

class JobSummary {
  #buffer = '';

  addRaw(text: string): this {
    this.#buffer += text;
    return this;
  }

  /** Appends what was added to the job summary file, and empties the buffer. */
  async write(): Promise<this> {
    const file = process.env[SUMMARY_ENV_VAR];
    if (!file) {
      throw new Error(
        `Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`
      );
    }
    try {
      accessSync(file, constants.R_OK | constants.W_OK);
    } catch {
      throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`);
    }
    const fd = openSync(file, APPEND);
    try {
      writeFileSync(fd, this.#buffer, { encoding: 'utf8' });
    } finally {
      closeSync(fd);
    }
    this.#buffer = '';
    return this;
  }
}

/** One summary for the step, as core's `summary` is. */
export const summary = new JobSummary();
