/**
 * Every secret the action holds (each token, the separate ARM token, IDENTITY_HEADER, the Arc
 * key, the federated assertion, the registry password, the proxy password), so that no text from
 * outside is shown with one in it. The runner masks them too, but only in the log, only whole
 * and only as written: this also covers the summary, a secret echoed back in pieces or in another
 * case (a host name in a redirect is lower-cased), and the moment before a text is cut short.
 */
const PLACEHOLDER = '***';
/** Shorter values are not secrets the action holds, and replacing them would garble messages. */
const MIN_SECRET_CHARS = 8;
/**
 * A line of a user's secret value shorter than this is not replaced in the action's messages
 * (the runner still masks it in the log, everywhere: see the short-line warning of key-vault-secrets).
 */
export const VALUE_LINE_MIN_CHARS = 4;
/** A piece this long of a held secret, anywhere and in any case, is hidden with what surrounds it. */
const PIECE = 8;
/** What a run of secret-like text is made of; a hidden piece takes its whole run with it. */
const RUN_CHAR = /[A-Za-z0-9._~+/=%-]/;

/**
 * Whether a value is one the runner should mask: printable, no spaces, long enough to be a
 * credential. An answer that offers "e" or "Error" as its token must not make the runner hide
 * those words for the rest of the job; such a value is refused anyway and never printed.
 */
export const isMaskable = (value: string): boolean => value.length >= MIN_SECRET_CHARS && /^[\x21-\x7e]+$/.test(value);

export class Secrets {
  readonly #values = new Set<string>();
  readonly #pieces = new Set<string>();

  /**
   * `pieces: false` for a secret a person chose (a proxy password such as "Microsoft2024"): its
   * pieces are ordinary words, and hiding every run that holds one would hide resource IDs and
   * URLs; it is hidden where it appears whole, in any case.
   */
  add(secret: string, { pieces = true }: { pieces?: boolean } = {}): void {
    const value = secret.trim();
    if (value.length < MIN_SECRET_CHARS) return;
    this.#values.add(value);
    const letters = value.toLowerCase().replace(/[^a-z0-9]/g, '');
    const from = pieces ? letters : '';
    for (let at = 0; at + PIECE <= from.length; at++) this.#pieces.add(from.slice(at, at + PIECE));
    if (!pieces && letters.length >= PIECE) this.#wholeLetters.add(letters);
  }

  /**
   * A secret value the action hands over for the user (a Key Vault secret): the whole value and
   * each of its lines, as the runner masks them, replaced exactly wherever they appear. Never by
   * pieces: a connection string's `Database=` or `https://` must not vanish from every message.
   * Lines shorter than VALUE_LINE_MIN_CHARS (a `{` of pretty-printed JSON) are left to the
   * runner's mask, which hides them in the log anyway; replacing them here would garble every
   * message the action writes.
   */
  addValue(value: string): void {
    for (const part of [value, ...value.split(/\r?\n/)]) {
      const text = part.trim();
      if (text.length >= VALUE_LINE_MIN_CHARS) this.#values.add(text);
    }
  }

  /** Chosen secrets, as their letters and digits: matched whole only. */
  readonly #wholeLetters = new Set<string>();

  /**
   * `text` with every held secret replaced: whole copies first, longest first, then any run of
   * secret-like characters holding a piece of one, whatever its case and whatever stands between
   * its characters (a secret echoed in chunks, split by spaces or bars). Pieces are compared on
   * letters and digits alone, mapped back to where they stand. Linear in the text (chosen secrets
   * matched whole add a pass each).
   */
  redact(text: string): string {
    const whole = [...this.#values]
      .sort((a, b) => b.length - a.length)
      .reduce((shown, secret) => shown.split(secret).join(PLACEHOLDER), text);
    if ((this.#pieces.size === 0 && this.#wholeLetters.size === 0) || whole.length < PIECE) return whole;
    // The letters and digits of the text, lower-cased, and where each stands in it.
    let letters = '';
    const position: number[] = [];
    for (let at = 0; at < whole.length; at++) {
      const c = whole[at]!.toLowerCase();
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        letters += c;
        position.push(at);
      }
    }
    const hidden = new Uint8Array(whole.length);
    const hide = (from: number, length: number): void => void hidden.fill(1, position[from]!, position[from + length - 1]! + 1);
    for (let at = 0; at + PIECE <= letters.length; at++) if (this.#pieces.has(letters.slice(at, at + PIECE))) hide(at, PIECE);
    for (const secret of this.#wholeLetters) {
      for (let at = letters.indexOf(secret); at >= 0; at = letters.indexOf(secret, at + 1)) hide(at, secret.length);
    }
    let shown = '';
    for (let at = 0; at < whole.length;) {
      if (!hidden[at]) {
        shown += whole[at++];
        continue;
      }
      // Widen the hidden span to the whole run it sits in, so no edge of the secret shows.
      let start = at;
      while (start > 0 && shown.length > 0 && RUN_CHAR.test(shown[shown.length - 1]!)) {
        shown = shown.slice(0, -1);
        start--;
      }
      let end = at;
      while (end < whole.length && (hidden[end] || RUN_CHAR.test(whole[end]!))) end++;
      shown += PLACEHOLDER;
      at = end;
    }
    return shown;
  }
}
