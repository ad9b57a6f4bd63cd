/**
 * The world of the Key Vault end-to-end tests: an identity emulator, the Key Vault emulator with
 * the vaults a test names, and the recording proxy that tunnels each vault host to it. `act` runs
 * the committed bundle as a step (runStep: action.yml's defaults, INPUT_*, the file commands)
 * with the test resolver preloaded, so the bundle reaches https://myvault.vault.azure.net by
 * name as on a runner, and scans every run: each token and credential (findLeaks), each vault
 * value and each of its lines (findValueLeaks: only under the NAME the test expects it), and
 * every workflow command the run printed (commandProblems). What it starts is stopped when the
 * test is over (defer).
 */
import { TEST_CA } from './arm-emulator.js';
import { defer } from './cleanup.js';
import { startEmulator } from './emulator.js';
import { commandProblems } from './hostile.js';
import { type KeyVaultRequest, startKeyVault, type VaultOptions } from './keyvault-emulator.js';
import { findLeaks, findValueLeaks } from './leaks.js';
import { startProxy } from './proxy.js';
import { runStep } from './action-yml.js';
import type { ActionRun } from './run-action.js';
import { testDnsEnv } from './test-dns.js';

export const PUBLIC = 'myvault.vault.azure.net';
export const SECOND = 'teamvault.vault.azure.net';
export const GOV = 'govvault.vault.usgovcloudapi.net';
export const CHINA = 'cnvault.vault.azure.cn';
export const VAULT_AUDIENCE = 'https://vault.azure.net';

export interface ActOptions {
  /** Environment of the step, over the test resolver and NODE_EXTRA_CA_CERTS. */
  env?: Record<string, string>;
  /** The step outputs the test expects to hold vault values: NAME → value. Nothing else may hold one. */
  outputs?: Record<string, string>;
  /** The same for GITHUB_ENV (export-secrets). */
  exported?: Record<string, string>;
  /** Other credentials of the run to scan for (IDENTITY_HEADER, a federated token); a function for those known only after the run (an Arc key). */
  secrets?: readonly string[] | (() => readonly string[]);
  /** Other values to scan for, that no vault holds as configured (a fault's rewritten value). */
  values?: readonly string[];
  /** The token output's variable, when export-variable is set. */
  exportedAs?: string;
  killAfterMs?: number;
}

export async function keyVaultWorld({
  vaults,
  emulator
}: { vaults?: VaultOptions[]; emulator?: Parameters<typeof startEmulator>[0] } = {}) {
  const imds = await startEmulator(emulator);
  defer(imds.close);
  const kv = await startKeyVault({ imds, ...(vaults ? { vaults } : {}) });
  defer(kv.close);
  /** Every non-empty string value the vaults hold, every version. */
  const vaultValues = kv.values as string[];
  const proxy = await startProxy({ tunnels: kv.routes });
  defer(proxy.close);

  /** Every scan, on every run: tokens and credentials, vault values, workflow commands. */
  const scan = (run: ActionRun, { outputs = {}, exported = {}, secrets = [], values = [], exportedAs }: ActOptions = {}): void => {
    const credentials = [...imds.issuedTokens, ...(typeof secrets === 'function' ? secrets() : secrets)];
    const held = [...vaultValues, ...values];
    expect(findLeaks(run, credentials, { exportedAs })).toEqual([]);
    expect(findValueLeaks(run, held, { outputs, exported })).toEqual([]);
    expect(commandProblems(run, [...credentials, ...held])).toEqual([]);
  };

  const act = async (inputs: Record<string, string>, options: ActOptions = {}): Promise<ActionRun> => {
    const run = await runStep({
      inputs: { endpoint: imds.url, ...inputs },
      env: { NODE_EXTRA_CA_CERTS: TEST_CA, ...testDnsEnv(kv.routes), ...options.env },
      killAfterMs: options.killAfterMs ?? 30_000
    });
    scan(run, options);
    return run;
  };

  /** The secret requests that reached the emulator (every vault). */
  const secretRequests = (): KeyVaultRequest[] => kv.requests.filter((r) => r.path.startsWith('/secrets/'));
  return { imds, kv, proxy, act, scan, secretRequests, vaultValues };
}

export type KeyVaultWorld = Awaited<ReturnType<typeof keyVaultWorld>>;

/** The payload of a JWT the emulators issued. */
export const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));

/** The failure line, unescaped as the runner shows it. */
export const errorOf = (run: ActionRun): string => {
  const line = run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
  return line.slice('::error::'.length).replace(/%0D|%0A|%25/g, (code) => ({ '%0D': '\r', '%0A': '\n', '%25': '%' })[code] ?? code);
};

/** The step outputs a run set beyond the token's own. */
export const secretOutputs = (run: ActionRun): Record<string, string> =>
  Object.fromEntries(Object.entries(run.outputs).filter(([name]) => /^[A-Z_][A-Z0-9_]*$/.test(name)));

/** The summary's Key Vault rows: `[NAME, cell]` for each row whose header is upper case (a NAME). */
export const summaryRows = (run: ActionRun): [string, string][] =>
  [...run.summary.matchAll(/<tr><th align="left">([A-Za-z_][A-Za-z0-9_]*)<\/th><td>(.*?)<\/td><\/tr>/g)]
    .filter(([, name]) => /^[A-Z_][A-Z0-9_]*$/.test(name!))
    .map(([, name, cell]) => [name!, cell!]);
