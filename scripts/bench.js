// @ts-check
/**
 * `npm run bench`: how long a job pays for the action, against the floor — a minimal raw Node
 * HTTP GET of the same token from the same emulator. Both run as whole processes, started the
 * same way, alternating (in shuffled order each round) so that machine noise hits both alike.
 * Prints medians, spread and the ratio of the medians; it never fails on timing.
 *
 *   npm run bench                 30 rounds after 5 warm-up rounds
 *   npm run bench -- --rounds 60
 */
import { statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../__fixtures__/emulator.js';
import { BUNDLE, runAction } from '../__fixtures__/run-action.js';

const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 30;
const WARM_UP = 5;

// The floor: what any token-fetching step must at least pay (node start-up, one GET, parse).
// CommonJS on purpose: it is the fastest plain form. (\`import http from 'node:http'\` in an
// ES module costs some 20 ms more on Node 24; a floor written that way would flatter the action.)
const RAW_GET = join(tmpdir(), `msi-token-raw-get-${process.pid}.cjs`);
writeFileSync(
  RAW_GET,
  `const http = require('node:http');
http.get(process.env.TOKEN_URL, { headers: { Metadata: 'true' } }, (response) => {
  let body = '';
  response.on('data', (chunk) => (body += chunk));
  response.on('end', () => { if (!JSON.parse(body).access_token) process.exit(1); });
});
`
);

const emulator = await startEmulator();
const tokenUrl = `${emulator.url}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com%2F`;

/** @type {Record<string, () => Promise<number>>} */
const contenders = {
  'msi-token (dist/index.js)': async () => {
    const run = await runAction({ inputs: { endpoint: emulator.url } });
    if (run.code !== 0) throw new Error(`the action failed:\n${run.stdout}${run.stderr}`);
    return run.durationMs;
  },
  'raw Node GET (floor)': async () => {
    const run = await runAction({ entry: RAW_GET, env: { TOKEN_URL: tokenUrl } });
    if (run.code !== 0) throw new Error(`the raw GET failed:\n${run.stderr}`);
    return run.durationMs;
  }
};

/** @type {Record<string, number[]>} */
const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
try {
  for (let round = 0; round < WARM_UP + rounds; round++) {
    const order = Object.keys(contenders).sort(() => Math.random() - 0.5);
    for (const name of order) {
      const ms = await /** @type {() => Promise<number>} */ (contenders[name])();
      if (round >= WARM_UP) samples[name]?.push(ms);
    }
  }
} finally {
  await emulator.close();
}

const median = (/** @type {number[]} */ values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? /** @type {number} */ (sorted[middle]) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const ms = (/** @type {number} */ value) => `${value.toFixed(1)} ms`.padStart(10);

console.log(`Node ${process.version}, ${rounds} alternating rounds after ${WARM_UP} warm-up rounds; bundle ${(statSync(BUNDLE).size / 1024).toFixed(0)} KiB\n`);
console.log(`${'contender'.padEnd(28)}${'median'.padStart(10)}${'min'.padStart(10)}${'max'.padStart(10)}`);
for (const [name, values] of Object.entries(samples)) {
  console.log(`${name.padEnd(28)}${ms(median(values))}${ms(Math.min(...values))}${ms(Math.max(...values))}`);
}
const [action = [], floor = []] = Object.values(samples);
console.log(`\nratio of medians, action / raw GET: ${(median(action) / median(floor)).toFixed(2)}x (target: at most 1.20x)`);
