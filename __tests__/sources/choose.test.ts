import nock from 'nock';
import { fakeJwt, IDS, imdsTokenBody } from '../../__fixtures__/bodies.js';
import { tokenContext } from '../../__fixtures__/context.js';
import { isolateNetwork, refused } from '../../__fixtures__/nock.js';
import { ARM_RESOURCE, IMDS, IMDS_TOKEN_PATH, VM_EXTENSION } from '../../__fixtures__/vm.js';
import { ActionError } from '../../src/text/errors.js';
import type { Inputs } from '../../src/inputs.js';
import { detectSource, getToken, NOT_AN_AZURE_VM_HINT } from '../../src/sources/choose.js';
import { DEPRECATION_WARNING } from '../../src/sources/vm-extension.js';

isolateNetwork();

const imds = () => nock(IMDS).get(IMDS_TOKEN_PATH).query(true);
const extension = () => nock(VM_EXTENSION).get('/oauth2/token').query(true);
const inputs = (overrides: Partial<Inputs> = {}) =>
  ({
    source: 'auto',
    resource: ARM_RESOURCE,
    identity: undefined,
    endpoint: undefined,
    tenantId: undefined,
    ...overrides
  }) as const;
const warnings = (ctx: ReturnType<typeof tokenContext>) => ctx.lines.filter((l) => l.level === 'warning').map((l) => l.message);

