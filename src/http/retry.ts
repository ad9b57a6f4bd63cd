/**
 * Retrying within one overall deadline: exponential backoff with jitter, `Retry-After` honoured,
 * each wait logged. The clock is injected so tests run a 70-second outage in milliseconds.
 */
import { ActionError } from '../text/errors.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1). */
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random
};

/** What one attempt came to: a result, or a transient failure worth another try. */
export type Attempt<T> = { readonly done: T } | { readonly retry: string; readonly retryAfterMs?: number | undefined };

export interface RetryContext {
  readonly clock: Clock;
  /** Epoch milliseconds after which no attempt starts. */
  readonly deadline: number;
  readonly log: (message: string) => void;
}

const FIRST_DELAY_MS = 1000;
// IMDS's 410 lasts up to 70 s: a 10 s cap keeps polling it every few seconds instead of sleeping
// through the recovery, while 16 jobs on one VM still spread out (0.5–1× jitter).
const MAX_DELAY_MS = 10_000;
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Exponential backoff, 1 s doubling to 10 s, each wait drawn from [½, 1] of its step but never
 * under 1 s (IMDS's guidance for the first retry). Over the default 90 s an endpoint that always
 * fails costs at most about 20 requests.
 */
export function backoffDelay(retryNumber: number, random: () => number): number {
  const step = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** retryNumber);
  return Math.max(FIRST_DELAY_MS, Math.round(step / 2 + (random() * step) / 2));
}

/** `Retry-After` as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, now: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  if (!/[a-z]{3}/i.test(value)) return undefined; // an HTTP date names its day and month
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The last attempt gets at least this long; a shorter one could not finish a request. */
const MIN_ATTEMPT_MS = 500;

/**
 * Runs `attempt` until it is done, it throws (a permanent failure), or the deadline leaves no
 * room for another wait and attempt. `what` names the operation and the endpoint, e.g.
 * "getting a token from IMDS (http://169.254.169.254/metadata/identity/oauth2/token)".
 */
export async function withRetries<T>(
  what: string,
  attempt: (remainingMs: number) => Promise<Attempt<T>>,
  { clock, deadline, log }: RetryContext,
  timeoutSeconds: number
): Promise<T> {
  const started = clock.now();
  for (let retryNumber = 0; ; retryNumber++) {
    const outcome = await attempt(deadline - clock.now());
    if ('done' in outcome) return outcome.done;

    const remainingMs = deadline - clock.now();
    const attempts = `${retryNumber + 1} attempt${retryNumber === 0 ? '' : 's'}`;
    const elapsed = `${((clock.now() - started) / 1000).toFixed(1)} s`;
    if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > Math.min(remainingMs, MAX_RETRY_AFTER_MS)) {
      const wait = `${Math.ceil(outcome.retryAfterMs / 1000)} s`;
      throw new ActionError(
        outcome.retryAfterMs > MAX_RETRY_AFTER_MS
          ? `Gave up ${what} after ${attempts}: the endpoint answered ${outcome.retry} and asked to wait ${wait} (Retry-After), ` +
              `longer than the ${MAX_RETRY_AFTER_MS / 1000} s the action waits between attempts. The endpoint is overloaded or ` +
              'throttling this identity: run fewer jobs at once against it, or try again later.'
          : `Gave up ${what} after ${attempts}: the endpoint answered ${outcome.retry} and asked to wait ${wait} (Retry-After), ` +
              `more than the ${Math.max(0, Math.floor(remainingMs / 1000))} s left of timeout-seconds (${timeoutSeconds}). Raise ` +
              'timeout-seconds, or run fewer jobs at once against this endpoint.'
      );
    }
    // Retry-After is a floor over the backoff, never a shortcut: "Retry-After: 0" from a
    // throttling endpoint must not turn the retries into a flood. A little jitter on top keeps
    // parallel jobs from returning in step.
    const backoff = backoffDelay(retryNumber, clock.random);
    const waitMs =
      outcome.retryAfterMs === undefined || outcome.retryAfterMs <= backoff
        ? backoff
        : outcome.retryAfterMs + Math.round(clock.random() * Math.min(1000, outcome.retryAfterMs / 4 + 250));
    // A wait is never cut short (that would hammer an endpoint that fails fast): when the full
    // wait leaves no time for one more attempt, stop now rather than sleep into the deadline.
    if (remainingMs - waitMs < MIN_ATTEMPT_MS) {
      throw new ActionError(
        `Timed out ${what} after ${attempts} in ${elapsed} (timeout-seconds: ${timeoutSeconds}). Last failure: ${outcome.retry}.`
      );
    }
    log(`${outcome.retry}; retrying in ${(waitMs / 1000).toFixed(1)} s (attempt ${retryNumber + 2}).`);
    await clock.sleep(waitMs);
  }
}
