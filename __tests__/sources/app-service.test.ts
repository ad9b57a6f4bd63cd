import nock from 'nock';
import { fakeJwt, IDS } from '../../__fixtures__/bodies.js';
import { tokenContext } from '../../__fixtures__/context.js';
import { isolateNetwork } from '../../__fixtures__/nock.js';
import { appServiceTokenEndpoint } from '../../src/sources/app-service.js';
import { requestToken } from '../../src/token/request.js';

isolateNetwork();

const ENDPOINT = 'http://localhost:42356/msi/token';
const HEADER = 'b2f9c1e4-7d5a-4f63-9e0c-3a8d2c6b1f70';
const env = { IDENTITY_ENDPOINT: ENDPOINT, IDENTITY_HEADER: HEADER };
const inputs = (overrides = {}) => ({ resource: 'https://vault.azure.net', identity: undefined, endpoint: undefined, ...overrides });
// App Service sends expires_on (epoch seconds, a string) and no expires_in.
const answer = (token: string) => ({
  access_token: token,
  expires_on: '1795348800',
  resource: 'https://vault.azure.net',
  token_type: 'Bearer',
  client_id: IDS.clientId
});

describe('the App Service / Container Apps token request', () => {
  it('GETs IDENTITY_ENDPOINT with api-version 2019-08-01 and X-IDENTITY-HEADER, masking the header first', async () => {
    const token = fakeJwt();
    const scope = nock('http://localhost:42356')
      .get('/msi/token')
      .query({ resource: 'https://vault.azure.net', 'api-version': '2019-08-01' })
      .matchHeader('x-identity-header', HEADER)
      .reply(200, answer(token));
    const ctx = tokenContext({ env });
    const result = await requestToken(appServiceTokenEndpoint(inputs(), ctx), ctx);
    scope.done();
    expect(ctx.masked).toEqual([HEADER, token]);
    expect(result).toMatchObject({ source: 'app-service', expiresOn: new Date('2026-11-22T12:00:00Z'), clientId: IDS.clientId });
  });

  it.each([
    [{ input: 'client-id', value: IDS.clientId }, { client_id: IDS.clientId }],
    [{ input: 'object-id', value: IDS.objectId }, { principal_id: IDS.objectId }],
    [{ input: 'identity-resource-id', value: IDS.resourceId }, { mi_res_id: IDS.resourceId }]
  ] as const)('selects a user-assigned identity by %o', async (identity, parameter) => {
    const scope = nock('http://localhost:42356')
      .get('/msi/token')
      .query({ resource: 'https://vault.azure.net', 'api-version': '2019-08-01', ...parameter })
      .reply(200, answer(fakeJwt()));
    const ctx = tokenContext({ env });
    await requestToken(appServiceTokenEndpoint(inputs({ identity }), ctx), ctx);
    scope.done();
  });

  it('takes the endpoint input over IDENTITY_ENDPOINT', () => {
    const ctx = tokenContext({ env });
    expect(appServiceTokenEndpoint(inputs({ endpoint: 'http://127.0.0.1:9999/msi/token' }), ctx).url.origin).toBe('http://127.0.0.1:9999');
  });

  it.each([
    [{ IDENTITY_ENDPOINT: ENDPOINT }, 'this runner has no IDENTITY_HEADER'],
    [{ IDENTITY_HEADER: HEADER }, 'this runner has no IDENTITY_ENDPOINT']
  ])('says what is missing from %o', (partial, expected) => {
    expect(() => appServiceTokenEndpoint(inputs(), tokenContext({ env: partial }))).toThrow(expected);
  });

  it("explains an identity the app does not have, in the platform's own words", async () => {
    nock('http://localhost:42356').get('/msi/token').query(true).reply(400, {
      statusCode: 400,
      message: 'No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.',
      correlationId: '7d0c9763-ff1d-4842-a3f3-6d49e64f4513'
    });
    const ctx = tokenContext({ env });
    await expect(
      requestToken(appServiceTokenEndpoint(inputs({ identity: { input: 'client-id', value: IDS.clientId } }), ctx), ctx)
    ).rejects.toThrow(
      `HTTP 400, No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId. (correlation ID 7d0c9763-ff1d-4842-a3f3-6d49e64f4513). The identity with client-id ${IDS.clientId} is probably not assigned to this app or job`
    );
  });

  it('explains a refused X-IDENTITY-HEADER without printing it', async () => {
    nock('http://localhost:42356').get('/msi/token').query(true).reply(401, { statusCode: 401, message: 'Unauthorized.' });
    const ctx = tokenContext({ env });
    const failure = requestToken(appServiceTokenEndpoint(inputs(), ctx), ctx);
    await expect(failure).rejects.toThrow('The platform rotates it');
    await expect(failure).rejects.not.toThrow(HEADER);
  });
});
