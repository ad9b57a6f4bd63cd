import nock from 'nock';
import { accessToken, IDS } from '../../__fixtures__/bodies.js';
import { actionError } from '../../__fixtures__/failures.js';
import { tokenContext } from '../../__fixtures__/context.js';
import { isolateNetwork } from '../../__fixtures__/nock.js';
import { ARM, RUNNER_VM, VM, vmRecord } from '../../__fixtures__/vm.js';
import { armEndpointFor, COMPUTE_API_VERSION, isArmAudience, readVmCall } from '../../src/verify/arm.js';
import { callWithRetries } from '../../src/http/call.js';
import type { AccessToken } from '../../src/types.js';

isolateNetwork();

const armToken = (overrides: Partial<AccessToken> = {}): AccessToken => accessToken(overrides);
const arm = () => nock(ARM).get(VM).query({ 'api-version': COMPUTE_API_VERSION });

const failure = actionError;

describe('armEndpointFor', () => {
  it.each([
    ['AzurePublicCloud', 'https://management.azure.com'],
    ['AZUREPUBLICCLOUD', 'https://management.azure.com'],
    ['AzureUSGovernmentCloud', 'https://management.usgovcloudapi.net'],
    ['azurechinacloud', 'https://management.chinacloudapi.cn']
  ])('maps %s to %s', (cloud, endpoint) => {
    expect(armEndpointFor(cloud, undefined)).toEqual({ endpoint, audience: `${endpoint}/` });
  });

  it('refuses an unknown cloud, naming the input that fixes it', () => {
    expect(() => armEndpointFor('AzureStack', undefined)).toThrow(
      "IMDS says this VM runs in the cloud 'AzureStack', whose Resource Manager the action does not know"
    );
    expect(() => armEndpointFor('AzureStack', undefined)).toThrow("Set 'arm-endpoint'");
  });

  it("sends to the arm-endpoint input, keeping a known cloud's audience", () => {
    expect(armEndpointFor('AzurePublicCloud', 'https://127.0.0.1:8443')).toEqual({
      endpoint: 'https://127.0.0.1:8443',
      audience: 'https://management.azure.com/'
    });
    expect(armEndpointFor('AzureStack', 'https://management.local.azurestack.external')).toEqual({
      endpoint: 'https://management.local.azurestack.external',
      audience: 'https://management.local.azurestack.external/'
    });
  });
});

describe('isArmAudience', () => {
  it.each([
    ['https://management.azure.com/', ARM, true],
    ['https://management.azure.com', ARM, true],
    ['https://management.core.windows.net/', ARM, true],
    ['https://vault.azure.net', ARM, false],
    ['https://management.azure.com/', 'https://management.usgovcloudapi.net', false],
    ['https://management.usgovcloudapi.net/', 'https://management.usgovcloudapi.net', true]
  ])('%s for %s: %p', (audience, endpoint, expected) => {
    expect(isArmAudience(audience, endpoint)).toBe(expected);
  });
});

describe("reading the VM's record", () => {
  it('GETs the resource ID with the pinned Compute API version and the token', async () => {
    const token = armToken();
    const scope = arm().matchHeader('authorization', `Bearer ${token.token}`).reply(200, vmRecord);
    await expect(callWithRetries(readVmCall(ARM, VM, token), tokenContext())).resolves.toEqual({
      id: VM,
      name: RUNNER_VM.name,
      location: RUNNER_VM.location,
      vmId: RUNNER_VM.vmId
    });
    scope.done();
  });

  it("retries ARM's throttling (honouring Retry-After) and server errors", async () => {
    arm().reply(429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'Retry-After': '5' });
    arm().reply(503, { error: { code: 'ServiceUnavailable', message: 'busy' } });
    arm().reply(200, vmRecord);
    const ctx = tokenContext();
    await callWithRetries(readVmCall(ARM, VM, armToken()), ctx);
    expect(ctx.clock.sleeps[0]).toBeGreaterThanOrEqual(5000);
    expect(ctx.clock.sleeps).toHaveLength(2);
  });

  it('explains a 401 for the wrong audience, naming both', async () => {
    arm().reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'wrong audience' } });
    const token = armToken({ audience: 'https://vault.azure.net', resource: 'https://vault.azure.net' });
    expect(await failure(callWithRetries(readVmCall(ARM, VM, token), tokenContext()))).toContain(
      'HTTP 401, InvalidAuthenticationToken: wrong audience. The token was issued for https://vault.azure.net, but ARM at https://management.azure.com only accepts tokens for https://management.azure.com/.'
    );
  });

  it('explains a 401 for the right audience as an invalid token or another tenant', async () => {
    arm().reply(401, { error: { code: 'InvalidAuthenticationTokenTenant', message: 'wrong issuer' } });
    expect(await failure(callWithRetries(readVmCall(ARM, VM, armToken()), tokenContext()))).toContain(
      'check that the identity belongs to the tenant of the subscription'
    );
  });

  it('explains a 403 AuthorizationFailed with the object ID, the role and the scope', async () => {
    arm().reply(403, { error: { code: 'AuthorizationFailed', message: 'does not have authorization' } });
    const message = await failure(callWithRetries(readVmCall(ARM, VM, armToken()), tokenContext()));
    expect(message).toContain(
      `The identity (object ID ${IDS.objectId}) can get tokens but lacks Microsoft.Compute/virtualMachines/read on this VM`
    );
    expect(message).toContain(
      `az role assignment create --assignee-object-id ${IDS.objectId} --assignee-principal-type ServicePrincipal --role Reader --scope ${VM}`
    );
    expect(message).toContain('can take a few minutes to apply');
  });

  it('explains a 404 with the resource ID it asked for', async () => {
    arm().reply(404, { error: { code: 'ResourceNotFound', message: 'not found' } });
    expect(await failure(callWithRetries(readVmCall(ARM, VM, armToken()), tokenContext()))).toContain(
      `ARM has no resource ${VM}, the ID IMDS gave for this VM`
    );
  });

  it("passes on any other error in ARM's own words", async () => {
    arm().reply(409, { error: { code: 'OperationNotAllowed', message: 'The VM is being deleted.' } });
    expect(await failure(callWithRetries(readVmCall(ARM, VM, armToken()), tokenContext()))).toContain(
      "refused the request for the VM's record: HTTP 409, OperationNotAllowed: The VM is being deleted."
    );
  });

  it('goes to ARM through the runner proxy when one is set, with the ARM token bound to the ARM origin', () => {
    const call = readVmCall(ARM, VM, armToken());
    expect(call.viaRunnerProxy).toBe(true);
    expect(call.credential).toEqual({ name: 'the ARM token', origin: ARM });
    expect(call.url.origin).toBe(ARM);
  });
});
