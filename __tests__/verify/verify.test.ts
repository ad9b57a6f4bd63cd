import nock from 'nock';
import { fakeJwt, IDS, imdsTokenBody } from '../../__fixtures__/bodies.js';
import { tokenContext } from '../../__fixtures__/context.js';
import { isolateNetwork } from '../../__fixtures__/nock.js';
import { ARM, compute, IMDS, IMDS_METADATA_PATH, IMDS_TOKEN_PATH, RUNNER_VM, VM, vmRecord } from '../../__fixtures__/vm.js';
import { COMPUTE_API_VERSION } from '../../src/verify/arm.js';
import { readInputs } from '../../src/inputs.js';
import { getToken } from '../../src/sources/choose.js';
import { verifyOnArm } from '../../src/verify/verify.js';

isolateNetwork();

const metadata = (body: object = compute()) =>
  nock(IMDS).get(IMDS_METADATA_PATH).query({ 'api-version': '2021-02-01' }).matchHeader('metadata', 'true').reply(200, body);

async function tokenFor(resource: string, inputs: Record<string, string> = {}) {
  const parsed = readInputs((name) => ({ resource, ...inputs })[name] ?? '');
  const token = fakeJwt({ aud: resource });
  nock(IMDS).get(IMDS_TOKEN_PATH).query(true).reply(200, imdsTokenBody(token, { resource }));
  const ctx = tokenContext();
  return { inputs: parsed, ctx, token: await getToken(parsed, ctx) };
}

describe('verifyOnArm', () => {
  it('reads the VM with the token itself when the token is for ARM', async () => {
    const { inputs, ctx, token } = await tokenFor('https://management.azure.com/', { verify: 'true' });
    metadata();
    const arm = nock(ARM)
      .get(VM)
      .query({ 'api-version': COMPUTE_API_VERSION })
      .matchHeader('authorization', `Bearer ${token.token}`)
      .reply(200, vmRecord);
    const verified = await verifyOnArm(inputs, token, ctx);
    arm.done();
    expect(verified).toMatchObject({
      arm: 'https://management.azure.com',
      vm: { name: RUNNER_VM.name, vmId: RUNNER_VM.vmId },
      metadata: { location: RUNNER_VM.location }
    });
    expect(ctx.masked).toEqual([token.token]);
  });

  it("gets a separate ARM token from the same source and identity for any other resource, and never sends the user's token to ARM", async () => {
    const { inputs, ctx, token } = await tokenFor('https://vault.azure.net', { verify: 'true', 'client-id': IDS.clientId });
    metadata();
    const armToken = fakeJwt();
    const armTokenRequest = nock(IMDS)
      .get(IMDS_TOKEN_PATH)
      .query({ 'api-version': '2018-02-01', resource: 'https://management.azure.com/', client_id: IDS.clientId })
      .reply(200, imdsTokenBody(armToken));
    const arm = nock(ARM, { badheaders: [] })
      .get(VM)
      .query(true)
      .matchHeader('authorization', (value) => value === `Bearer ${armToken}` && !value.includes(token.token))
      .reply(200, vmRecord);
    await verifyOnArm(inputs, token, ctx);
    armTokenRequest.done();
    arm.done();
    expect(ctx.masked).toEqual([token.token, armToken]);
    expect(ctx.lines).toContainEqual({
      level: 'info',
      message:
        'The token is for https://vault.azure.net; getting a separate token for https://management.azure.com/ to verify with (it is not handed over).'
    });
  });

  it("uses the Resource Manager of the VM's cloud", async () => {
    const { inputs, ctx, token } = await tokenFor('https://management.usgovcloudapi.net/', { verify: 'true' });
    metadata(compute('AzureUSGovernmentCloud'));
    const arm = nock('https://management.usgovcloudapi.net').get(VM).query(true).reply(200, vmRecord);
    await expect(verifyOnArm(inputs, token, ctx)).resolves.toMatchObject({ arm: 'https://management.usgovcloudapi.net' });
    arm.done();
  });

  it('stops before ARM when the cloud is unknown', async () => {
    const { inputs, ctx, token } = await tokenFor('https://management.azure.com/', { verify: 'true' });
    metadata(compute('AzureStack'));
    await expect(verifyOnArm(inputs, token, ctx)).rejects.toThrow("the cloud 'AzureStack'");
  });

  it('explains instance metadata that lacks what it needs', async () => {
    const { inputs, ctx, token } = await tokenFor('https://management.azure.com/', { verify: 'true' });
    metadata({ ...compute(), resourceId: '', azEnvironment: undefined });
    await expect(verifyOnArm(inputs, token, ctx)).rejects.toThrow(
      `IMDS (${IMDS}/metadata/instance/compute) answered HTTP 200, but its instance metadata lacks resourceId, azEnvironment.`
    );
  });
});
