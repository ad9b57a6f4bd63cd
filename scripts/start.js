// @ts-check
/**
 * `npm start`: runs the committed bundle (dist/index.js) as a workflow step would, against local
 * emulators of an Azure VM's managed identity endpoint (IMDS) and of Azure Resource Manager
 * (over TLS, with the test CA), and shows what the runner would show and what the workflow gets.
 * Needs nothing installed: it runs on a fresh clone.
 * It reads no YAML: inputs it is not given stay unset, which the action reads as their defaults.
 *
 *   npm start                                   system-assigned identity, ARM token, verify: true
 *   npm start -- verify=false                   the token only
 *   npm start -- resource=https://vault.azure.net client-id=00000000-0000-0000-0001-000000000001
 *   npm start -- --debug                        also show the step's debug lines
 */
import { startArm, TEST_CA } from '../__fixtures__/arm-emulator.js';
import { defaultVm, startEmulator } from '../__fixtures__/emulator.js';
import { runAction } from '../__fixtures__/run-action.js';
import { runnerLog } from '../__fixtures__/runner-log.js';

const args = process.argv.slice(2);
const debug = args.includes('--debug');
/** @type {Record<string, string>} */
const given = {};
for (const arg of args.filter((a) => a.includes('='))) {
  const at = arg.indexOf('=');
  given[arg.slice(0, at)] = arg.slice(at + 1);
}

/** How long npm start lets the step run: never less than the action's own deadline, plus a margin. */
const MARGIN_SECONDS = 15;
// The emulators answer at once, so a short timeout-seconds is plenty; passing it as an input
// lets npm start know the action's own deadline without reading action.yml.
const timeoutInput = given['timeout-seconds'] ?? '30';
const timeoutSeconds = Number(timeoutInput);
const killAfterMs = ((Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds : 3600) + MARGIN_SECONDS) * 1000;

const emulator = await startEmulator();
const arm = await startArm({ imds: emulator });
const vm = defaultVm();
try {
  console.log(`Managed identity emulator (IMDS) on ${emulator.url}: a VM with a system-assigned identity and two user-assigned ones`);
  for (const identity of vm.userAssigned) console.log(`  user-assigned: client-id=${identity.clientId}`);
  console.log(`Resource Manager emulator on ${arm.url} (TLS with the test CA, __fixtures__/tls/ca.pem), for verify`);

  const verify = (given['verify'] ?? 'true').trim().toLowerCase() === 'true';
  /** @type {Record<string, string>} */
  const inputs = {
    endpoint: emulator.url,
    verify: 'true',
    'timeout-seconds': timeoutInput,
    ...(verify ? { 'arm-endpoint': arm.url } : {}),
    ...given
  };
  console.log(`\nRunning dist/index.js as a workflow step with inputs ${JSON.stringify(inputs)}`);
  console.log(`(npm start stops it if it is still running after ${killAfterMs / 1000} s: timeout-seconds + ${MARGIN_SECONDS} s)\n`);

  const env = { NODE_EXTRA_CA_CERTS: TEST_CA, ...(debug ? { RUNNER_DEBUG: '1' } : {}) };
  const run = await runAction({ inputs, env, killAfterMs });

  console.log('── step log (as the runner shows it) ──');
  for (const line of runnerLog(run.stdout, { debug })) if (line !== '') console.log(line);
  if (run.stderr) console.log(run.stderr.trimEnd());

  console.log('\n── step outputs: ${{ steps.<id>.outputs.<name> }} ──');
  const width = Math.max(0, ...Object.keys(run.outputs).map((name) => name.length));
  for (const [name, value] of Object.entries(run.outputs)) {
    // The outputs that hold secrets (action.yml says which); the runner masks them in logs.
    const shown = ['access-token', 'registry-password'].includes(name) ? `*** (${value.length} characters, masked in logs)` : value;
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
    const requests = `IMDS emulator: ${emulator.requests.length} request(s), Resource Manager emulator: ${arm.requests.length}`;
    console.log(`\nThe step ${run.code === 0 ? 'succeeded' : `failed (exit code ${run.code})`} in ${seconds} s (${requests}).`);
  }
  console.log('Next: `npm ci && npm test` runs the test suite; README.md shows the workflow to use on an Azure VM runner.');
  process.exitCode = run.code ?? 1;
} finally {
  await Promise.all([emulator.close(), arm.close()]);
}
