/** The action's entry point, bundled as dist/action.js (GitHub runs dist/index.js, which loads it). */
import { writeSync } from 'node:fs';
import { run } from './main.js';

// Everything the action writes (log lines, outputs, the summary) is written synchronously, so
// once run() is done nothing is on its way. A step that succeeded then ends at once: leaving
// through process.exit() skips tearing down the JavaScript heap, about 3 % of a default run
// (paired runs; BENCHMARKS.md), and loses nothing.
// A step that failed may have left work that cannot be cancelled once started: a name lookup
// that a DNS server never answers runs on in Node's thread pool, and the process cannot exit,
// even through process.exit(), until the resolver gives up (up to a minute). Such leftovers get
// one second; then the step, its error already printed, is killed. Not on Windows, where what
// Node itself prints to standard error may still be on its way through a pipe.
void run().then(
  () => {
    if (!process.exitCode) process.exit();
    endAfterGrace();
  },
  // run() reports every failure itself; should reporting one fail in turn, the step fails all
  // the same, with a fixed sentence (whatever was thrown could hold what must not be shown).
  () => {
    process.exitCode = 1;
    writeSync(2, 'The action failed, and reporting why failed too; run it again with debug logging on to see more.\n');
    endAfterGrace();
  }
);

function endAfterGrace(): void {
  setTimeout(() => {
    if (process.platform !== 'win32') process.kill(process.pid, 'SIGKILL');
    process.exit();
  }, 1000).unref();
}
