/**
 * The fault matrix rows that take real minutes, run through the action's `run()` with an
 * injected clock (sleeps take no time): IMDS's 70-second 410 window, long throttling storms,
 * server error bursts. Each checks the outcome, the (simulated) time taken, the request count,
 * and that no token fragment reached the log.
 */
import nock from 'nock';
import { fakeJwt, imdsTokenBody } from '../__fixtures__/bodies.js';
import { fakeClock } from '../__fixtures__/clock.js';
import { withInputs } from '../__fixtures__/core.js';
import { fragmentsOf } from '../__fixtures__/leaks.js';
import { isolateNetwork } from '../__fixtures__/nock.js';
import { IMDS, IMDS_TOKEN_PATH } from '../__fixtures__/vm.js';
import { send } from '../src/http/send.js';
import { run } from '../src/main.js';

isolateNetwork();

type Answer = [status: number, body: unknown, headers?: Record<string, string>];
interface Row {
  /** What IMDS answers at each (simulated) moment since the start. */
  readonly answer: (elapsedMs: number, attempt: number) => Answer | 'token';
  readonly code: 0 | 1;
  readonly requests: [number, number];
  readonly elapsed: [number, number];
  readonly says?: string;
}

const error = (code: string): unknown => ({ error: code, error_description: 'emulated' });
const matrix: Record<string, Row> = {
  "410 for 65 s of IMDS's 70 s update window": {
    answer: (elapsed) => (elapsed < 65_000 ? [410, error('gone')] : 'token'),
    code: 0,
    requests: [7, 20],
    elapsed: [65_000, 80_000]
  },
  '410 for longer than timeout-seconds': {
    answer: () => [410, error('gone')],
    code: 1,
    requests: [7, 20],
    elapsed: [75_000, 90_000],
    says: 'Timed out getting a token from IMDS'
  },
  '429 ×8 without Retry-After': {
    answer: (_, attempt) => (attempt <= 8 ? [429, error('too_many_requests')] : 'token'),
    code: 0,
    requests: [9, 9],
    elapsed: [20_000, 70_000]
  },
  '429 ×3 with Retry-After: 10': {
    answer: (_, attempt) => (attempt <= 3 ? [429, error('too_many_requests'), { 'Retry-After': '10' }] : 'token'),
    code: 0,
    requests: [4, 4],
    elapsed: [30_000, 34_000]
  },
  '5xx ×5 (500, 502, 503, 504, 500)': {
    answer: (_, attempt) => (attempt <= 5 ? [[500, 502, 503, 504, 500][attempt - 1]!, error('server_error')] : 'token'),
    code: 0,
    requests: [6, 6],
    elapsed: [7_000, 30_000]
  }
};

describe('the fault matrix, with an injected clock', () => {
  it.each(Object.entries(matrix))('%s', async (_, row) => {
    const clock = fakeClock({ random: 0.5 });
    const start = clock.now();
    const tokens: string[] = [];
    let attempts = 0;
    nock(IMDS)
      .get(IMDS_TOKEN_PATH)
      .query(true)
      .times(100)
      .reply(() => {
        const answer = row.answer(clock.now() - start, ++attempts);
        if (answer !== 'token') return answer;
        tokens.push(fakeJwt());
        return [200, imdsTokenBody(tokens.at(-1)!)];
      });
    const core = withInputs({ source: 'imds' });
    await run(core, { send, clock, env: {}, platform: 'linux' });

    expect(core.failure() === undefined ? 0 : 1).toBe(row.code);
    expect(attempts).toBeGreaterThanOrEqual(row.requests[0]);
    expect(attempts).toBeLessThanOrEqual(row.requests[1]);
    expect(clock.now() - start).toBeGreaterThanOrEqual(row.elapsed[0]);
    expect(clock.now() - start).toBeLessThanOrEqual(row.elapsed[1]);
    if (row.says) expect(core.failure()).toContain(row.says);
    for (const token of tokens) {
      const fragments = fragmentsOf(token);
      for (const line of core.logLines()) expect(fragments.some((fragment) => line.includes(fragment))).toBe(false);
    }
  });
});
