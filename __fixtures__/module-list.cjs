// Preloaded into the bundle's process by __tests__/e2e/builtins.test.ts (NODE_OPTIONS=--require):
// at exit, prints every Node built-in module and binding the process loaded, as one line on
// standard error. It loads nothing itself, and the list is taken before the line is written.
const fs = require('node:fs');

process.on('exit', () => {
  // An internal list Node has kept since its first versions; not in its type definitions.
  const loaded = JSON.stringify(/** @type {{ moduleLoadList?: string[] }} */ (/** @type {unknown} */ (process)).moduleLoadList);
  fs.writeSync(2, `\nmodule-list ${loaded}\n`);
});
