/** The action's entry point, bundled as dist/action.js (GitHub runs dist/index.js, which loads it). */
import { run } from './main.js';

// Every request ends by timeout-seconds, but some work cannot be cancelled once started: a name
// lookup that a DNS server never answers runs on in Node's thread pool, and the process cannot
// exit, even through process.exit(), until the resolver gives up (up to a minute). Once run() is
// done, such leftovers get one second. Then a step that failed (its error already printed) ends
// at once; a step that succeeded ends normally, losing nothing. Not on Windows, where the log
// may still be on its way through a pipe.
void run().finally(() =>
  setTimeout(() => {
    if (process.exitCode && process.platform !== 'win32') process.kill(process.pid, 'SIGKILL');
    process.exit();
  }, 1000).unref()
);