describe('getToken', () => {
  describe("source 'auto'", () => {
    it('uses IMDS with one request and no probe, when IMDS answers', async () => {
      const imdsScope = imds().reply(200, imdsTokenBody(fakeJwt()));
      const extensionScope = extension().reply(200, imdsTokenBody(fakeJwt()));
      const ctx = tokenContext();
      await expect(getToken(inputs(), ctx)).resolves.toMatchObject({ source: 'imds' });
      imdsScope.done();
      expect(extensionScope.isDone()).toBe(false);
      expect(warnings(ctx)).toEqual([]);
    });

    it('retries IMDS rather than falling back once IMDS has answered at all', async () => {
      imds().reply(500, { error: 'server_error' });
      imds().reply(200, imdsTokenBody(fakeJwt()));
      const extensionScope = extension().reply(200, imdsTokenBody(fakeJwt()));
      await expect(getToken(inputs(), tokenContext())).resolves.toMatchObject({ source: 'imds' });
      expect(extensionScope.isDone()).toBe(false);
    });

    it('falls back to the VM extension when IMDS cannot be connected to, and warns that it is deprecated', async () => {
      imds().replyWithError(refused('169.254.169.254:80'));
      const extensionScope = nock(VM_EXTENSION)
        .get('/oauth2/token')
        .query({ resource: ARM_RESOURCE, client_id: IDS.clientId })
        .reply(200, imdsTokenBody(fakeJwt()));
      const ctx = tokenContext();
      await expect(getToken(inputs({ identity: { input: 'client-id', value: IDS.clientId } }), ctx)).resolves.toMatchObject({
        source: 'vm-extension'
      });
      extensionScope.done();
      expect(ctx.lines).toContainEqual({
        level: 'info',
        message: `IMDS (${IMDS}${IMDS_TOKEN_PATH}): connection refused; trying the legacy VM extension.`
      });
      expect(warnings(ctx)).toEqual([DEPRECATION_WARNING]);
    });

    it('says so when neither IMDS nor the VM extension answers', async () => {
      imds().replyWithError(Object.assign(new Error('connect EHOSTUNREACH'), { code: 'EHOSTUNREACH' }));
      extension().replyWithError(refused('127.0.0.1:50342'));
      const failure = getToken(inputs(), tokenContext());
      await expect(failure).rejects.toThrow(ActionError);
      await expect(failure).rejects.toThrow(
        `No managed identity endpoint answered: IMDS (${IMDS}${IMDS_TOKEN_PATH}): no route to the host (EHOSTUNREACH); ` +
          `the VM extension (${VM_EXTENSION}/oauth2/token): connection refused. ${NOT_AN_AZURE_VM_HINT}`
      );
    });

    it('does not fall back when the identity is chosen by resource ID, which the extension cannot do', async () => {
      imds().replyWithError(refused('169.254.169.254:80'));
      const extensionScope = extension().reply(200, imdsTokenBody(fakeJwt()));
      await expect(
        getToken(inputs({ identity: { input: 'identity-resource-id', value: IDS.resourceId } }), tokenContext())
      ).rejects.toThrow("and the legacy VM extension cannot select an identity by 'identity-resource-id'");
      expect(extensionScope.isDone()).toBe(false);
    });

    it('passes on what the extension refuses, still warning that it is deprecated', async () => {
      imds().replyWithError(refused('169.254.169.254:80'));
      extension().reply(400, { error: 'invalid_request', error_description: 'Identity not found' });
      const ctx = tokenContext();
      await expect(getToken(inputs(), ctx)).rejects.toThrow(
        'The VM extension (http://localhost:50342/oauth2/token) refused the token request: HTTP 400'
      );
      expect(warnings(ctx)).toEqual([DEPRECATION_WARNING]);
    });

    it('with an endpoint input, asks only that endpoint and keeps retrying it', async () => {
      nock('http://127.0.0.1:9').get(IMDS_TOKEN_PATH).query(true).replyWithError(refused('127.0.0.1:9'));
      nock('http://127.0.0.1:9').get(IMDS_TOKEN_PATH).query(true).reply(200, imdsTokenBody(fakeJwt()));
      const extensionScope = extension().reply(200, imdsTokenBody(fakeJwt()));
      await expect(getToken(inputs({ endpoint: 'http://127.0.0.1:9' }), tokenContext())).resolves.toMatchObject({ source: 'imds' });
      expect(extensionScope.isDone()).toBe(false);
    });
  });

  it("source 'imds' retries a refused connection instead of falling back", async () => {
    imds().replyWithError(refused('169.254.169.254:80'));
    imds().reply(200, imdsTokenBody(fakeJwt()));
    const extensionScope = extension().reply(200, imdsTokenBody(fakeJwt()));
    await expect(getToken(inputs({ source: 'imds' }), tokenContext())).resolves.toMatchObject({ source: 'imds' });
    expect(extensionScope.isDone()).toBe(false);
  });

  it("source 'vm-extension' asks only the extension, warning that it is deprecated", async () => {
    const imdsScope = imds().reply(200, imdsTokenBody(fakeJwt()));
    extension().reply(200, imdsTokenBody(fakeJwt()));
    const ctx = tokenContext();
    await expect(getToken(inputs({ source: 'vm-extension' }), ctx)).resolves.toMatchObject({ source: 'vm-extension' });
    expect(imdsScope.isDone()).toBe(false);
    expect(warnings(ctx)).toEqual([DEPRECATION_WARNING]);
  });

  describe('auto-detection', () => {
    it.each([
      [{ AZURE_FEDERATED_TOKEN_FILE: '/t', IDENTITY_ENDPOINT: 'http://x', IDENTITY_HEADER: 'h' }, 'workload-identity'],
      [{ IDENTITY_ENDPOINT: 'http://x', IDENTITY_HEADER: 'h', IMDS_ENDPOINT: 'http://y' }, 'app-service'],
      [{ IDENTITY_ENDPOINT: 'http://x', IMDS_ENDPOINT: 'http://y' }, 'arc'],
      [{ IDENTITY_ENDPOINT: 'http://x' }, undefined],
      [{}, undefined]
    ])('with %o picks %s, most specific first', (env, source) => {
      expect(detectSource({ env, platform: 'linux' })?.source).toBe(source);
    });

    it('says which source it picked and why, then asks it', async () => {
      const header = 'h-0f3c';
      nock('http://localhost:42356')
        .get('/msi/token')
        .query(true)
        .matchHeader('x-identity-header', header)
        .reply(200, { access_token: fakeJwt(), expires_on: '1795348800', token_type: 'Bearer' });
      const imdsScope = imds().reply(200, imdsTokenBody(fakeJwt()));
      const ctx = tokenContext({ env: { IDENTITY_ENDPOINT: 'http://localhost:42356/msi/token', IDENTITY_HEADER: header } });
      await expect(getToken(inputs(), ctx)).resolves.toMatchObject({ source: 'app-service' });
      expect(imdsScope.isDone()).toBe(false);
      expect(ctx.lines).toContainEqual({
        level: 'info',
        message: 'Source: app-service, because IDENTITY_ENDPOINT and IDENTITY_HEADER are set (Container Apps, App Service or Functions).'
      });
    });

    it('refuses a selector the detected source cannot honour, before any request', async () => {
      const ctx = tokenContext({
        env: { IDENTITY_ENDPOINT: 'http://localhost:40342/metadata/identity/oauth2/token', IMDS_ENDPOINT: 'http://localhost:40342' }
      });
      await expect(getToken(inputs({ identity: { input: 'object-id', value: IDS.objectId } }), ctx)).rejects.toThrow(
        "Input 'object-id' cannot be used with source 'arc'"
      );
    });
  });
});
