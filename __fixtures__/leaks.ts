/**
 * The leak scan: finds any token, or any fragment of one, anywhere the action printed or wrote,
 * except the places a token is meant to be: its own `::add-mask::` line, the `access-token`
 * output (or, for a registry password, the `registry-password` output), and the exported
 * variable when the test asked for one.
 */
import type { ActionRun } from './run-action.js';

/**
 * The token, its JWT parts, and every 20-character piece of it, less what it shares
 * with the other tokens (JWT headers and common claims look alike, and each token may appear
 * in its own mask line).
 */
export function fragmentsOf(token: string, others: readonly string[] = []): string[] {
  const fragments = new Set([token, ...token.split('.').filter((part) => part.length >= 16)]);
  for (let at = 0; at + 20 <= token.length; at++) fragments.add(token.slice(at, at + 20));
  return [...fragments].filter((fragment) => !others.some((other) => other !== token && other.includes(fragment)));
}

const containsAny = (text: string, fragments: string[]): boolean => fragments.some((fragment) => text.includes(fragment));

/**
 * The fragments of every token of a set, computed once per set: a test that scans many runs
 * against the same tokens (forty copies at once) would otherwise compare every fragment with
 * every other token again for each run.
 */
let cached: { key: string; fragments: Map<string, string[]> } | undefined;
function fragmentsOfAll(tokens: readonly string[]): Map<string, string[]> {
  const key = tokens.join('\n');
  if (cached?.key !== key) cached = { key, fragments: new Map(tokens.map((token) => [token, fragmentsOf(token, tokens)])) };
  return cached.fragments;
}

export function findLeaks(run: ActionRun, tokens: readonly string[], { exportedAs }: { exportedAs?: string } = {}): string[] {
  const leaks: string[] = [];
  const all = fragmentsOfAll(tokens);
  for (const token of tokens) {
    const fragments = all.get(token)!;
    for (const line of run.stdout.split('\n')) {
      if (containsAny(line, fragments) && line !== `::add-mask::${token}`) leaks.push(`stdout: ${line.slice(0, 120)}`);
    }
    if (containsAny(run.stderr, fragments)) leaks.push(`stderr: ${run.stderr.slice(0, 120)}`);
    // Each file may hold the token once, in its one allowed record, and nothing else of it.
    const allowedOnce = {
      OUTPUT: run.outputs['access-token'] === token || run.outputs['registry-password'] === token,
      ENV: exportedAs !== undefined && run.exported[exportedAs] === token,
      STEP_SUMMARY: false,
      STATE: false,
      PATH: false
    };
    for (const [file, allowed] of Object.entries(allowedOnce)) {
      const text = run.files[file] ?? '';
      if (containsAny(allowed ? text.replace(token, '') : text, fragments)) leaks.push(`GITHUB_${file} file`);
    }
  }
  return leaks;
}

/**
 * What the scan looks for of a user's secret value (a Key Vault secret): the whole value, each of
 * its lines of at least 4 characters (as the runner masks them, trimmed) and the whole value in
 * base64, matched exactly: pieces of a value a person stored are ordinary text.
 */
export function valuePieces(value: string): string[] {
  const lines = value.split(/\r?\n/).map((line) => line.trim());
  const base64 = Buffer.from(value, 'utf8').toString('base64');
  return [...new Set([value, ...lines, ...(value.length >= 8 ? [base64] : [])])].filter((piece) => piece.length >= 4);
}

/** The `::add-mask::` line @actions/core writes for a value (its message escapes). */
const maskLine = (value: string): string => `::add-mask::${value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`;

/** The records of a file command file, with whatever is not in a record kept apart. */
function fileRecords(text: string): { records: { name: string; value: string }[]; rest: string[] } {
  const records: { name: string; value: string }[] = [];
  const rest: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    const end = heredoc ? lines.indexOf(heredoc[2]!, i + 1) : -1;
    if (heredoc && end > i) {
      records.push({ name: heredoc[1]!, value: lines.slice(i + 1, end).join('\n') });
      i = end;
    } else if (/^[^=]+=/.test(line)) {
      const at = line.indexOf('=');
      records.push({ name: line.slice(0, at), value: line.slice(at + 1) });
    } else if (line !== '') {
      rest.push(line);
    }
  }
  return { records, rest };
}

/**
 * The leak scan for secret values the action reads for the user (Key Vault), which are handed
 * over where tokens are not: each value, and each of its lines, may appear in stdout only on its
 * own `::add-mask::` line (or, for a line shared with another value, on that value's), nowhere in
 * stderr, the summary, GITHUB_STATE or GITHUB_PATH, and in GITHUB_OUTPUT / GITHUB_ENV only as the
 * whole record `NAME` → value the test expects there (`outputs`, `exported`): a value under
 * another name, a line of it in another record, or any of it outside a record is a leak. A test
 * that expects nothing handed over (a failure: all or nothing) passes no records.
 */
export function findValueLeaks(
  run: ActionRun,
  values: readonly string[],
  { outputs = {}, exported = {} }: { outputs?: Record<string, string>; exported?: Record<string, string> } = {}
): string[] {
  const held = values.filter((value) => value !== '');
  const masks = new Set(held.map(maskLine));
  const leaks: string[] = [];
  for (const value of held) {
    const pieces = valuePieces(value);
    const shows = (text: string): string | undefined => pieces.find((piece) => text.includes(piece));
    const label = (piece: string): string => JSON.stringify(piece.slice(0, 40));
    for (const line of run.stdout.split('\n')) {
      const piece = shows(line);
      if (piece !== undefined && !masks.has(line)) leaks.push(`stdout shows ${label(piece)}: ${line.slice(0, 120)}`);
    }
    for (const [place, text] of [
      ['stderr', run.stderr],
      ['GITHUB_STEP_SUMMARY', run.files['STEP_SUMMARY'] ?? ''],
      ['GITHUB_STATE', run.files['STATE'] ?? ''],
      ['GITHUB_PATH', run.files['PATH'] ?? '']
    ] as const) {
      const piece = shows(text);
      if (piece !== undefined) leaks.push(`${place} shows ${label(piece)}`);
    }
    for (const [file, expected] of [
      ['OUTPUT', outputs],
      ['ENV', exported]
    ] as const) {
      const { records, rest } = fileRecords(run.files[file] ?? '');
      for (const { name, value: recorded } of records) {
        const piece = shows(`${name}\n${recorded}`);
        const allowed = Object.hasOwn(expected, name) && expected[name] === recorded && held.includes(recorded);
        if (piece !== undefined && !allowed) leaks.push(`GITHUB_${file} record ${name} shows ${label(piece)}`);
      }
      const piece = shows(rest.join('\n'));
      if (piece !== undefined) leaks.push(`GITHUB_${file} shows ${label(piece)} outside a record`);
    }
  }
  return leaks;
}
