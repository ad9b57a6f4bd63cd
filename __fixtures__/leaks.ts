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

export function findLeaks(run: ActionRun, tokens: readonly string[], { exportedAs }: { exportedAs?: string } = {}): string[] {
  const leaks: string[] = [];
  for (const token of tokens) {
    const fragments = fragmentsOf(token, tokens);
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
