/**
 * The functions of `@actions/core` this action uses, written out to match it byte for byte:
 * workflow commands with its escaping, file commands as heredoc records with random delimiters
 * and the same checks. `__tests__/toolkit.test.ts` runs each of them beside `@actions/core`'s own
 * and compares everything both wrote, so a toolkit upgrade that changes a format fails there.
 *
 * Why not import `@actions/core` (measured on Node 24, where a whole run takes ≈45 ms):
 * - its index imports `oidc-utils` → `@actions/http-client` → `undici` for `getIDToken()`, which
 *   this action never calls; evaluating them costs ≈40 ms per job, and the bundler cannot drop
 *   them (CommonJS `undici` counts as having side effects). The package's `exports` map offers
 *   no way to import its smaller modules instead;
 * - its `file-command.js` loads all of `node:crypto` (≈4 ms) for 16 random bytes a delimiter;
 *   here they come from the operating system's generator directly.
 */
import type * as ActionsCore from '@actions/core';
import { appendFileSync, closeSync, existsSync, openSync, readSync } from 'node:fs';
import { EOL } from 'node:os';

/** Every side effect the action has on the runner: this list is the inventory. */
export type Core = Pick<
  typeof ActionsCore,
  'getInput' | 'setSecret' | 'setOutput' | 'exportVariable' | 'info' | 'warning' | 'debug' | 'setFailed'
> & {
  /** `core.summary.addRaw(markdown).write()`, synchronously. */
  appendSummary(markdown: string): void;
};

const asText = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

const escapeData = (value: unknown): string => asText(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (value: unknown): string => escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::name key=value,…::message`, as command.js's Command.toString() builds it. */
function workflowCommand(name: string, message: unknown, properties: Record<string, string> = {}): string {
  let text = `::${name}`;
  if (Object.keys(properties).length > 0) {
    text += ` ${Object.entries(properties)
      .filter(([, value]) => value)
      .map(([key, value]) => `${key}=${escapeProperty(value)}`)
      .join(',')}`;
  }
  return `${text}::${escapeData(message)}${EOL}`;
}

/** A random (v4) UUID from the OS's CSPRNG; `node:crypto` only where there is no /dev/urandom. */
export function randomUuid(platform: NodeJS.Platform = process.platform): string {
  const bytes = Buffer.alloc(16);
  try {
    if (platform === 'win32') throw new Error('no /dev/urandom');
    const fd = openSync('/dev/urandom', 'r');
    try {
      if (readSync(fd, bytes, 0, 16, null) !== 16) throw new Error('short read');
    } finally {
      closeSync(fd);
    }
  } catch {
    return process.getBuiltinModule('node:crypto').randomUUID();
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** file-command.js: issueFileCommand(command, prepareKeyValueMessage(name, value)). */
function appendFileCommand(command: 'OUTPUT' | 'ENV', name: string, value: unknown): void {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) throw new Error(`Unable to find environment variable for file command ${command}`);
  if (!existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`);
  const delimiter = `ghadelimiter_${randomUuid()}`;
  const text = asText(value);
  // The delimiter ends the record: a name or value containing it could forge another record.
  if (name.includes(delimiter)) throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (text.includes(delimiter)) throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  appendFileSync(filePath, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
}

const messageOf = (message: string | Error): string => (message instanceof Error ? message.toString() : message);

/** `write` prints to the log (standard output); tests pass their own to read what was printed. */
export function createCore(write: (text: string) => void = (text) => void process.stdout.write(text)): Core {
  return {
    getInput(name, options) {
      const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
      if (options?.required && !value) throw new Error(`Input required and not supplied: ${name}`);
      return options?.trimWhitespace === false ? value : value.trim();
    },
    setSecret(secret) {
      write(workflowCommand('add-mask', secret));
    },
    setOutput(name, value) {
      if (process.env['GITHUB_OUTPUT']) return appendFileCommand('OUTPUT', name, value);
      write(EOL);
      write(workflowCommand('set-output', value, { name }));
    },
    exportVariable(name, value) {
      process.env[name] = asText(value);
      if (process.env['GITHUB_ENV']) return appendFileCommand('ENV', name, value);
      write(workflowCommand('set-env', value, { name }));
    },
    info(message) {
      write(message + EOL);
    },
    // Annotation properties (file, line, …) are not used by this action, so none are passed on.
    warning(message) {
      write(workflowCommand('warning', messageOf(message)));
    },
    debug(message) {
      write(workflowCommand('debug', message));
    },
    appendSummary(markdown) {
      const filePath = process.env['GITHUB_STEP_SUMMARY'];
      if (!filePath) {
        throw new Error(
          'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
        );
      }
      appendFileSync(filePath, markdown, { encoding: 'utf8' });
    },
    setFailed(message) {
      process.exitCode = 1;
      write(workflowCommand('error', messageOf(message)));
    }
  };
}

export const toolkitCore: Core = createCore();
