/**
 * End to end for `verify`: the bundle reads IMDS instance metadata from the emulator and the
 * VM's record from the ARM emulator over TLS on loopback. Cloud host names (management.azure.com,
 * …) are reached the way a corporate runner reaches them, through HTTPS_PROXY: the recording
 * proxy maps them to the ARM emulator, so the real cloud mapping is exercised and nothing leaves
 * the machine.
 */
import { ARM_AUDIENCES, startArm, TEST_CA } from '../../__fixtures__/arm-emulator.js';
import { defaultVm, startEmulator } from '../../__fixtures__/emulator.js';
import { findLeaks } from '../../__fixtures__/leaks.js';
import { loadedFiles, loadedFilesOptions } from '../../__fixtures__/loaded-files.js';
import { startProxy } from '../../__fixtures__/proxy.js';
import { runStep } from '../../__fixtures__/action-yml.js';
import type { ActionRun } from '../../__fixtures__/run-action.js';

const ARM_HOST = {
  AzurePublicCloud: 'management.azure.com',
  AzureUSGovernmentCloud: 'management.usgovcloudapi.net',
  AzureChinaCloud: 'management.chinacloudapi.cn'
};
type Cloud = keyof typeof ARM_HOST;

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface World {
  /** The VM's cloud. */
  cloud?: Cloud;
  /** What IMDS calls it (case varies). */
  azEnvironment?: string;
  /** The cloud whose audiences the ARM emulator accepts. */
  armCloud?: Cloud;
  readers?: string[] | 'everyone';
  /** The VM ARM knows, when not IMDS's. */
  armVm?: ReturnType<typeof defaultVm>;
}

async function world({ cloud = 'AzurePublicCloud', azEnvironment = cloud, armCloud = cloud, readers = 'everyone', armVm }: World = {}) {
  const imds = await startEmulator({ vm: { ...defaultVm(), azEnvironment } });
  const arm = await startArm({ imds, cloud: armCloud, readers, vm: armVm });
  const proxy = await startProxy({ tunnels: Object.fromEntries(Object.values(ARM_HOST).map((host) => [`${host}:443`, arm.address])) });
  closers.push(imds.close, arm.close, proxy.close);
  const act = async (inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> => {
    const run = await runStep({
      inputs: { endpoint: imds.url, verify: 'true', ...inputs },
      env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: TEST_CA, ...env },
      killAfterMs: 30_000
    });
    expect(findLeaks(run, imds.issuedTokens)).toEqual([]);
    return run;
  };
  return { imds, arm, proxy, act };
}

const errorLine = (run: ActionRun): string => run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';

