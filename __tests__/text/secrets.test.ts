/**
 * Secrets.redact: what it hides and what it leaves, and, for any secrets and any text, the same
 * result as a plain reference that builds every piece of every secret up front (the way the
 * action did before the index: a Set of every 8-character piece, `indexOf` for each value).
 */
import fc from 'fast-check';
import { escapeControls, hideSecretShapes } from '../../src/text/inert.js';
import { Secrets } from '../../src/text/secrets.js';

/** The reference: obviously right, and slow on purpose. */
function reference(credentials: [string, boolean][], values: string[], text: string): string {
  const exact = new Set<string>();
  const pieces = new Set<string>();
  const chosen: string[] = [];
  for (const [secret, withPieces] of credentials) {
    const value = secret.trim();
    if (value.length < 8) continue;
    exact.add(value);
    const letters = value.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (withPieces) for (let at = 0; at + 8 <= letters.length; at++) pieces.add(letters.slice(at, at + 8));
    else if (letters.length >= 8) chosen.push(letters);
  }
  for (const value of values) {
    for (const part of [value, ...value.split(/\r?\n|\r/)]) {
      const line = part.trim();
      if (line.length < 4) continue;
      // And every form the action's messages can show an echo of it in: folded, shapes hidden, escaped.
      const fold = (t: string) => t.replace(/\s+/g, ' ');
      const steps = [(t: string) => t, fold, hideSecretShapes, escapeControls];
      const forms = new Set([line]);
      for (let round = 0; round < 4; round++) for (const form of [...forms]) for (const step of steps) forms.add(step(form));
      for (const form of forms) if (form.trim().length >= 4 && form !== '[hidden]') exact.add(form);
    }
  }
  // Exact copies: every character any copy covers, each span of them one placeholder.
  const covered = new Uint8Array(text.length);
  for (const value of exact) {
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) covered.fill(1, at, at + value.length);
  }
  // A copy cut short: any start of 4 characters or more of a held value right before a "...".
  for (let cut = 0; cut < text.length; cut++) {
    if (!text.startsWith('...', cut)) continue;
    for (const value of exact) {
      for (let start = Math.max(0, cut - value.length + 1); start <= cut - 4; start++) {
        if (value.startsWith(text.slice(start, cut))) {
          covered.fill(1, start, cut);
          break;
        }
      }
    }
  }
  let whole = '';
  for (let at = 0; at < text.length; at++) {
    if (!covered[at]) whole += text[at];
    else if (at === 0 || !covered[at - 1]) whole += '***';
  }
  if (whole.length < 8) return whole;
  const position: number[] = [];
  let letters = '';
  for (let at = 0; at < whole.length; at++) {
    const c = whole[at]!.toLowerCase();
    if (/^[a-z0-9]$/.test(c)) {
      letters += c;
      position.push(at);
    }
  }
  const hidden = new Uint8Array(whole.length);
  const hide = (from: number, length: number): void => void hidden.fill(1, position[from]!, position[from + length - 1]! + 1);
  for (let at = 0; at + 8 <= letters.length; at++) if (pieces.has(letters.slice(at, at + 8))) hide(at, 8);
  for (const secret of chosen)
    for (let at = letters.indexOf(secret); at >= 0; at = letters.indexOf(secret, at + 1)) hide(at, secret.length);
  const run = /[A-Za-z0-9._~+/=%-]/;
  let shown = '';
  for (let at = 0; at < whole.length;) {
    if (!hidden[at]) {
      shown += whole[at++];
      continue;
    }
    while (shown.length > 0 && run.test(shown[shown.length - 1]!)) shown = shown.slice(0, -1);
    let end = at;
    while (end < whole.length && (hidden[end] || run.test(whole[end]!))) end++;
    shown += '***';
    at = end;
  }
  return shown;
}

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tLyJ9.c2lnbmF0dXJlLWJ5dGVz';

describe('Secrets: credentials the action receives (add)', () => {
  it('replaces every held secret, longest first, and ignores values too short to be one', () => {
    const secrets = new Secrets();
    secrets.add('token-abcdefgh');
    secrets.add('abcdefgh');
    secrets.add('short');
    expect(secrets.redact('a token-abcdefgh b abcdefgh c short')).toBe('a *** b *** c short');
  });

  it('hides any 8-character piece in any case, split by anything, with the run around it', () => {
    const secrets = new Secrets();
    secrets.add(TOKEN);
    const piece = TOKEN.slice(60, 70);
    expect(secrets.redact(`echoed: ${piece.toUpperCase()} then more`)).toBe('echoed: *** then more');
    expect(secrets.redact(`chunks: ${piece.split('').join(' | ')}, done`)).toBe('chunks: ***, done');
    expect(secrets.redact(`x-${TOKEN.slice(0, 30)}-y and the rest`)).toBe('*** and the rest');
    expect(secrets.redact('Got a Bearer token for https://management.azure.com/ (source: imds).')).toBe(
      'Got a Bearer token for https://management.azure.com/ (source: imds).'
    );
  });

  it('finds a piece at every offset of a credential (the index holds one block in four)', () => {
    const secrets = new Secrets();
    secrets.add(TOKEN);
    const letters = TOKEN.replace(/[^A-Za-z0-9]/g, '');
    for (let at = 0; at + 8 <= letters.length; at++) {
      expect(secrets.redact(`-> ${letters.slice(at, at + 8)} !`)).toBe('-> *** !');
      // Seven letters are not a piece.
      expect(secrets.redact(`-> ${letters.slice(at, at + 7)} !`)).toBe(`-> ${letters.slice(at, at + 7)} !`);
    }
    // Beyond ASCII, a character counts as what it lower-cases to: the Kelvin sign as k.
    const withK = new Secrets();
    withK.add('kq7Zp2Lx9Wm4');
    expect(withK.redact('echo: \u212Aq7zp2lx nothing else')).toBe('echo: *** nothing else');
  });

  it('hides a chosen secret (pieces: false) where it appears whole, in any case, but not its pieces', () => {
    const secrets = new Secrets();
    secrets.add('Microsoft2024', { pieces: false });
    expect(secrets.redact('proxy said: MICROSOFT2024 was wrong')).toBe('proxy said: *** was wrong');
    expect(secrets.redact('see https://learn.microsoft.com/azure')).toBe('see https://learn.microsoft.com/azure');
  });

  it('finds secrets added after earlier texts were redacted, and many long ones', () => {
    const secrets = new Secrets();
    expect(secrets.redact('nothing held yet, nothing hidden')).toBe('nothing held yet, nothing hidden');
    const tokens = Array.from({ length: 12 }, (_, i) => `${TOKEN}${i}`.repeat(20).replace(/e/g, String(i % 10)));
    for (const token of tokens) {
      secrets.add(token);
      expect(secrets.redact(`quoted: ${token.slice(1000, 1009)} .`)).toBe('quoted: *** .');
    }
    for (const token of tokens) expect(secrets.redact(`again ${token.slice(500, 540).toLowerCase()} !`)).toBe('again *** !');
  });
});

