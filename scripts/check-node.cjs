// @ts-check
/**
 * Runs before `npm test`, `npm start` and `npm run bench` (their `pre` scripts): on a Node older
 * than 24 it stops at once with one line saying what is needed and how to get it, instead of
 * letting the tests fail one by one on APIs older Node versions lack. CommonJS with no modern
 * syntax beyond what any Node still in use parses, since its whole point is to run on old ones.
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
    `This project needs Node ${REQUIRED_MAJOR} (the runtime GitHub runs the action on); this is Node ${String(version).replace(/^v?/, 'v')}. ` +
    `Get it with nvm (nvm install ${REQUIRED_MAJOR}) or fnm (fnm use --install-if-missing ${REQUIRED_MAJOR}), ` +
    `or run bash .ci/run, which fetches Node ${REQUIRED_MAJOR} from the npm registry into ~/.cache/msi-token/node24 and runs every check with it.`
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
