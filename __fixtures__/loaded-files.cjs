// @ts-check
/**
 * Which of the bundle's files a run loaded: preloaded into the action's process
 * (`NODE_OPTIONS=--require <this file>`, see loaded-files.js), it prints, as the process exits,
 * one stderr line with the files of dist/ that Node loaded, so that a test can assert a step
 * loads the code of no feature it did not ask for. CommonJS, like the bundle, so that
 * require.cache is the list. (A step that failed ends with SIGKILL and prints nothing.)
 */
const { basename, dirname, join } = require('node:path');

const dist = join(dirname(__dirname), 'dist');
process.on('exit', () => {
  const files = Object.keys(require.cache)
    .filter((file) => dirname(file) === dist)
    .map((file) => basename(file));
  require('node:fs').writeSync(2, `\nMSI_TOKEN_LOADED_FILES=${JSON.stringify(files)}\n`);
});
