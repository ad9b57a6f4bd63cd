/**
 * Every secret the action holds, so that no text from outside is shown with one in it. The
 * runner masks them too, but only in the log, only whole and only as written: this also covers
 * the summary, a secret echoed back in pieces or in another case (a host name in a redirect is
 * lower-cased), and the moment before a text is cut short.
 *
 * Two kinds, because they fail differently:
 * - `add(secret)`: a credential the action itself receives (each token, the separate ARM token,
 *   IDENTITY_HEADER, the Arc key, the federated assertion, the registry password, the proxy
 *   password). Random-looking, so any 8-character piece of one is hidden with the run of
 *   characters around it, whatever its case.
 * - `addValue(value)`: a value a user stored (a Key Vault secret). Replaced whole and line by
 *   line (each trimmed non-empty line, exactly as written), the lines the runner masks, and never
 *   by pieces: a connection string holding `Database=` or `https://` must not blank those words in
 *   every message. Also in the forms the action's own text mechanism turns an echo of it into
 *   (inert.ts escapes control characters and hides credential shapes; error bodies are folded
 *   onto one line), and where `bounded` cut a copy short: an answer can be quoted before the
 *   value it echoes has arrived (secrets are read side by side), and the runner masks none of
 *   these forms.
 *
 * Every step redacts its messages and most print ten lines, so the pieces are never all built
 * (a token alone has some 1,500): a credential is indexed by one block of 5 letters in 4, on the
 * first `redact` after it was added, and every piece of 8 holds one such block whole. A text's
 * 5-letter windows are looked up among the blocks, and only a window found there is checked as a
 * piece against the credentials' letters: time linear in the text, whatever the credentials, with
 * the engine's own string operations doing the work (a loop per character in JavaScript costs
 * more than all the rest). Whole values are one native search each.
 */
import { ActionError } from './errors.js';
import { escapeControls, HIDDEN, hideSecretShapes } from './inert.js';

const PLACEHOLDER = '***';
/**
 * At most this many lines (and their shown forms) of user values are held. Every message is
 * compared with each held value, so a vault answering 100 values of thousands of short lines
 * would otherwise make each message cost a second and hold the step past timeout-seconds. Real
 * values stay far below it (100 PEM chains of 40 lines). Past it the step stops rather than
 * hand over a value some of whose lines it could not keep out of its own messages.
 */
const MAX_VALUE_FORMS = 5000;
const TOO_MANY_VALUE_LINES =
  `The secrets read hold more than ${MAX_VALUE_FORMS} lines in all, more than the action keeps out of its own messages ` +
  'and the job summary, so nothing was handed over: read fewer or shorter secrets in one step.';
/** What `bounded` (inert.ts) puts where it cut a text short. */
const CUT = '...';
/** Shorter values are not secrets the action holds, and replacing them would garble messages. */
const MIN_SECRET_CHARS = 8;
/**
 * A line of a user's secret value shorter than this is not replaced in the action's messages
 * (the runner still masks it in the log, everywhere: see the short-line warning of key-vault-secrets).
 */
export const VALUE_LINE_MIN_CHARS = 4;
/** A piece this long of a held credential, anywhere and in any case, is hidden with what surrounds it. */
const PIECE = 8;
/** What is indexed of each credential: every STRIDE-th BLOCK of its letters, so that each PIECE holds one. */
const BLOCK = 5;
const STRIDE = PIECE - BLOCK + 1;
/** What a run of secret-like text is made of; a hidden piece takes its whole run with it. */
const RUN_CHAR = /[A-Za-z0-9._~+/=%-]/;

/**
 * Whether a value is one the runner should mask: printable, no spaces, long enough to be a
 * credential. An answer that offers "e" or "Error" as its token must not make the runner hide
 * those words for the rest of the job; such a value is refused anyway and never printed.
 */
export const isMaskable = (value: string): boolean => value.length >= MIN_SECRET_CHARS && /^[\x21-\x7e]+$/.test(value);

