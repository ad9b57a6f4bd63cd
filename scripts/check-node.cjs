// @ts-check
/**
 * Runs before `npm test` and `npm run bench` (their `pre` scripts). Inside npm scripts npm puts
 * node_modules/.bin first on PATH, where `npm ci` has put Node 24 (the `node` dev dependency),
 * so this runs on 24 and says nothing. It runs on an older Node only when node_modules is
 * missing or was installed without it: then it stops at once with one line saying what to do,
 * instead of letting the tests fail one by one on APIs older Node versions lack. CommonJS with
 * no modern syntax beyond what any Node still in use parses, since its point is to run on old ones.
 */
'use strict';

const REQUIRED_MAJOR = 24;

/**
 * @param {string} version e.g. "v20.19.0" or "24.1.0"
 * @returns {string | undefined} the line to print, or undefined when the version will do
 */
function nodeVersionProblem(version) {
  const major = Number(String(version).replace(/^v/, '').split('.')[0]);
  if (major >= REQUIRED_MAJOR) return undefined;
  return (
    `This project needs Node ${REQUIRED_MAJOR} (the runtime GitHub runs the action on) for its tests; this is Node ${String(version).replace(/^v?/, 'v')}. ` +
    `Run npm ci first: it installs Node ${REQUIRED_MAJOR} from the npm registry into node_modules (the node dev dependency), ` +
    'which npm test, npm run bench and npm run local-action then use.'
  );
}

module.exports = { nodeVersionProblem, REQUIRED_MAJOR };

if (require.main === module) {
  const problem = nodeVersionProblem(process.version);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
