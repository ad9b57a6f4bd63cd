// @ts-check
/**
 * `npm start`: runs the committed bundle (dist/index.js) as a workflow step would, against the
 * local managed identity emulator, and shows what the workflow gets. Needs nothing installed, so
 * it reads no YAML: inputs it is not given stay unset, which the action reads as their defaults.
 *
 *   npm start                                   system-assigned identity, ARM token
 *   npm start -- resource=https://vault.azure.net client-id=00000000-0000-0000-0001-000000000001
 *   npm start -- --debug                        also show the step's debug lines
 */
import { defaultVm, startEmulator } from '../__fixtures__/emulator.js';
import { runAction } from '../__fixtures__/run-action.js';

const args = process.argv.slice(2);
const debug = args.includes('--debug');
/** @type {Record<string, string>} */
const inputs = {};
for (const arg of args.filter((a) => a.includes('='))) {
  const at = arg.indexOf('=');
  inputs[arg.slice(0, at)] = arg.slice(at + 1);
}

const emulator = await startEmulator();
const vm = defaultVm();
try {
  console.log(`Managed identity emulator on ${emulator.url}: a VM with a system-assigned identity and two user-assigned ones`);
  for (const identity of vm.userAssigned) console.log(`  user-assigned: client-id=${identity.clientId}`);
  console.log(`\nRunning dist/index.js as a workflow step with inputs ${JSON.stringify({ ...inputs, endpoint: emulator.url })}\n`);

  const run = await runAction({ inputs: { endpoint: emulator.url, ...inputs }, env: debug ? { RUNNER_DEBUG: '1' } : {} });
  const mask = (/** @type {string} */ text) => emulator.issuedTokens.reduce((masked, token) => masked.split(token).join('***'), text);

  console.log('── step log (as the runner shows it) ──');
  for (const line of run.stdout.split('\n')) {
    if (line === '' || line.startsWith('::add-mask::')) continue;
    if (line.startsWith('::debug::')) {
      if (debug) console.log(`##[debug]${mask(line.slice(9))}`);
      continue;
    }
    console.log(mask(line.replace(/^::warning::/, 'Warning: ').replace(/^::error::/, 'Error: ')));
  }
  if (run.stderr) console.log(mask(run.stderr));

  console.log('\n── step outputs: ${{ steps.<id>.outputs.<name> }} ──');
  const width = Math.max(0, ...Object.keys(run.outputs).map((name) => name.length));
  for (const [name, value] of Object.entries(run.outputs)) {
    const shown = name === 'access-token' ? `*** (${value.length} characters, masked in logs)` : value;
    console.log(`  ${name.padEnd(width)}  ${shown}`);
  }
  if (Object.keys(run.outputs).length === 0) console.log('  (none)');
  for (const [name, value] of Object.entries(run.exported)) console.log(`\nexported to later steps: ${name}=${mask(value)}`);

  console.log(`\nThe step ${run.code === 0 ? 'succeeded' : `failed (exit code ${run.code})`} in ${Math.round(run.durationMs)} ms.`);
  console.log('Next: `npm ci && npm test` runs the test suite; README.md shows the workflow to use on an Azure VM runner.');
  process.exitCode = run.code ?? 1;
} finally {
  await emulator.close();
}
