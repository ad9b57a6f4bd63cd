import nock from 'nock';
import { fakeJwt, IDS, IMDS_ERRORS, imdsTokenBody } from '../../__fixtures__/bodies.js';
import { tokenContext } from '../../__fixtures__/context.js';
import { isolateNetwork } from '../../__fixtures__/nock.js';
import { ARM_RESOURCE, VM_EXTENSION } from '../../__fixtures__/vm.js';
import { vmExtensionTokenEndpoint } from '../../src/sources/vm-extension.js';
import { requestToken } from '../../src/token/request.js';

isolateNetwork();

describe('the VM extension token request', () => {
  it('asks localhost:50342/oauth2/token with Metadata: true and no api-version', async () => {
    const scope = nock(VM_EXTENSION)
      .get('/oauth2/token')
      .query({ resource: ARM_RESOURCE })
      .matchHeader('metadata', 'true')
      .reply(200, imdsTokenBody(fakeJwt()));
    const result = await requestToken(
      vmExtensionTokenEndpoint({ resource: ARM_RESOURCE, identity: undefined, endpoint: undefined }),
      tokenContext()
    );
    scope.done();
    expect(result).toMatchObject({ source: 'vm-extension', endpoint: `${VM_EXTENSION}/oauth2/token` });
  });

  it.each([
    [{ input: 'client-id', value: IDS.clientId }, { client_id: IDS.clientId }],
    [{ input: 'object-id', value: IDS.objectId }, { object_id: IDS.objectId }]
  ] as const)('selects a user-assigned identity by %o', async (identity, parameter) => {
    const scope = nock(VM_EXTENSION)
      .get('/oauth2/token')
      .query({ resource: ARM_RESOURCE, ...parameter })
      .reply(200, imdsTokenBody(fakeJwt()));
    await requestToken(vmExtensionTokenEndpoint({ resource: ARM_RESOURCE, identity, endpoint: undefined }), tokenContext());
    scope.done();
  });

  it('uses a non-default port from the endpoint input', async () => {
    const scope = nock('http://localhost:50343').get('/oauth2/token').query(true).reply(200, imdsTokenBody(fakeJwt()));
    await requestToken(
      vmExtensionTokenEndpoint({ resource: ARM_RESOURCE, identity: undefined, endpoint: 'http://localhost:50343' }),
      tokenContext()
    );
    scope.done();
  });

  it('cannot select an identity by resource ID', () => {
    expect(() =>
      vmExtensionTokenEndpoint({
        resource: ARM_RESOURCE,
        identity: { input: 'identity-resource-id', value: IDS.resourceId },
        endpoint: undefined
      })
    ).toThrow(
      "Input 'identity-resource-id' cannot be used with source 'vm-extension': the legacy VM extension only knows 'client-id' and 'object-id'."
    );
  });

  it('explains its refusals like IMDS does', async () => {
    nock(VM_EXTENSION).get('/oauth2/token').query(true).reply(400, IMDS_ERRORS.identityNotFound);
    await expect(
      requestToken(
        vmExtensionTokenEndpoint({ resource: ARM_RESOURCE, identity: { input: 'object-id', value: IDS.objectId }, endpoint: undefined }),
        tokenContext()
      )
    ).rejects.toThrow(
      `The VM extension (${VM_EXTENSION}/oauth2/token) refused the token request: HTTP 400, invalid_request: Identity not found. The identity with object-id ${IDS.objectId} is probably not assigned to this VM`
    );
  });
});
