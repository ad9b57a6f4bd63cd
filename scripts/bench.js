// @ts-check
/**
 * `npm run bench`: what a job pays for a token with this action and with the alternatives, all
 * against the same emulator, as whole processes started the same way, alternating in shuffled
 * order each round so that machine noise hits all alike. Then how each behaves when the endpoint
 * throttles, fails or hangs. Prints the results as Markdown on standard output, ready to paste
 * into BENCHMARKS.md, and its progress on standard error; never fails on timing.
 *
 *   npm run bench                  20 rounds after 3 warm-up rounds, then the behaviour table
 *   npm run bench -- --rounds 40
 *   npm run bench -- --quick       only the action and its floors (the raw GET, verify, one Key Vault secret)
 *
 * Each contender names its floor, the least a plain Node step does for the same result; the
 * ratio to it is the median of the rounds' ratios (the two ran in the same round, so noise from
 * the machine hits both). A new floor is one more entry with `floor` pointing at it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus, release, type } from 'node:os';
import { join } from 'node:path';
import { startArm, TEST_CA } from '../__fixtures__/arm-emulator.js';
import { faults, startEmulator } from '../__fixtures__/emulator.js';
import { startKeyVault } from '../__fixtures__/keyvault-emulator.js';
import { testDnsEnv } from '../__fixtures__/test-dns.js';
import { runStep } from '../__fixtures__/action-yml.js';
import { BUNDLE, ROOT } from '../__fixtures__/run-action.js';

const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 20;
const quick = process.argv.includes('--quick');
const WARM_UP = 3;
const ALTERNATIVES = join(ROOT, 'scripts', 'alternatives');
const TIME = '/usr/bin/time';
/** Progress goes to standard error, so that standard output holds only the results. */
const progress = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);

const emulator = await startEmulator();
const arm = await startArm({ imds: emulator });
const tokenUrl = `${emulator.url}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com%2F`;
const metadataUrl = `${emulator.url}/metadata/instance/compute?api-version=2021-02-01`;
const RAW_GET = 'raw Node GET (floor)';
const RAW_VERIFY = 'raw Node verify (floor)';
const RAW_KEY_VAULT = 'raw Node Key Vault read (floor)';
const ONE_SECRET = 'msi-token, 1 Key Vault secret';

// One vault of 20 secrets. Its name reaches the emulator through the tests' resolver, preloaded
// into every Key Vault contender alike (the action and the Node floor); curl gets --connect-to.
// Each answer takes KEY_VAULT_LATENCY_MS, as a vault's answers take time: it is what reading
// secrets side by side, rather than one after another, is about.
const KEY_VAULT_LATENCY_MS = 20;
const VAULT = 'benchvault.vault.azure.net';
const SECRETS = Array.from({ length: 20 }, (_, n) => `secret-${n + 1}`);
const keyVault = await startKeyVault({
  imds: emulator,
  vaults: [{ host: VAULT, secrets: Object.fromEntries(SECRETS.map((name) => [name, `value-of-${name}-for-the-bench`])) }],
  latencyMs: KEY_VAULT_LATENCY_MS
});
const vaultEnv = { ...testDnsEnv(keyVault.routes), NODE_EXTRA_CA_CERTS: TEST_CA };
const vaultTokenUrl = `${emulator.url}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net`;

/**
 * `floor`: the contender this one is compared with; `quick`: also run by --quick.
 * @typedef {{
 *   node?: string, entry: string, inputs?: Record<string, string>, env?: Record<string, string>,
 *   floor?: string, quick?: boolean
 * }} Launch
 * @type {Record<string, Launch>}
 */
