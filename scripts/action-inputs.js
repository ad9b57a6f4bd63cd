// @ts-check
/**
 * The inputs action.yml declares, with their descriptions and defaults, read without a YAML
 * parser: `npm start` runs on a fresh clone, before `npm ci`. It reads only the shape action.yml
 * is written in (two-space keys under `inputs:`, `description:` on one line or as a folded `>-`
 * block); a test holds it to what the YAML parser reads from the same file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @typedef {{ name: string, description: string, default: string }} DeclaredInput
 * @param {string} root the project folder
 * @returns {DeclaredInput[]} in the order action.yml lists them
 */
export function declaredInputs(root) {
  const lines = readFileSync(join(root, 'action.yml'), 'utf8').split(/\r?\n/);
  /** @type {DeclaredInput[]} */
  const inputs = [];
  let inInputs = false;
  /** @type {DeclaredInput | undefined} */
  let current;
  /** Lines of a folded description block, while one is open. */
  let folding = false;
  for (const line of lines) {
    if (/^\S/.test(line)) {
      inInputs = line === 'inputs:';
      folding = false;
      continue;
    }
    if (!inInputs) continue;
    const key = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line);
    if (key) {
      current = { name: key[1] ?? '', description: '', default: '' };
      inputs.push(current);
      folding = false;
      continue;
    }
    if (!current) continue;
    if (folding && /^ {6}\S/.test(line)) {
      current.description += `${current.description ? ' ' : ''}${line.trim()}`;
      continue;
    }
    folding = false;
    const field = /^ {4}(description|default):\s*(.*)$/.exec(line);
    if (!field) continue;
    const value = field[2] ?? '';
    if (field[1] === 'description') {
      if (value === '>-' || value === '>') folding = true;
      else current.description = unquote(value);
    } else {
      current.default = unquote(value);
    }
  }
  return inputs;
}

/** A YAML scalar as written on one line: 'single', "double" or plain. @param {string} value */
function unquote(value) {
  const text = value.trim();
  if (text.startsWith("'") && text.endsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  if (text.startsWith('"') && text.endsWith('"')) return JSON.parse(text);
  return text;
}

/**
 * The outputs action.yml declares, by name, in its order.
 * @param {string} root the project folder
 * @returns {string[]}
 */
export function declaredOutputs(root) {
  const names = [];
  let inOutputs = false;
  for (const line of readFileSync(join(root, 'action.yml'), 'utf8').split(/\r?\n/)) {
    if (/^\S/.test(line)) inOutputs = line === 'outputs:';
    const key = inOutputs ? /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line) : null;
    if (key?.[1]) names.push(key[1]);
  }
  return names;
}
