import { fakeJwt, IDS } from '../../__fixtures__/bodies.js';
import { readClaims } from '../../src/token/claims.js';

describe('readClaims', () => {
  it('reads the identity claims of a v1 managed identity token', () => {
    expect(readClaims(fakeJwt())).toEqual({
      clientId: IDS.clientId,
      objectId: IDS.objectId,
      tenantId: IDS.tenantId,
      identityResourceId: IDS.resourceId,
      audience: 'https://management.azure.com/'
    });
  });

  it('takes the client ID from azp in a v2 token', () => {
    expect(readClaims(fakeJwt({ appid: undefined, azp: 'v2-client', aud: ['a', 'b'] }))).toMatchObject({
      clientId: 'v2-client',
      audience: 'a b'
    });
  });

  it.each([
    ['an opaque token', 'not-a-jwt'],
    ['a payload that is not base64 JSON', 'x.!!!.y'],
    ['a payload that is JSON but not an object', `x.${Buffer.from('42').toString('base64url')}.y`]
  ])('returns no claims for %s', (_, token) => {
    expect(readClaims(token)).toEqual({});
  });

  it('ignores claims that are not strings', () => {
    const claims = readClaims(fakeJwt({ oid: 5, tid: '', appid: null }));
    expect(claims.objectId).toBeUndefined();
    expect(claims.tenantId).toBeUndefined();
    expect(claims.clientId).toBeUndefined();
  });
});