const contenders = {
  'msi-token': { entry: BUNDLE, inputs: { endpoint: emulator.url }, floor: RAW_GET, quick: true },
  'msi-token, verify: true': {
    entry: BUNDLE,
    inputs: { endpoint: emulator.url, verify: 'true', 'arm-endpoint': arm.url },
    env: { NODE_EXTRA_CA_CERTS: TEST_CA },
    floor: RAW_VERIFY,
    quick: true
  },
  [RAW_GET]: { entry: join(ALTERNATIVES, 'raw-get.cjs'), env: { TOKEN_URL: tokenUrl }, floor: RAW_GET, quick: true },
  [RAW_VERIFY]: {
    entry: join(ALTERNATIVES, 'raw-verify.cjs'),
    env: { TOKEN_URL: tokenUrl, METADATA_URL: metadataUrl, ARM: arm.url, NODE_EXTRA_CA_CERTS: TEST_CA },
    floor: RAW_VERIFY,
    quick: true
  },
  [ONE_SECRET]: {
    entry: BUNDLE,
    inputs: { endpoint: emulator.url, 'key-vault-secrets': `benchvault/${SECRETS[0]}` },
    env: vaultEnv,
    floor: RAW_KEY_VAULT,
    quick: true
  },
  [RAW_KEY_VAULT]: {
    entry: join(ALTERNATIVES, 'raw-keyvault.cjs'),
    env: {
      ...vaultEnv,
      TOKEN_URL: tokenUrl,
      VAULT_TOKEN_URL: vaultTokenUrl,
      SECRET_URL: `https://${VAULT}/secrets/${SECRETS[0]}?api-version=7.6`
    },
    floor: RAW_KEY_VAULT,
    quick: true
  },
  'msi-token, 20 Key Vault secrets': {
    entry: BUNDLE,
    inputs: { endpoint: emulator.url, 'key-vault-secrets': SECRETS.map((name) => `benchvault/${name}`).join('\n') },
    env: vaultEnv,
    floor: ONE_SECRET
  },
  'curl loop, 20 Key Vault secrets': {
    node: 'bash',
    entry: join(ALTERNATIVES, 'curl-keyvault.sh'),
    env: {
      IMDS: emulator.url,
      VAULT,
      CONNECT_TO: `${VAULT}:443:${keyVault.address}`,
      CA: TEST_CA,
      SECRETS: SECRETS.join(' ')
    },
    floor: ONE_SECRET
  },
  '@azure/identity': {
    entry: join(ALTERNATIVES, 'azure-identity.mjs'),
    env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: emulator.url },
    floor: RAW_GET
  },
  'curl script': { node: 'bash', entry: join(ALTERNATIVES, 'curl.sh'), env: { IMDS: emulator.url }, floor: RAW_GET }
};
const names = Object.keys(contenders).filter((name) => !quick || contenders[name]?.quick);
if (!existsSync(join(ROOT, 'node_modules', '@azure', 'identity')) && !quick) {
  console.log('(@azure/identity is a dev dependency: run `npm ci` first, or use --quick)\n');
  names.splice(names.indexOf('@azure/identity'), 1);
}

/** @param {string} name @param {string[]} [wrapper] */
async function launch(name, wrapper = [], killAfterMs = 60_000) {
  const { node, entry, inputs = {}, env = {} } = /** @type {Launch} */ (contenders[name]);
  // Every request to IMDS (tokens and instance metadata), to ARM and to the vault.
  const count = () => emulator.requests.length + arm.requests.length + keyVault.requests.length;
  const before = count();
  const run = await runStep({ node, entry, inputs, env, wrapper, killAfterMs });
  return { run, requests: count() - before };
}

