/** The action's entry point, bundled as dist/action.js (GitHub runs dist/index.js, which loads it). */
import { run } from './main.js';

void run();