describe('Secrets: user secret values (addValue)', () => {
  const CONNECTION = 'Server=tcp:sql-orders.database.windows.net,1433;Database=orders;User ID=app;Password=Pa55-w0rd-1';
  const PEM = '-----BEGIN PRIVATE KEY-----\n  MIIEvQIBADANBgkqhkiG9w0BAQEFAASC  \nBKcwggSjAgEAAoIBAQC7\n{\n-----END PRIVATE KEY-----\n';

  it('replaces the value whole and never by pieces: the words it holds stay readable', () => {
    const secrets = new Secrets();
    secrets.addValue(CONNECTION);
    expect(secrets.redact(`value ${CONNECTION} seen`)).toBe('value *** seen');
    const message = 'Database=orders at https://sql-orders.database.windows.net: Password=Pa55-w0rd';
    expect(secrets.redact(message)).toBe(message);
  });

  it('replaces each trimmed line of 4 characters or more of a multi-line value, exactly as written', () => {
    const secrets = new Secrets();
    secrets.addValue(PEM);
    expect(secrets.redact('line: MIIEvQIBADANBgkqhkiG9w0BAQEFAASC.')).toBe('line: ***.');
    expect(secrets.redact('BKcwggSjAgEAAoIBAQC7 and -----END PRIVATE KEY-----')).toBe('*** and ***');
    // Exactly: another case is another text (the runner masks it exactly too).
    expect(secrets.redact('mIIEvQIBADANBgkqhkiG9w0BAQEFAASC')).toBe('mIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    // Not a shorter line: the runner masks it in the log, and here it would garble every message
    // (and the summary's HTML); the short-line warning tells the user.
    expect(secrets.redact('{"a": 1}')).toBe('{"a": 1}');
    expect(secrets.redact(`[${PEM}]`)).toBe('[***\n]');
  });

  it('holds the lines of up to 5,000 lines of values, and refuses more rather than hold them partly', () => {
    const secrets = new Secrets();
    const lines = (from: number) => Array.from({ length: 3000 }, (_, n) => `line-${from + n}-end`).join('\n');
    secrets.addValue(lines(0));
    expect(secrets.redact('line-10-end line-2999-end')).toBe('*** ***');
    expect(() => secrets.addValue(lines(3000))).toThrow(/hold more than 5000 lines in all, .* nothing was handed over/);
  });

  it('holds nothing for an empty value', () => {
    const secrets = new Secrets();
    secrets.addValue('');
    secrets.addValue('\n  \n');
    expect(secrets.redact('plain text, untouched')).toBe('plain text, untouched');
  });
});

describe('Secrets.redact', () => {
  const alphabet = fc.constantFrom(...'abcXYZ019-._ |/=\n{}'.split(''), '\t', '  ', '...', '\x1b');
  const secretText = fc.string({ unit: alphabet, minLength: 1, maxLength: 40 });

  it('gives what building every piece up front gives, for any secrets and any text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(secretText, fc.boolean()), { maxLength: 4 }),
        fc.array(secretText, { maxLength: 3 }),
        fc.array(fc.oneof(secretText, fc.nat(6)), { maxLength: 8 }),
        (credentials, values, parts) => {
          // The text mixes free text with pieces of the secrets, re-cased or not.
          const all = [...credentials.map(([s]) => s), ...values];
          const text = parts
            .map((part) => {
              if (typeof part === 'string') return part;
              const secret = all[part % Math.max(1, all.length)] ?? '';
              const piece = secret.slice(part % 5, (part % 5) + 12);
              return part % 2 ? piece.toUpperCase() : piece;
            })
            .join('');
          const secrets = new Secrets();
          for (const [secret, pieces] of credentials) secrets.add(secret, { pieces });
          for (const value of values) secrets.addValue(value);
          expect(secrets.redact(text)).toBe(reference(credentials, values, text));
        }
      ),
      { numRuns: 2000 }
    );
  });
});
