// @ts-check
/** Which files of dist/ a run of the bundle loaded: see loaded-files.cjs. */
import { fileURLToPath } from 'node:url';

const PRELOAD = fileURLToPath(new URL('./loaded-files.cjs', import.meta.url));

/** `NODE_OPTIONS` that preload the recorder, after any options already given. */
export const loadedFilesOptions = (/** @type {string} */ nodeOptions = '') => `${nodeOptions} --require ${PRELOAD}`.trim();

/**
 * The files of dist/ the run loaded, sorted ("action.js", "feature-verify.js", "index.js").
 * @param {{ stderr: string }} run
 * @returns {string[]}
 */
export function loadedFiles(run) {
  const line = run.stderr.split('\n').find((text) => text.startsWith('MSI_TOKEN_LOADED_FILES='));
  if (line === undefined) throw new Error(`The run printed no list of loaded files; its stderr: ${run.stderr}`);
  return JSON.parse(line.slice('MSI_TOKEN_LOADED_FILES='.length)).sort();
}