export class Secrets {
  /** Exact values: credentials whole, user values whole and their lines. */
  readonly #exact = new Set<string>();
  /** The same, longest first; undefined after an addition. */
  #longestFirst: string[] | undefined = [];
  /** The letters of every credential matched by pieces, each between bars: `|abc…|def…|`. */
  #letters = '|';
  /** Every STRIDE-th BLOCK of those letters; credentials added since the last redact wait in #pending. */
  readonly #blocks = new Set<string>();
  readonly #pending: string[] = [];
  /** Chosen secrets, as their letters and digits: matched whole only. */
  readonly #wholeLetters = new Set<string>();

  /**
   * A credential the action received. `pieces: false` for one a person chose (a proxy password
   * such as "Microsoft2024"): its pieces are ordinary words, and hiding every run that holds one
   * would hide resource IDs and URLs; it is hidden where it appears whole, in any case.
   */
  add(secret: string, { pieces = true }: { pieces?: boolean } = {}): void {
    const value = secret.trim();
    if (value.length < MIN_SECRET_CHARS) return;
    this.#hold(value);
    const letters = lettersOf(value);
    if (letters.length < PIECE) return;
    if (!pieces) {
      this.#wholeLetters.add(letters);
    } else if (!this.#letters.includes(`|${letters}|`)) {
      this.#letters += `${letters}|`;
      this.#pending.push(letters);
    }
  }

