// @ts-check
/**
 * What the GitHub runner shows of a step's standard output: it obeys the workflow commands
 * (`::add-mask::`, `::debug::`, `::warning::`, `::error::`, `::notice::`, `::group::`,
 * `::stop-commands::`) instead of printing them, decodes their escapes (`%25`, `%0D`, `%0A` in the
 * message; also `%3A` and `%2C` in properties), and replaces every value registered with
 * `add-mask` (and, as runners since 2.286.0 do, each trimmed non-empty line of a multi-line
 * value) by `***` from then on. Debug lines appear only with step debug logging on.
 *
 * Plain JavaScript with no dependencies: `npm start` uses it on a fresh clone.
 */

/** @type {Record<string, string>} */
const DECODED = { '%25': '%', '%0D': '\r', '%0A': '\n', '%3A': ':', '%2C': ',' };

/** A message's escapes (`%25`, `%0D`, `%0A`; upper case, as the runner matches them), decoded in one pass. @param {string} text */
export const decodeMessage = (text) => text.replace(/%25|%0D|%0A/g, (code) => DECODED[code] ?? code);

/** A property's escapes, which also include `%3A` (:) and `%2C` (,). @param {string} text */
export const decodeProperty = (text) => text.replace(/%25|%0D|%0A|%3A|%2C/g, (code) => DECODED[code] ?? code);

/**
 * Parses one `::name key=value,…::message` line.
 * @param {string} line
 * @returns {{ name: string, properties: Record<string, string>, message: string } | undefined}
 */
export function parseCommand(line) {
  const match = /^::([A-Za-z0-9_-]+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!match) return undefined;
  /** @type {Record<string, string>} */
  const properties = {};
  for (const pair of (match[2] ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) properties[pair.slice(0, at)] = decodeProperty(pair.slice(at + 1));
  }
  return { name: match[1] ?? '', properties, message: decodeMessage(match[3] ?? '') };
}

const PREFIX = /** @type {Record<string, string>} */ ({ warning: 'Warning: ', error: 'Error: ', notice: 'Notice: ' });

/**
 * @param {string} stdout everything the step printed
 * @param {{ debug?: boolean }} [options] `debug`: step debug logging is on (ACTIONS_STEP_DEBUG)
 * @returns {string[]} the lines of the step log, as the runner shows them
 */
export function runnerLog(stdout, { debug = false } = {}) {
  /** @type {string[]} */
  const masks = [];
  /** @type {string[]} */
  const shown = [];
  /** While commands are stopped, the token that resumes them. */
  let stoppedUntil = '';
  const mask = (/** @type {string} */ text) =>
    masks
      .filter((secret) => secret !== '')
      .sort((a, b) => b.length - a.length)
      .reduce((masked, secret) => masked.split(secret).join('***'), text);
  const show = (/** @type {string} */ text) => shown.push(...mask(text).split(/\r?\n/));

  for (const line of stdout.replace(/\r?\n$/, '').split(/\r?\n/)) {
    if (stoppedUntil) {
      if (line === `::${stoppedUntil}::`) stoppedUntil = '';
      else show(line);
      continue;
    }
    const command = parseCommand(line);
    if (!command) {
      show(line);
      continue;
    }
    const { name, message } = command;
    if (name === 'add-mask') {
      masks.push(message, ...message.split(/\r?\n/).map((part) => part.trim()));
    } else if (name === 'debug') {
      if (debug) for (const part of mask(message).split(/\r?\n/)) shown.push(`##[debug]${part}`);
    } else if (name in PREFIX) {
      show(`${PREFIX[name]}${message}`);
    } else if (name === 'group') {
      show(`▼ ${message}`);
    } else if (name === 'endgroup') {
      // nothing shown
    } else if (name === 'stop-commands') {
      stoppedUntil = message;
    } else {
      show(line);
    }
  }
  return shown;
}
