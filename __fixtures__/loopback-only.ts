/**
 * Jest set-up: the test process may open TCP connections to loopback only. Any other attempt
 * fails as "network unreachable", and the test file that made it fails (see the afterAll
 * below), so no test can send real traffic to 169.254.169.254 or anywhere else.
 *
 * The guard sits below every JavaScript layer, on the TCP handle itself, because mocking
 * libraries keep their own reference to the real `Socket.prototype.connect`: nock's socket
 * patches, left in place after a test file, pass the next file's requests through to the real
 * network (`isolateNetwork()` restores them; this catches whatever else slips through).
 */
const MARK = Symbol.for('msi-token.loopback-only');
const ENETUNREACH = -101;

type Connect = (this: unknown, request: unknown, address: string, port: number, ...rest: unknown[]) => number;
type Guarded = { [MARK]?: string[] };

const state = process as NodeJS.Process & Guarded;
if (!state[MARK]) {
  const violations: string[] = [];
  state[MARK] = violations;
  // process.binding is deprecated for general use, but no supported hook of Node 24 does this job.
  // nock's mocked connections run through net.Socket.prototype.connect, the 'net.client.socket'
  // channel, the socket's 'connectionAttempt' event and a net.BlockList check exactly as real ones
  // do, to 169.254.169.254 and all (nock only swaps the connect of that socket's own handle), so
  // a guard there would refuse every mock too; only the TCP handle's prototype tells them apart.
  const { TCP } = (process as unknown as { binding(name: string): { TCP: { prototype: Record<string, Connect> } } }).binding('tcp_wrap');
  for (const method of ['connect', 'connect6'] as const) {
    const real = TCP.prototype[method]!;
    TCP.prototype[method] = function (request, address, port, ...rest) {
      if (/^127\./.test(address) || address === '::1') return real.call(this, request, address, port, ...rest);
      violations.push(`${address}:${port}`);
      return ENETUNREACH;
    };
  }
}

afterAll(() => {
  const violations = state[MARK]!.splice(0);
  if (violations.length > 0) {
    throw new Error(`Tests may only connect to loopback; this file tried to reach ${[...new Set(violations)].join(', ')} for real.`);
  }
});