  /**
   * A user's secret value (a Key Vault secret): hidden where it appears whole, and wherever one of
   * its lines appears, trimmed, exactly as written. Never by pieces, never in another case: a
   * connection string's `Database=` or `https://` must not vanish from every message. The value
   * or a line shorter than VALUE_LINE_MIN_CHARS (a `{` of pretty-printed JSON) is left to the
   * runner's mask, which hides it in the log anyway; replacing it here would garble every message.
   */
  addValue(value: string): void {
    const whole = value.trim();
    if (whole.length >= VALUE_LINE_MIN_CHARS) this.#hold(whole);
    for (const part of [value, ...value.split(/\r?\n|\r/)]) {
      const text = part.trim();
      if (text.length < VALUE_LINE_MIN_CHARS) continue;
      for (const form of shownForms(text)) {
        if (this.#valueForms >= MAX_VALUE_FORMS) throw new ActionError(TOO_MANY_VALUE_LINES);
        if (form.trim().length >= VALUE_LINE_MIN_CHARS && form !== HIDDEN && !this.#exact.has(form)) {
          this.#hold(form);
          this.#valueForms++;
        }
      }
    }
  }

  /** How many lines and forms of user values are held, against MAX_VALUE_FORMS. */
  #valueForms = 0;

  #hold(value: string): void {
    if (this.#exact.has(value)) return;
    this.#exact.add(value);
    this.#longestFirst = undefined;
  }

  /**
   * `text` with every held secret replaced: whole copies and user values' lines first, then any
   * run of secret-like characters holding a piece of a credential, whatever its case and whatever
   * stands between its characters (a secret echoed in chunks, split by spaces or bars). Pieces are
   * compared on letters and digits alone, mapped back to where they stand.
   */
  redact(text: string): string {
    const whole = this.#exact.size === 0 ? text : this.#replaceExact(text);
    if ((this.#letters.length === 1 && this.#wholeLetters.size === 0) || whole.length < PIECE) return whole;
    const letters = lettersOf(whole);
    let hidden: Uint8Array | undefined;
    let position: number[] | undefined;
    const hide = (from: number, length: number): void => {
      position ??= positionsOf(whole);
      hidden ??= new Uint8Array(whole.length);
      // (Should the engine ever lower-case a whole text otherwise than its characters one by one, hide it all.)
      if (position.length !== letters.length) hidden.fill(1);
      else hidden.fill(1, position[from]!, position[from + length - 1]! + 1);
    };
    if (this.#letters.length > 1) {
      for (const credential of this.#pending.splice(0)) {
        for (let at = 0; at + BLOCK <= credential.length; at += STRIDE) this.#blocks.add(credential.slice(at, at + BLOCK));
      }
      for (let at = 0; at + BLOCK <= letters.length; at++) {
        if (!this.#blocks.has(letters.slice(at, at + BLOCK))) continue;
        // A block of a credential: the pieces that could hold it here, checked in full.
        for (let from = Math.max(0, at - STRIDE + 1); from <= at && from + PIECE <= letters.length; from++) {
          if (this.#letters.includes(letters.slice(from, from + PIECE))) hide(from, PIECE);
        }
      }
    }
    for (const secret of this.#wholeLetters) {
      for (let at = letters.indexOf(secret); at >= 0; at = letters.indexOf(secret, at + 1)) hide(at, secret.length);
    }
    return hidden ? widened(whole, hidden) : whole;
  }

  /** Every exact value replaced, each span of them (overlapping or side by side) by one placeholder. */
  #replaceExact(text: string): string {
    this.#longestFirst ??= [...this.#exact].sort((a, b) => b.length - a.length);
    let covered: Uint8Array | undefined;
    for (const value of this.#longestFirst) {
      for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
        (covered ??= new Uint8Array(text.length)).fill(1, at, at + value.length);
      }
    }
    // A copy cut short by `bounded` is the start of a value right before the cut's "...".
    for (let cut = text.indexOf(CUT, VALUE_LINE_MIN_CHARS); cut >= 0; cut = text.indexOf(CUT, cut + 1)) {
      for (const value of this.#longestFirst) {
        const start = cutStart(text, cut, value);
        if (start !== undefined) (covered ??= new Uint8Array(text.length)).fill(1, start, cut);
      }
    }
    if (!covered) return text;
    let shown = '';
    for (let at = 0; at < text.length;) {
      let end = at;
      while (end < text.length && covered[end] === covered[at]) end++;
      shown += covered[at] ? PLACEHOLDER : text.slice(at, end);
      at = end;
    }
    return shown;
  }
}

/**
 * A line of a user's value as the action's messages may show an echo of it: as written, folded
 * onto one line (error bodies), with credential shapes hidden and control characters escaped
 * (inert.ts), in the orders those happen.
 */
function shownForms(line: string): Set<string> {
  const fold = (text: string): string => text.replace(/\s+/g, ' ');
  const forms = new Set<string>([line]);
  // Most lines have none of these forms: one check each instead of building them all.
  if (fold(line) === line && escapeControls(line) === line && hideSecretShapes(line) === line) return forms;
  for (const folded of [line, fold(line)]) {
    for (const shaped of [folded, hideSecretShapes(folded)]) {
      for (const form of [shaped, fold(shaped)]) forms.add(form).add(escapeControls(form));
    }
  }
  return forms;
}

/** Where `value` starts in `text` if the text right before `cut` is a start of it (at least VALUE_LINE_MIN_CHARS long). */
function cutStart(text: string, cut: number, value: string): number | undefined {
  const head = value.slice(0, VALUE_LINE_MIN_CHARS);
  const earliest = cut - value.length + 1;
  for (let at = text.lastIndexOf(head, cut - VALUE_LINE_MIN_CHARS); at >= 0 && at >= earliest; at = text.lastIndexOf(head, at - 1)) {
    if (value.startsWith(text.slice(at, cut))) return at;
    if (at === 0) break;
  }
  return undefined;
}

/**
 * The letters and digits of a text, lower-cased, and (only once a piece was found) where each
 * stands in it. The letters come from the engine's own lower-casing and regular expressions: this
 * runs over every message, and a loop per character costs more than the rest of the redaction.
 * Each character counts with what it lower-cases to (the Kelvin sign as k), in both.
 */
const lettersOf = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '');

function positionsOf(text: string): number[] {
  const position: number[] = [];
  for (let at = 0; at < text.length; at++) {
    const c = text.charCodeAt(at);
    const count = c < 128 ? Number((c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122)) : lettersOf(text[at]!).length;
    for (let k = 0; k < count; k++) position.push(at);
  }
  return position;
}

/** `text` with each hidden span, widened to the whole run of secret-like characters it sits in, as one placeholder. */
function widened(text: string, hidden: Uint8Array): string {
  let shown = '';
  for (let at = 0; at < text.length;) {
    if (!hidden[at]) {
      shown += text[at++];
      continue;
    }
    // Widen the hidden span to the whole run it sits in, so no edge of the secret shows.
    while (shown.length > 0 && RUN_CHAR.test(shown[shown.length - 1]!)) shown = shown.slice(0, -1);
    let end = at;
    while (end < text.length && (hidden[end] || RUN_CHAR.test(text[end]!))) end++;
    shown += PLACEHOLDER;
    at = end;
  }
  return shown;
}
