// @ts-check
/**
 * `npm start`: runs the committed bundle (dist/index.js) as a workflow step would, against local
 * emulators, and shows what the runner would show and what the workflow gets. Needs nothing
 * installed: it runs on a fresh clone, on any Node from 20 on (GitHub runs the action on 24).
 *
 * Nothing it starts can reach past this machine: the identity endpoint is the IMDS emulator on
 * loopback, Resource Manager (verify) and the container registry are emulators on loopback over
 * TLS with the test CA, and every host name the step looks up is answered by the tests' resolver
 * (__fixtures__/test-dns.js): a registry's name goes to its emulator, every other name is "not
 * found". Inputs it is not given stay unset, which the action reads as their defaults.
 *
 *   npm start                                    the action's default step: a token for ARM
 *   npm start -- verify=true                     and the check on (emulated) Resource Manager
 *   npm start -- container-registry=myregistry.azurecr.io
 *   npm start -- key-vault-secrets=myvault/db-password     (several: one per line, as in a workflow)
 *   npm start -- --debug                         also show the step's debug lines
 *   npm start -- --help                          the inputs it takes
 */
import { startArm, TEST_CA } from '../__fixtures__/arm-emulator.js';
import { defaultVm, startEmulator } from '../__fixtures__/emulator.js';
import { startKeyVault } from '../__fixtures__/keyvault-emulator.js';
import { startRegistry } from '../__fixtures__/registry-emulator.js';
import { ROOT, runAction } from '../__fixtures__/run-action.js';
import { runnerLog } from '../__fixtures__/runner-log.js';
import { testDnsEnv } from '../__fixtures__/test-dns.js';
import { declaredInputs, declaredOutputs } from './action-inputs.js';

const RUNTIME_MAJOR = 24;
/** The outputs that hold secrets (action.yml says which; Key Vault secrets are the outputs it does not declare). */
const SECRET_OUTPUTS = ['access-token', 'registry-password'];
const VAULT_SUFFIXES = ['vault.azure.net', 'vault.usgovcloudapi.net', 'vault.azure.cn'];

/**
 * The vaults and secrets `key-vault-secrets` names, each secret with a made-up value, so that the
 * Key Vault emulator has what the step asks for. Read loosely: the action itself checks every
 * line, and refuses a bad one before any request.
 * @param {string} raw
 */
