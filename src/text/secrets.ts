/**
 * Every secret the action holds (each token, the separate ARM token, IDENTITY_HEADER, the Arc
 * key, the federated assertion), so that no text from outside is shown with one in it. The
 * runner masks them too, but only in the log and only whole: this also covers the summary and
 * the moment before a text is cut short.
 */
const PLACEHOLDER = '***';
/** Shorter values are not secrets the action holds, and replacing them would garble messages. */
const MIN_SECRET_CHARS = 8;

export class Secrets {
  readonly #values = new Set<string>();

  add(secret: string): void {
    for (const value of [secret, secret.trim()]) if (value.length >= MIN_SECRET_CHARS) this.#values.add(value);
  }

  /** `text` with every held secret replaced, longest first (a token can contain a shorter one). */
  redact(text: string): string {
    return [...this.#values].sort((a, b) => b.length - a.length).reduce((shown, secret) => shown.split(secret).join(PLACEHOLDER), text);
  }
}
