/**
 * Forty copies of the committed bundle start at once, each reading three secrets from one vault
 * that throttles as Key Vault does (a fixed number of answered requests per sliding window, then
 * 429 Throttled without Retry-After). Every copy must back off and get all three within its
 * timeout-seconds, with no leak; the throttle must really have been hit.
 */
import { runStep } from '../../__fixtures__/action-yml.js';
import { TEST_CA } from '../../__fixtures__/arm-emulator.js';
import { keyVaultWorld, PUBLIC, secretOutputs } from '../../__fixtures__/keyvault-world.js';
import { testDnsEnv } from '../../__fixtures__/test-dns.js';

const COPIES = 40;
const TIMEOUT_SECONDS = 60;
const VALUES = { DB_PASSWORD: 'fake-db-password-concurrent', API_KEY: 'fake-api-key-concurrent', TLS_CERT: 'fake-tls-cert-concurrent' };

it(
  `${COPIES} copies at once against a throttling vault all read their secrets within timeout-seconds`,
  async () => {
    const w = await keyVaultWorld({
      vaults: [
        {
          host: PUBLIC,
          secrets: { 'db-password': VALUES.DB_PASSWORD, 'api-key': VALUES.API_KEY, 'tls-cert': VALUES.TLS_CERT },
          throttle: { requests: 20, windowMs: 1000 }
        }
      ]
    });
    const started = Date.now();
    const runs = await Promise.all(
      Array.from({ length: COPIES }, () =>
        runStep({
          inputs: {
            endpoint: w.imds.url,
            'key-vault-secrets': 'myvault/db-password\nmyvault/api-key\nmyvault/tls-cert',
            'timeout-seconds': String(TIMEOUT_SECONDS)
          },
          env: { NODE_EXTRA_CA_CERTS: TEST_CA, ...testDnsEnv(w.kv.routes) },
          killAfterMs: (TIMEOUT_SECONDS + 30) * 1000
        })
      )
    );
    const elapsedMs = Date.now() - started;
    for (const run of runs) w.scan(run, { outputs: VALUES });
    expect(runs.map((run) => run.code)).toEqual(Array(COPIES).fill(0));
    for (const run of runs) expect(secretOutputs(run)).toEqual(VALUES);
    for (const run of runs) expect(run.durationMs).toBeLessThan(TIMEOUT_SECONDS * 1000);
    // The throttle was really hit, and every copy rode it out.
    expect(w.kv.stats.throttled).toBeGreaterThan(0);
    expect(w.secretRequests().filter((r) => r.status === 200)).toHaveLength(COPIES * 3);
    console.info(
      `${COPIES} copies: ${w.secretRequests().length} secret requests (${w.kv.stats.throttled} throttled), ` +
        `slowest ${Math.round(Math.max(...runs.map((run) => run.durationMs)))} ms, all in ${elapsedMs} ms`
    );
  },
  (TIMEOUT_SECONDS + 60) * 1000
);