function vaultsFor(raw) {
  /** @type {Map<string, Record<string, { versions: { value: string, version?: string }[] }>>} */
  const vaults = new Map();
  for (const line of raw.split(/\r?\n/)) {
    const entry = line.replace(/>.*$/, '').trim();
    if (entry === '' || entry.startsWith('#')) continue;
    const url = /^https:\/\/([^/]+)\/secrets\/([^/]+)(?:\/([^/]+))?\/?$/i.exec(entry);
    const short = /^([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(entry);
    const [host, secret, version] = url ? [url[1], url[2], url[3]] : short ? [`${short[1]}.vault.azure.net`, short[2], short[3]] : [];
    if (!host || !secret || !VAULT_SUFFIXES.some((suffix) => host.toLowerCase().endsWith(`.${suffix}`))) continue;
    const secrets = vaults.get(host.toLowerCase()) ?? {};
    secrets[secret] = { versions: [{ value: `demo value of ${secret} (from the Key Vault emulator)`, ...(version ? { version } : {}) }] };
    vaults.set(host.toLowerCase(), secrets);
  }
  return [...vaults].map(([host, secrets]) => ({ host, secrets }));
}
/** How long npm start lets the step run: never less than the action's own deadline, plus a margin. */
const MARGIN_SECONDS = 15;

const declared = declaredInputs(ROOT);
const args = process.argv.slice(2);

if (args.includes('--help') || args.includes('-h')) {
  console.log('npm start -- [name=value ...] [--debug]: runs the committed bundle as a workflow step against local emulators.');
  console.log("Inputs (as in a workflow step's with:, unset ones take their defaults):\n");
  const width = Math.max(...declared.map((input) => input.name.length));
  for (const input of declared) {
    const fallback = input.default === '' ? '' : ` (default ${input.default})`;
    console.log(`  ${input.name.padEnd(width)}  ${input.description}${fallback}`);
  }
  console.log("\n  --debug  also show the step's debug lines (step debug logging on)");
  process.exit(0);
}

const debug = args.includes('--debug');
const stray = args.filter((arg) => arg !== '--debug' && !/^[^=]+=/.test(arg));
if (stray.length > 0) {
  console.error(`npm start takes inputs as name=value (and --debug, --help); got ${stray.map((arg) => `'${arg}'`).join(', ')}.`);
  process.exit(2);
}
/** @type {Record<string, string>} */
const given = {};
for (const arg of args.filter((a) => a.includes('='))) {
  const at = arg.indexOf('=');
  given[arg.slice(0, at)] = arg.slice(at + 1);
}

const major = Number(process.versions.node.split('.')[0]);
if (major < RUNTIME_MAJOR) {
  console.log(`GitHub runs this action on Node ${RUNTIME_MAJOR}; this local run uses Node ${process.version}.`);
}

// The emulators answer at once, so a short timeout-seconds is plenty; passing it as an input
// lets npm start know the action's own deadline without reading action.yml.
const timeoutInput = given['timeout-seconds'] ?? '30';
const timeoutSeconds = Number(timeoutInput);
const killAfterMs = ((Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds : 3600) + MARGIN_SECONDS) * 1000;
const verify = (given['verify'] ?? 'false').trim().toLowerCase() === 'true';
const loginServer = (given['container-registry'] ?? '')
  .trim()
  .toLowerCase()
  .replace(/^https:\/\//, '')
  .replace(/\/$/, '');

const emulator = await startEmulator();
const arm = verify ? await startArm({ imds: emulator }) : undefined;
const registry = loginServer ? await startRegistry({ imds: emulator, registries: [{ loginServer }] }) : undefined;
const vaults = vaultsFor(given['key-vault-secrets'] ?? '');
const keyVault = vaults.length > 0 ? await startKeyVault({ imds: emulator, vaults }) : undefined;
try {
  const vm = defaultVm();
  console.log(`Managed identity emulator (IMDS) on ${emulator.url}: a VM with a system-assigned identity and two user-assigned ones`);
  for (const identity of vm.userAssigned) console.log(`  user-assigned: client-id=${identity.clientId}`);
  if (arm) console.log(`Resource Manager emulator on ${arm.url} (TLS with the test CA, __fixtures__/tls/ca.pem), for verify`);
  if (registry) console.log(`Container registry emulator for ${loginServer} on ${registry.address} (TLS with the test CA)`);
  if (keyVault) {
    console.log(`Key Vault emulator for ${vaults.map((vault) => vault.host).join(', ')} on ${keyVault.address} (TLS with the test CA)`);
  }

  /** @type {Record<string, string>} */
  const inputs = {
    endpoint: emulator.url,
    'timeout-seconds': timeoutInput,
    ...(arm ? { 'arm-endpoint': arm.url } : {}),
    ...given
  };
  console.log(`\nRunning dist/index.js as a workflow step with inputs ${JSON.stringify(inputs)}`);
  console.log(`(npm start stops it if it is still running after ${killAfterMs / 1000} s: timeout-seconds + ${MARGIN_SECONDS} s)\n`);

  const env = {
    NODE_EXTRA_CA_CERTS: TEST_CA,
    ...testDnsEnv({ ...registry?.routes, ...keyVault?.routes }),
    ...(debug ? { RUNNER_DEBUG: '1' } : {})
  };
  const run = await runAction({ inputs, env, killAfterMs });

  console.log('── step log (as the runner shows it) ──');
  // The runner's own warning for a with: key the action does not declare; the step still runs.
  const names = declared.map((input) => input.name);
  const unexpected = Object.keys(given).filter((name) => !names.includes(name));
  if (unexpected.length > 0) {
    console.log(
      `Warning: Unexpected input(s) ${unexpected.map((name) => `'${name}'`).join(', ')}, valid inputs are [${names.map((name) => `'${name}'`).join(', ')}]`
    );
  }
  for (const line of runnerLog(run.stdout, { debug })) if (line !== '') console.log(line);
  if (run.stderr) console.log(run.stderr.trimEnd());

  console.log('\n── step outputs: ${{ steps.<id>.outputs.<name> }} ──');
  const width = Math.max(0, ...Object.keys(run.outputs).map((name) => name.length));
  const declaredNames = declaredOutputs(ROOT);
  for (const [name, value] of Object.entries(run.outputs)) {
    const secret = SECRET_OUTPUTS.includes(name) || !declaredNames.includes(name);
    const shown = secret ? `*** (${value.length} characters, masked in logs)` : value;
    console.log(`  ${name.padEnd(width)}  ${shown}`);
  }
  if (Object.keys(run.outputs).length === 0) console.log('  (none)');
  for (const name of Object.keys(run.exported)) console.log(`\nexported to later steps: ${name}=*** (masked in logs)`);

  const seconds = (run.durationMs / 1000).toFixed(run.durationMs < 10_000 ? 2 : 0);
  if (run.signal) {
    console.log(
      `\nThe step was still running after ${killAfterMs / 1000} s (timeout-seconds ${timeoutSeconds} + ${MARGIN_SECONDS} s): npm start stopped it (${run.signal}).`
    );
  } else {
    const requests = [
      `IMDS emulator: ${emulator.requests.length} request(s)`,
      ...(arm ? [`Resource Manager emulator: ${arm.requests.length}`] : []),
      ...(registry ? [`container registry emulator: ${registry.requests.length}`] : []),
      ...(keyVault ? [`Key Vault emulator: ${keyVault.requests.length}`] : [])
    ].join(', ');
    console.log(`\nThe step ${run.code === 0 ? 'succeeded' : `failed (exit code ${run.code})`} in ${seconds} s (${requests}).`);
  }
  console.log(
    'Next: `npm start -- --help` lists the inputs; `npm ci && npm test` runs the test suite; README.md shows the workflow to use on an Azure VM runner.'
  );
  process.exitCode = run.code ?? 1;
} finally {
  await Promise.all([emulator.close(), arm?.close(), registry?.close(), keyVault?.close()]);
}
