/** The action's entry point: GitHub runs this file (bundled as dist/index.js). */
import { run } from './main.js';

await run();
