/**
 * The fault matrix, end to end: each row is a fault the emulator plays to the bundled action,
 * and checks the outcome, the time it took, how many requests it made, and (as every e2e run)
 * that no token leaked. The rows that need real minutes (IMDS's 70 s 410 window, long storms)
 * run with an injected clock in __tests__/fault-matrix.test.ts.
 */
import { type Fault, faults, startEmulator } from '../../__fixtures__/emulator.js';
import { findLeaks } from '../../__fixtures__/leaks.js';
import { runStep } from '../../__fixtures__/action-yml.js';

interface Row {
  readonly faults: Fault[];
  readonly inputs?: Record<string, string>;
  readonly code: 0 | 1;
  readonly requests: number;
  /** Bounds on the whole run, in ms. */
  readonly within: [number, number];
  /** In the ::error:: line (failures) or the log (successes). */
  readonly says?: string;
  /** A complete token arrived and was refused: it must still have been masked. */
  readonly masksRefusedToken?: boolean;
}

const throttled = (retryAfter?: string) =>
  faults.status(
    429,
    { error: 'too_many_requests', error_description: 'IMDS Throttle limit reached.' },
    retryAfter ? { 'Retry-After': retryAfter } : {}
  );
const html = '<html><head><title>Access denied</title></head><body>proxy</body></html>';

const matrix: Record<string, Row> = {
  '429 storm without Retry-After': {
    faults: [throttled(), throttled(), throttled()],
    code: 0,
    requests: 4,
    within: [1700, 9000],
    says: 'HTTP 429 (too_many_requests: IMDS Throttle limit reached.); retrying in'
  },
  '429 storm with Retry-After: 1': {
    faults: [throttled('1'), throttled('1'), throttled('1')],
    code: 0,
    requests: 4,
    within: [3000, 8000],
    says: 'HTTP 429'
  },
  '429 asking for longer than the timeout allows': {
    faults: [throttled('120')],
    inputs: { 'timeout-seconds': '10' },
    code: 1,
    requests: 1,
    within: [0, 2000],
    says: 'asked to wait 120 s (Retry-After), longer than the 60 s the action waits between attempts'
  },
  '5xx burst': {
    faults: [faults.status(500), faults.status(502), faults.status(503)],
    code: 0,
    requests: 4,
    within: [1700, 9000],
    says: 'HTTP 503'
  },
  'connection reset before the answer': {
    faults: [faults.resetBeforeAnswer()],
    code: 0,
    requests: 2,
    within: [400, 3000],
    says: 'connection broke before the answer was complete'
  },
  'connection reset during the body': {
    faults: [faults.resetDuringBody()],
    code: 0,
    requests: 2,
    within: [400, 3000],
    says: 'connection broke while reading the answer'
  },
  'a body trickling in slower than the deadline': {
    faults: [faults.trickle(10, 200)],
    inputs: { 'timeout-seconds': '2' },
    code: 1,
    requests: 1,
    within: [1900, 4000],
    says: 'Last failure: no complete answer within 2 s.'
  },
  'a 10 MB body': {
    faults: [faults.huge(10 * 1024 * 1024)],
    code: 1,
    requests: 1,
    within: [0, 3000],
    says: 'answered HTTP 200 with an answer body larger than 256 KiB'
  },
  'truncated JSON': {
    faults: [faults.body('{"access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOi')],
    code: 1,
    requests: 1,
    within: [0, 2000],
    says: 'is not JSON, so it holds no token.'
  },
  'HTML from a proxy, as a 200': {
    faults: [faults.body(html, 'text/html')],
    code: 1,
    requests: 1,
    within: [0, 2000],
    says: 'is an HTML page, not JSON'
  },
  'HTML from a proxy, as a 403': {
    faults: [faults.status(403, html, { Via: '1.1 corp-proxy' })],
    code: 1,
    requests: 1,
    within: [0, 2000],
    says: 'an HTML page titled "Access denied". Something other than the managed identity endpoint answered'
  },
  'a token with no expiry': {
    faults: [faults.token(({ expires_on, expires_in, ...rest }) => rest)],
    code: 1,
    requests: 1,
    within: [0, 2000],
    says: 'no readable expiry: expires_on is missing and expires_in is missing',
    masksRefusedToken: true
  },
  'a token with a garbage expiry': {
    faults: [faults.token((body) => ({ ...body, expires_on: 'tomorrow', expires_in: '-' }))],
    code: 1,
    requests: 1,
    within: [0, 2000],
    says: 'no readable expiry',
    masksRefusedToken: true
  },
  'an endpoint that hangs': {
    faults: [faults.hang()],
    inputs: { 'timeout-seconds': '2' },
    code: 1,
    requests: 1,
    within: [1900, 4000],
    says: 'Last failure: no complete answer within 2 s.'
  }
};

describe('the fault matrix, end to end', () => {
  test.concurrent.each(Object.entries(matrix))('%s', async (_, row) => {
    const emulator = await startEmulator();
    try {
      emulator.enqueue(...row.faults);
      const run = await runStep({ inputs: { endpoint: emulator.url, ...row.inputs }, killAfterMs: 30_000 });
      expect(findLeaks(run, emulator.issuedTokens)).toEqual([]);
      expect(run.code).toBe(row.code);
      expect(emulator.tokenRequests()).toHaveLength(row.requests);
      expect(run.durationMs).toBeGreaterThanOrEqual(row.within[0]);
      expect(run.durationMs).toBeLessThanOrEqual(row.within[1]);
      const said = row.code === 0 ? run.stdout : (run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '');
      if (row.says) expect(said).toContain(row.says);
      if (row.code === 0) expect(run.stdout).toContain(`::add-mask::${run.outputs['access-token']}`);
      if (row.masksRefusedToken) expect(run.stdout).toContain(`::add-mask::${emulator.issuedTokens[0]}`);
    } finally {
      await emulator.close();
    }
  });

  test.concurrent('an endpoint refusing connections is retried until the timeout (source imds)', async () => {
    const closed = await startEmulator();
    const url = closed.url;
    await closed.close();
    const run = await runStep({ inputs: { endpoint: url, source: 'imds', 'timeout-seconds': '3' }, killAfterMs: 30_000 });
    expect(run.code).toBe(1);
    expect(run.durationMs).toBeLessThan(5000);
    expect(run.stdout).toMatch(
      /::error::Timed out getting a token from IMDS \(.*\) after [2-9] attempts in [\d.]+ s \(timeout-seconds: 3\)\. Last failure: connection refused\./
    );
  });
});
