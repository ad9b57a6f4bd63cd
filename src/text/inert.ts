/**
 * Text from outside (an endpoint's answer, a header, a claim, the environment, a file name) made
 * safe to show. Everything such a value passes through on its way to the log, an annotation, the
 * summary or a message goes through `inert` first, here and nowhere else.
 *
 * What it prevents:
 * - workflow commands: the runner obeys `::name::value` at the start of a line and the older
 *   `##[name]value` anywhere in a line; without CR/LF a value cannot start a line, and `##[` is
 *   broken up;
 * - terminal tricks: ESC (ANSI colours, cursor moves) and every other C0/C1 control character;
 * - secrets: JWT-shaped strings, credentials after `Bearer`/`Basic`, and the values of fields
 *   named like credentials are replaced before anything is cut, and a cut never leaves part of a
 *   long token-like word (the runner masks whole values only, so the first 250 characters of a
 *   masked token would show).
 */

/** C0 controls, DEL, C1 controls, and the Unicode line/paragraph separators and bidi overrides. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The characters of tokens, keys and assertions (base64, base64url, JWT dots). */
const TOKEN_CHAR = /[A-Za-z0-9._~+/=-]/;
/** Runs this long of token characters are dropped whole when a cut falls inside them. */
const LONG_RUN = 24;

export const HIDDEN = '[hidden]';

const SECRET_SHAPES: readonly [RegExp, string][] = [
  // A JWT, or the start of one (a truncated token in a 502 is still a secret).
  [/eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){0,2}/g, HIDDEN],
  // Authorization header values echoed back; not a short lower-case word, which is prose ("a Bearer or PoP token").
  // (No i flag: the scheme is matched in any case, the prose word in lower case only.)
  [/\b([Bb][Ee][Aa][Rr][Ee][Rr]|[Bb][Aa][Ss][Ii][Cc])(\s+)(?![a-z]{1,7}(?![A-Za-z0-9._~+/=-]))[A-Za-z0-9._~+/=-]+/g, `$1$2${HIDDEN}`],
  // "access_token": "…", access_token=…, 'client_assertion': … (JSON, form or prose).
  [
    /((?:access|refresh|id)_token|client_assertion|client_secret|assertion|password|secret|authorization|x-identity-header)(["']?\s*[:=]\s*["']?)[^"'&,;\s}\]]+/gi,
    `$1$2${HIDDEN}`
  ]
];

/**
 * A long run of base64 characters mixing upper case, lower case and digits is key material (a
 * piece of a token that lost its "eyJ", a key): GUIDs, names and paths never look like that.
 */
const KEY_MATERIAL = /[A-Za-z0-9_+-]{32,}/g;
const looksLikeKey = (run: string): boolean => /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);

/** Replaces everything that looks like a credential, whoever's it is. */
export function hideSecretShapes(text: string): string {
  const shaped = SECRET_SHAPES.reduce((shown, [shape, replacement]) => shown.replace(shape, replacement), text);
  return shaped.replace(KEY_MATERIAL, (run) => (looksLikeKey(run) ? HIDDEN : run));
}

/** Control characters shown escaped (`\n`, `\x1b`, `\u2028`), and `##[` broken up. */
export function escapeControls(text: string): string {
  return text
    .replace(CONTROL, (c) => {
      if (c === '\n') return '\\n';
      if (c === '\r') return '\\r';
      if (c === '\t') return '\\t';
      const code = c.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    })
    .replace(/##\[/g, '##\\[');
}

/**
 * Cuts `text` to at most `maxChars`, never inside a long token-like word: such a word is dropped
 * whole, because a piece of a secret is as bad as the secret.
 */
export function bounded(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = maxChars - 3;
  let start = end;
  while (start > 0 && TOKEN_CHAR.test(text[start - 1]!)) start--;
  let after = end;
  while (after < text.length && TOKEN_CHAR.test(text[after]!)) after++;
  if (after > end && after - start >= LONG_RUN) end = start;
  return end === 0 ? `(${text.length} characters, not shown)` : `${text.slice(0, end)}...`;
}

/** A value from outside, ready to be quoted inside a message: one line, no commands, no secrets, bounded. */
export function inert(value: unknown, maxChars = 200): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : (JSON.stringify(value) ?? String(value));
  return bounded(escapeControls(hideSecretShapes(text)), maxChars);
}

/**
 * The last guard before the runner's log: every line of a whole message (the action's own words
 * with inert values in them) is checked again, so no line can start a workflow command even if a
 * value reached it unescaped. Line breaks the action itself put there stay.
 */
export function loggable(message: string): string {
  return message
    .split(/\r?\n/)
    .map((line) => escapeControls(line).replace(/^(\s*):(?=:)/, '$1: '))
    .join('\n');
}