/** @type {Record<string, number[]>} */
const samples = Object.fromEntries(names.map((name) => [name, []]));
/** @type {Record<string, number>} */
const requestsPerRun = {};
/** @type {Record<string, number>} */
const peakRssKiB = {};
try {
  progress(
    `Timing ${names.length} contenders, ${WARM_UP} warm-up rounds and ${rounds} measured rounds, each contender once per round in a shuffled order:`
  );
  for (let round = 0; round < WARM_UP + rounds; round++) {
    const began = Date.now();
    for (const name of [...names].sort(() => Math.random() - 0.5)) {
      const { run, requests } = await launch(name);
      if (run.code !== 0) throw new Error(`${name} failed:\n${run.stdout}${run.stderr}`);
      if (round >= WARM_UP) samples[name]?.push(run.durationMs);
      requestsPerRun[name] = requests;
    }
    const label = round < WARM_UP ? `warm-up round ${round + 1} of ${WARM_UP}` : `round ${round - WARM_UP + 1} of ${rounds}`;
    progress(`  ${label} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
  }
  // Peak memory in a pass of its own, so the timing runs carry no wrapper.
  const canMeasureRss = spawnSync(TIME, ['-f', '%M', 'true']).status === 0;
  progress(canMeasureRss ? 'Peak memory, 3 runs each under /usr/bin/time:' : `Peak memory: not measured (${TIME} is missing).`);
  for (const name of names) {
    if (!canMeasureRss) break;
    progress(`  ${name}`);
    for (let i = 0; i < 3; i++) {
      const { run } = await launch(name, [TIME, '-f', 'peak-rss-kib %M']);
      const kib = Number(/peak-rss-kib (\d+)/.exec(run.stderr)?.[1] ?? 0);
      peakRssKiB[name] = Math.max(peakRssKiB[name] ?? 0, kib);
    }
  }
} finally {
  await Promise.all([emulator.close(), arm.close(), keyVault.close()]);
}

/** The versions the alternatives ran with, as they report them. */
function alternativeVersions() {
  const identity = join(ROOT, 'node_modules', '@azure', 'identity', 'package.json');
  const identityVersion = existsSync(identity) ? JSON.parse(readFileSync(identity, 'utf8')).version : 'not installed';
  const curl = spawnSync('curl', ['--version'], { encoding: 'utf8' }).stdout?.split(' ').slice(0, 2).join(' ') || 'curl not found';
  return `\`@azure/identity\` ${identityVersion} (\`ManagedIdentityCredential\`), ${curl}`;
}

const median = (/** @type {number[]} */ values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? /** @type {number} */ (sorted[middle]) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const ms = (/** @type {number} */ value) => `${value.toFixed(1)} ms`;
/** The median of the rounds' ratios of `name` to its floor (each round ran both). */
const pairedRatio = (/** @type {string} */ name) => {
  const floor = samples[contenders[name]?.floor ?? RAW_GET] ?? [];
  return median((samples[name] ?? []).map((value, round) => value / (floor[round] ?? NaN)));
};

console.log(
  `- ${cpus().length} × ${cpus()[0]?.model.trim()}, ${type()} ${release()}, Node ${process.version}\n` +
    `- ${rounds} alternating rounds after ${WARM_UP} warm-up rounds, ${new Date().toISOString().slice(0, 10)}; bundle \`dist/action.js\` ${(statSync(join(ROOT, 'dist', 'action.js')).size / 1024).toFixed(0)} KiB\n` +
    `- alternatives: ${alternativeVersions()}\n`
);
console.log('| contender | median | min | max | floor | × floor | peak RSS | requests |');
console.log('|---|---:|---:|---:|---|---:|---:|---:|');
for (const name of names) {
  const values = samples[name] ?? [];
  const rss = peakRssKiB[name] ? `${(peakRssKiB[name] / 1024).toFixed(0)} MiB` : 'n/a';
  const floor = contenders[name]?.floor === name ? '—' : (contenders[name]?.floor ?? '').replace(' (floor)', '');
  console.log(
    `| ${name} | ${ms(median(values))} | ${ms(Math.min(...values))} | ${ms(Math.max(...values))} | ${floor} | ${pairedRatio(name).toFixed(2)} | ${rss} | ${requestsPerRun[name]} |`
  );
}
console.log(`\n× floor: the median of the ${rounds} rounds' ratios to the floor run in the same round.`);
console.log(`msi-token / raw Node GET: ${pairedRatio('msi-token').toFixed(2)}×`);
console.log(`msi-token, verify: true / raw Node verify: ${pairedRatio('msi-token, verify: true').toFixed(2)}×`);
console.log(`${ONE_SECRET} / raw Node Key Vault read: ${pairedRatio(ONE_SECRET).toFixed(2)}×`);
if (!quick) console.log(`msi-token, 20 Key Vault secrets / 1 secret: ${pairedRatio('msi-token, 20 Key Vault secrets').toFixed(2)}×`);
console.log(`(Key Vault rows: each vault answer takes ${KEY_VAULT_LATENCY_MS} ms.)`);
if (quick) process.exit(0);

// ---- behaviour: the same faults played to each, one run each -------------------------------
const HANG_KILL_MS = 30_000;
/** @type {Record<string, () => import('../__fixtures__/emulator.js').Fault[]>} */
const scenarios = {
  '429 ×2 (no Retry-After)': () => [faults.status(429, { error: 'too_many_requests' }), faults.status(429, { error: 'too_many_requests' })],
  '500 ×3': () => [faults.status(500), faults.status(500), faults.status(500)],
  hang: () => [faults.hang(), faults.hang(), faults.hang(), faults.hang()]
};
const behaving = names.filter((name) => !name.includes('verify') && !name.includes('Key Vault'));
progress(
  `Behaviour: each of ${behaving.length} contenders once per fault, against a fresh emulator (a run still going after ${HANG_KILL_MS / 1000} s is killed):`
);
console.log(`\n| contender | ${Object.keys(scenarios).join(' | ')} |`);
console.log(
  `|---|${Object.keys(scenarios)
    .map(() => '---')
    .join('|')}|`
);
for (const name of behaving) {
  const cells = [];
  for (const scenario of Object.values(scenarios)) {
    progress(`  ${name}: ${Object.entries(scenarios).find(([, make]) => make === scenario)?.[0]}`);
    const faulty = await startEmulator();
    try {
      faulty.enqueue(...scenario());
      const launchOf = /** @type {Launch} */ (contenders[name]);
      const env = Object.fromEntries(
        Object.entries(launchOf.env ?? {}).map(([key, value]) => [key, value.replace(emulator.url, faulty.url)])
      );
      /** @type {Record<string, string>} */
      const inputs = name === 'msi-token' ? { endpoint: faulty.url, 'timeout-seconds': '10' } : {};
      const run = await runStep({ node: launchOf.node, entry: launchOf.entry, inputs, env, killAfterMs: HANG_KILL_MS });
      const count = faulty.tokenRequests().length;
      const requests = `${count} request${count === 1 ? '' : 's'}`;
      const seconds = `${(run.durationMs / 1000).toFixed(1)} s`;
      cells.push(
        run.signal
          ? `still waiting after ${HANG_KILL_MS / 1000} s (killed), ${requests}`
          : `${run.code === 0 ? 'token' : 'fails'} after ${requests}, ${seconds}`
      );
    } finally {
      await faulty.close();
    }
  }
  console.log(`| ${name}${name === 'msi-token' ? ' (timeout-seconds: 10)' : ''} | ${cells.join(' | ')} |`);
}
