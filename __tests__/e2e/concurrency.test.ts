/**
 * Many runner jobs share one VM, and IMDS allows each VM 5 concurrent identity requests and 20
 * a second, answering 429 beyond that. Sixteen copies of the bundled action start at once
 * against an emulator that enforces those limits and takes 300 ms per answer (as IMDS does
 * when it fetches from Entra ID): all must succeed, without a retry storm.
 */
import { startEmulator } from '../../__fixtures__/emulator.js';
import { findLeaks } from '../../__fixtures__/leaks.js';
import { runStep } from '../../__fixtures__/action-yml.js';

const COPIES = 16;

it(`${COPIES} copies at once all get a token within IMDS's limits, with a bounded number of requests`, async () => {
  const emulator = await startEmulator({ limits: { concurrent: 5, perSecond: 20 }, latencyMs: 300 });
  try {
    const started = Date.now();
    const runs = await Promise.all(
      Array.from({ length: COPIES }, () => runStep({ inputs: { endpoint: emulator.url }, killAfterMs: 60_000 }))
    );
    const elapsedMs = Date.now() - started;

    expect(runs.map((run) => run.code)).toEqual(Array(COPIES).fill(0));
    expect(new Set(runs.map((run) => run.outputs['access-token'])).size).toBe(COPIES);
    for (const run of runs) expect(findLeaks(run, emulator.issuedTokens)).toEqual([]);

    // The limits were really hit, and honoured by the emulator.
    expect(emulator.throttling.rejected).toBeGreaterThan(0);
    expect(emulator.throttling.maxInFlight).toBeLessThanOrEqual(5);
    // No storm: every copy backs off with jitter, so the total stays near one request per copy
    // plus a few retries each, and the whole thing ends in seconds.
    const requests = emulator.tokenRequests().length;
    expect(requests).toBeLessThanOrEqual(COPIES * 4);
    expect(elapsedMs).toBeLessThan(20_000);
    console.info(`${COPIES} copies: ${requests} token requests (${emulator.throttling.rejected} throttled), ${elapsedMs} ms`);
  } finally {
    await emulator.close();
  }
});