describe('verify, end to end', () => {
  it.each([
    ['AzurePublicCloud', 'AzurePublicCloud'],
    ['AzurePublicCloud', 'AZUREPUBLICCLOUD'],
    ['AzureUSGovernmentCloud', 'AzureUSGovernmentCloud'],
    ['AzureChinaCloud', 'azurechinacloud']
  ] as const)('reads the VM from the Resource Manager of %s (IMDS says %p), through the proxy', async (cloud, azEnvironment) => {
    const { imds, arm, proxy, act } = await world({ cloud, azEnvironment });
    const run = await act();
    expect(run.code).toBe(0);
    const vm = imds.vm;
    expect(run.outputs).toMatchObject({
      'subscription-id': vm.subscriptionId,
      'resource-group': vm.resourceGroup,
      'vm-name': vm.name,
      'vm-id': vm.vmId,
      'vm-resource-id': vm.resourceId,
      location: vm.location,
      'azure-environment': azEnvironment
    });
    // The proxy carried the ARM call, and never an IMDS call.
    expect(proxy.seen.map((r) => `${r.method} ${r.target}`)).toEqual([`CONNECT ${ARM_HOST[cloud]}:443`]);
    expect(arm.requests).toHaveLength(1);
    expect(arm.requests[0]?.host).toBe(ARM_HOST[cloud]);
    const audience = JSON.parse(Buffer.from(arm.requests[0]!.token.split('.')[1]!, 'base64url').toString()).aud;
    expect(ARM_AUDIENCES[cloud]).toContain(audience);
    expect(run.summary).toContain(`<th align="left">Verified VM</th><td>${vm.name} (VM ID ${vm.vmId})</td>`);
    expect(run.stdout).toContain(`Verified: this identity read the runner VM's own record from https://${ARM_HOST[cloud]}.`);
  });

  it('loads the verify chunk, and no other feature', async () => {
    const { act } = await world();
    const run = await act({}, { NODE_OPTIONS: loadedFilesOptions() });
    expect(run.code).toBe(0);
    expect(loadedFiles(run)).toEqual(['action.js', 'feature-verify.js', 'index.js']);
  });

  it('never sends a Key Vault token to ARM: a separate, masked ARM token does the check', async () => {
    const { imds, arm, act } = await world();
    const run = await act({ resource: 'https://vault.azure.net' });
    expect(run.code).toBe(0);
    expect(imds.issuedTokens).toHaveLength(2);
    const [vaultToken, armToken] = imds.issuedTokens;
    expect(run.outputs['access-token']).toBe(vaultToken);
    expect(arm.requests.map((r) => r.token)).toEqual([armToken]);
    expect(run.stdout).toContain(`::add-mask::${armToken}`);
    expect(Object.values(run.outputs)).not.toContain(armToken);
  });

  it('retries ARM throttling', async () => {
    const { arm, act } = await world();
    arm.enqueue((response) => {
      response.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'application/json' });
      response.end('{"error":{"code":"TooManyRequests","message":"Too many requests."}}');
    });
    const run = await act();
    expect(run.code).toBe(0);
    expect(arm.requests).toHaveLength(2);
    expect(run.stdout).toMatch(/^HTTP 429 \(TooManyRequests: Too many requests\.\); retrying in 1\.\d s \(attempt 2\)\.$/m);
  });

  it('explains a 401: the token is for another cloud than the ARM that answered', async () => {
    const { act } = await world({ cloud: 'AzurePublicCloud', armCloud: 'AzureUSGovernmentCloud' });
    const run = await act();
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(
      "refused the request for the VM's record: HTTP 401, InvalidAuthenticationToken: The access token has been obtained for wrong audience"
    );
    expect(errorLine(run)).toContain(
      'The token is for https://management.azure.com/, which ARM accepts, so it is expired, from another tenant'
    );
  });

  it('explains a 403: the identity may not read the VM, and how to grant it', async () => {
    const { imds, act } = await world({ readers: [] });
    const run = await act();
    expect(run.code).toBe(1);
    const objectId = imds.vm.systemAssigned!.objectId;
    expect(errorLine(run)).toContain(
      `The identity (object ID ${objectId}) can get tokens but lacks Microsoft.Compute/virtualMachines/read on this VM.`
    );
    expect(errorLine(run)).toContain(`--role Reader --scope ${imds.vm.resourceId}`);
    expect(run.outputs['access-token']).toBe(imds.issuedTokens[0]);
    expect(run.summary).toContain('<th align="left">Verification</th><td>failed: Azure Resource Manager');
  });

  it('explains a 404 with the resource ID it asked for', async () => {
    const other = {
      ...defaultVm(),
      resourceId:
        '/subscriptions/00000000-0000-0000-0000-00000000bbbb/resourceGroups/rg-runners/providers/Microsoft.Compute/virtualMachines/elsewhere'
    };
    const { imds, act } = await world({ armVm: other });
    const run = await act();
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(`ARM has no resource ${imds.vm.resourceId}, the ID IMDS gave for this VM`);
  });

  it('reaches an arm-endpoint on loopback directly, bypassing the proxy', async () => {
    const { arm, proxy, act } = await world();
    const run = await act({ 'arm-endpoint': arm.url });
    expect(run.code).toBe(0);
    expect(proxy.seen).toEqual([]);
    expect(arm.requests[0]?.host).toBe(arm.address);
  });

  it('stops before ARM on an unknown cloud, naming the input that fixes it', async () => {
    const { arm, act } = await world({ azEnvironment: 'AzureStack' });
    const run = await act();
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain('whose Resource Manager the action does not know');
    expect(arm.requests).toEqual([]);
  });

  it('writes no summary with job-summary: false', async () => {
    const { imds } = await world();
    const run = await runStep({ inputs: { endpoint: imds.url, 'job-summary': 'false' } });
    expect(run.code).toBe(0);
    expect(run.summary).toBe('');
  });
});
