import { fakeClock } from '../../__fixtures__/clock.js';
import { ActionError } from '../../src/text/errors.js';
import { type Attempt, backoffDelay, parseRetryAfter, withRetries } from '../../src/http/retry.js';

describe('backoffDelay', () => {
  it('doubles from 1 s to a 10 s cap, drawn from [half, full] of each step, never under 1 s', () => {
    const low = [0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, () => 0));
    const high = [0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, () => 0.999999));
    expect(low).toEqual([1000, 1000, 2000, 4000, 5000, 5000]);
    expect(high).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 21, 12);
  it.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    [['7'], 7000],
    ['Sat, 21 Nov 2026 12:00:05 GMT', 5000],
    ['Sat, 21 Nov 2026 11:00:00 GMT', 0]
  ])('reads %p as %p ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });
  it.each([undefined, '', 'soon', '-1'])('ignores %p', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});

describe('withRetries', () => {
  const scripted = <T>(outcomes: Attempt<T>[]) => {
    const remaining: number[] = [];
    return {
      remaining,
      attempt: async (remainingMs: number): Promise<Attempt<T>> => {
        remaining.push(remainingMs);
        const next = outcomes.shift();
        if (!next) throw new Error('more attempts than scripted');
        return next;
      }
    };
  };

  it('returns the first result without waiting', async () => {
    const clock = fakeClock();
    const log: string[] = [];
    const { attempt } = scripted([{ done: 'token' }]);
    await expect(withRetries('getting x', attempt, { clock, deadline: clock.now() + 90_000, log: (m) => log.push(m) }, 90)).resolves.toBe(
      'token'
    );
    expect(clock.sleeps).toEqual([]);
    expect(log).toEqual([]);
  });

  it('backs off between transient failures and logs each wait with its reason', async () => {
    const clock = fakeClock({ random: 0.5 });
    const log: string[] = [];
    const { attempt } = scripted<string>([{ retry: 'HTTP 500 (boom)' }, { retry: 'HTTP 503 (busy)' }, { done: 'token' }]);
    await withRetries('getting x', attempt, { clock, deadline: clock.now() + 90_000, log: (m) => log.push(m) }, 90);
    expect(clock.sleeps).toEqual([1000, 1500]);
    expect(log).toEqual(['HTTP 500 (boom); retrying in 1.0 s (attempt 2).', 'HTTP 503 (busy); retrying in 1.5 s (attempt 3).']);
  });

  it('waits at least Retry-After, plus a little jitter', async () => {
    const clock = fakeClock({ random: 0.5 });
    const { attempt } = scripted<string>([{ retry: 'HTTP 429', retryAfterMs: 4000 }, { done: 'token' }]);
    await withRetries('getting x', attempt, { clock, deadline: clock.now() + 90_000, log: () => {} }, 90);
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(4000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(5000);
  });

  it('never waits less than the backoff, whatever Retry-After says (Retry-After: 0 is no shortcut)', async () => {
    const clock = fakeClock({ random: 0 });
    const { attempt } = scripted<string>([...Array.from({ length: 4 }, () => ({ retry: 'HTTP 429', retryAfterMs: 0 })), { done: 'token' }]);
    await withRetries('getting x', attempt, { clock, deadline: clock.now() + 90_000, log: () => {} }, 90);
    expect(clock.sleeps).toEqual([1000, 1000, 2000, 4000]);
  });

  it('costs at most about 25 requests over the default 90 s against an endpoint that always throttles with Retry-After: 0', async () => {
    const clock = fakeClock({ random: 0 });
    let attempts = 0;
    const attempt = async (): Promise<Attempt<string>> => (attempts++, { retry: 'HTTP 429', retryAfterMs: 0 });
    await expect(withRetries('getting x', attempt, { clock, deadline: clock.now() + 90_000, log: () => {} }, 90)).rejects.toThrow(
      ActionError
    );
    expect(attempts).toBeLessThanOrEqual(25);
    expect(attempts).toBeGreaterThanOrEqual(15);
  });

  it('gives up at once when Retry-After asks for more time than is left', async () => {
    const clock = fakeClock();
    const { attempt } = scripted<string>([{ retry: 'HTTP 429 (throttled)', retryAfterMs: 45_000 }]);
    const failure = withRetries(
      'getting a token from IMDS (http://x)',
      attempt,
      { clock, deadline: clock.now() + 30_000, log: () => {} },
      30
    );
    await expect(failure).rejects.toThrow(ActionError);
    await expect(failure).rejects.toThrow(
      'Gave up getting a token from IMDS (http://x) after 1 attempt: the endpoint answered HTTP 429 (throttled) and asked to wait 45 s (Retry-After), more than the 30 s left of timeout-seconds (30).'
    );
    expect(clock.sleeps).toEqual([]);
  });

  it('gives up at once, saying so, when Retry-After asks for more than the action ever waits between attempts', async () => {
    const clock = fakeClock();
    const { attempt } = scripted<string>([{ retry: 'HTTP 429 (throttled)', retryAfterMs: 100_000 }]);
    await expect(withRetries('getting x', attempt, { clock, deadline: clock.now() + 600_000, log: () => {} }, 600)).rejects.toThrow(
      'asked to wait 100 s (Retry-After), longer than the 60 s the action waits between attempts.'
    );
    expect(clock.sleeps).toEqual([]);
  });

  it('stops rather than retrying in a hot loop when an endpoint fails instantly near the deadline', async () => {
    const clock = fakeClock({ random: 0 });
    let attempts = 0;
    const attempt = async (): Promise<Attempt<string>> => (attempts++, { retry: 'could not connect (connection refused)' });
    await expect(withRetries('getting x', attempt, { clock, deadline: clock.now() + 5000, log: () => {} }, 5)).rejects.toThrow(
      'Last failure: could not connect (connection refused).'
    );
    expect(clock.sleeps).toEqual([1000, 1000, 2000]);
    expect(attempts).toBe(4);
  });

  it('keeps trying through a 70 s outage and never sleeps past the deadline', async () => {
    const clock = fakeClock({ random: 0.999 });
    const start = clock.now();
    const outageEnds = start + 70_000;
    const attempt = async (): Promise<Attempt<string>> => (clock.now() >= outageEnds ? { done: 'token' } : { retry: 'HTTP 410' });
    await expect(withRetries('getting x', attempt, { clock, deadline: start + 90_000, log: () => {} }, 90)).resolves.toBe('token');
    expect(clock.now() - start).toBeLessThan(90_000);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(10_000);
  });

  it('times out with the count, the time taken and the last reason, leaving the last attempt time to run', async () => {
    const clock = fakeClock({ random: 0.999 });
    const { attempt, remaining } = scripted<string>(Array.from({ length: 30 }, (_, i) => ({ retry: `HTTP 503 (#${i + 1})` })));
    const failure = withRetries(
      'getting a token from IMDS (http://x)',
      attempt,
      { clock, deadline: clock.now() + 20_000, log: () => {} },
      20
    );
    await expect(failure).rejects.toThrow(
      /^Timed out getting a token from IMDS \(http:\/\/x\) after (\d+) attempts in ([\d.]+) s \(timeout-seconds: 20\)\. Last failure: HTTP 503 \(#\1\)\.$/
    );
    expect(Math.min(...remaining)).toBeGreaterThanOrEqual(500);
    expect(clock.sleeps).toEqual([1000, 1999, 3998, 7996]);
  });
});
