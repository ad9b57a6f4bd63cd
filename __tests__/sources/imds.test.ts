import nock from 'nock';
import { fakeJwt, IDS, IMDS_ERRORS, imdsTokenBody, PROXY_ERROR_PAGE } from '../../__fixtures__/bodies.js';
import { tokenContext } from '../../__fixtures__/context.js';
import { isolateNetwork } from '../../__fixtures__/nock.js';
import { actionError } from '../../__fixtures__/failures.js';
import { ARM_RESOURCE, IMDS, IMDS_TOKEN_PATH } from '../../__fixtures__/vm.js';
import type { IdentitySelector } from '../../src/sources/table.js';
import { imdsTokenEndpoint } from '../../src/sources/imds.js';
import { requestToken } from '../../src/token/request.js';

isolateNetwork();

const WHERE = `IMDS (${IMDS}${IMDS_TOKEN_PATH})`;

const endpoint = (identity?: IdentitySelector, resource = ARM_RESOURCE, base?: string) =>
  imdsTokenEndpoint({ resource, identity, endpoint: base });
const imds = () => nock(IMDS).get(IMDS_TOKEN_PATH).query(true);

const refusal = actionError;

describe('the IMDS token request', () => {
  it('asks IMDS for the resource with Metadata: true and api-version 2018-02-01', async () => {
    const token = fakeJwt();
    const scope = nock(IMDS, { badheaders: ['x-forwarded-for'] })
      .get(IMDS_TOKEN_PATH)
      .query({ 'api-version': '2018-02-01', resource: 'https://vault.azure.net' })
      .matchHeader('metadata', 'true')
      .reply(200, imdsTokenBody(token, { resource: 'https://vault.azure.net' }));
    const ctx = tokenContext();
    const result = await requestToken(endpoint(undefined, 'https://vault.azure.net'), ctx);
    scope.done();
    expect(result).toEqual({
      token,
      expiresOn: new Date('2026-11-22T12:00:00Z'),
      tokenType: 'Bearer',
      resource: 'https://vault.azure.net',
      clientId: IDS.clientId,
      objectId: IDS.objectId,
      tenantId: IDS.tenantId,
      identityResourceId: IDS.resourceId,
      audience: 'https://management.azure.com/',
      source: 'imds',
      endpoint: `${IMDS}${IMDS_TOKEN_PATH}`
    });
    expect(ctx.masked).toEqual([token]);
  });

  it.each([
    [{ input: 'client-id', value: IDS.clientId }, { client_id: IDS.clientId }],
    [{ input: 'object-id', value: IDS.objectId }, { object_id: IDS.objectId }],
    [{ input: 'identity-resource-id', value: IDS.resourceId }, { msi_res_id: IDS.resourceId }]
  ] as const)('selects a user-assigned identity by %o', async (identity, parameter) => {
    const scope = nock(IMDS)
      .get(IMDS_TOKEN_PATH)
      .query({ 'api-version': '2018-02-01', resource: ARM_RESOURCE, ...parameter })
      .reply(200, imdsTokenBody(fakeJwt()));
    await requestToken(endpoint(identity), tokenContext());
    scope.done();
  });

  it('uses the endpoint input as the base URL', async () => {
    const scope = nock('http://127.0.0.1:8099').get(IMDS_TOKEN_PATH).query(true).reply(200, imdsTokenBody(fakeJwt()));
    const result = await requestToken(endpoint(undefined, ARM_RESOURCE, 'http://127.0.0.1:8099'), tokenContext());
    scope.done();
    expect(result.endpoint).toBe(`http://127.0.0.1:8099${IMDS_TOKEN_PATH}`);
  });

  it('falls back to the token claims for IDs the answer does not echo, and to the asked resource', async () => {
    const token = fakeJwt({ appid: 'claim-client' });
    imds().reply(200, imdsTokenBody(token, { client_id: undefined, resource: undefined }));
    const result = await requestToken(endpoint(), tokenContext());
    expect(result).toMatchObject({ clientId: 'claim-client', resource: ARM_RESOURCE });
  });

  describe('retries', () => {
    it.each([404, 408, 410, 429, 500, 502, 503, 504])('HTTP %i, then succeeds', async (status) => {
      imds().reply(status, { error: 'x', error_description: `temporary ${status}` });
      imds().reply(200, imdsTokenBody(fakeJwt()));
      const ctx = tokenContext();
      await expect(requestToken(endpoint(), ctx)).resolves.toMatchObject({ source: 'imds' });
      expect(ctx.lines.filter((l) => l.level === 'info').map((l) => l.message)).toEqual([
        `HTTP ${status} (x: temporary ${status}); retrying in 1.0 s (attempt 2).`
      ]);
    });

    it("honours 429's Retry-After", async () => {
      imds().reply(429, IMDS_ERRORS.identityNotFound, { 'Retry-After': '7' });
      imds().reply(200, imdsTokenBody(fakeJwt()));
      const ctx = tokenContext();
      await requestToken(endpoint(), ctx);
      expect(ctx.clock.sleeps[0]).toBeGreaterThanOrEqual(7000);
    });

    it('a refused connection and an attempt that times out', async () => {
      imds().replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      imds().delay(2000).reply(200, imdsTokenBody(fakeJwt()));
      imds().reply(200, imdsTokenBody(fakeJwt()));
      const ctx = tokenContext();
      await expect(requestToken(endpoint(), ctx, { attemptTimeoutMs: 200 })).resolves.toMatchObject({ source: 'imds' });
      expect(ctx.lines.filter((l) => l.level === 'info').map((l) => l.message)).toEqual([
        'connection refused; retrying in 1.0 s (attempt 2).',
        'no complete answer within 0.2 s; retrying in 1.5 s (attempt 3).'
      ]);
    });

    it("rides out IMDS's 70-second 410 window within the default timeout", async () => {
      const ctx = tokenContext({ random: 0.999 });
      const recovers = ctx.clock.now() + 70_000;
      let attempts = 0;
      imds()
        .times(100)
        .reply(() => {
          attempts++;
          return ctx.clock.now() < recovers ? [410, IMDS_ERRORS.identityNotFound] : [200, imdsTokenBody(fakeJwt())];
        });
      await expect(requestToken(endpoint(), ctx)).resolves.toMatchObject({ source: 'imds' });
      expect(attempts).toBeGreaterThan(5);
      expect(attempts).toBeLessThan(20);
    });

    it('times out naming the endpoint, the attempts and the last status', async () => {
      imds().times(100).reply(503, { error: 'service_unavailable', error_description: 'busy' });
      const message = await refusal(requestToken(endpoint(), tokenContext({ timeoutSeconds: 20 })));
      expect(message).toMatch(
        new RegExp(
          `^Timed out getting a token from IMDS \\(http://169\\.254\\.169\\.254${IMDS_TOKEN_PATH}\\) after \\d+ attempts in [\\d.]+ s \\(timeout-seconds: 20\\)\\. Last failure: HTTP 503 \\(service_unavailable: busy\\)\\.$`
        )
      );
    });

    it('times out a hung endpoint after the time it was given', async () => {
      imds().delay(3000).reply(200, imdsTokenBody(fakeJwt()));
      const message = await refusal(requestToken(endpoint(), tokenContext({ timeoutSeconds: 0.3 })));
      expect(message).toContain(`Timed out getting a token from ${WHERE} after 1 attempt`);
      expect(message).toContain('Last failure: no complete answer within 0.3 s.');
    });
  });

  describe('refusals', () => {
    it.each([
      [
        'an unassigned identity asked for by client ID',
        { input: 'client-id', value: IDS.clientId } as const,
        400,
        IMDS_ERRORS.identityNotFound,
        `${WHERE} refused the token request: HTTP 400, invalid_request: Identity not found. The identity with client-id ${IDS.clientId} is probably not assigned to this VM`
      ],
      [
        'no system-assigned identity',
        undefined,
        400,
        IMDS_ERRORS.identityNotFound,
        'This VM has no system-assigned managed identity: turn it on (Azure portal → the VM → Identity → System assigned)'
      ],
      [
        'several user-assigned identities',
        undefined,
        400,
        IMDS_ERRORS.multipleIdentities,
        "several user-assigned identities and no system-assigned one, so it cannot choose: set 'client-id', 'object-id' or 'identity-resource-id'"
      ],
      [
        'an unknown resource',
        undefined,
        400,
        IMDS_ERRORS.unknownResource,
        "Microsoft Entra ID knows no resource 'https://management.azure.com/' in this tenant"
      ],
      [
        'a stripped Metadata header',
        undefined,
        400,
        IMDS_ERRORS.missingMetadataHeader,
        'The action sends Metadata: true and no X-Forwarded-For, so a header was changed on the way. Something other than the managed identity endpoint answered, most likely a proxy.'
      ],
      [
        'a proxy error page',
        undefined,
        403,
        PROXY_ERROR_PAGE,
        'could not be retrieved". Something other than the managed identity endpoint answered, most likely a proxy.'
      ],
      [
        'a proxy asking for credentials',
        undefined,
        407,
        '',
        'HTTP 407, no error details. Something other than the managed identity endpoint answered'
      ],
      [
        'an unexplained request error',
        undefined,
        401,
        { error: 'unauthorized_client', error_description: 'nope' },
        'A 401 is a request error, so it was not retried'
      ]
    ])('explains %s, without retrying', async (_, identity, status, body, expected) => {
      const scope = imds().reply(status, typeof body === 'string' ? body : JSON.stringify(body));
      const ctx = tokenContext();
      expect(await refusal(requestToken(endpoint(identity), ctx))).toContain(expected);
      scope.done();
      expect(ctx.clock.sleeps).toEqual([]);
    });

    it('refuses to follow a redirect', async () => {
      imds().reply(307, '', { Location: 'http://proxy.corp.example.test/login' });
      expect(await refusal(requestToken(endpoint(), tokenContext()))).toBe(
        `${WHERE} answered HTTP 307, a redirect to proxy.corp.example.test, which the action never follows. Something other than the managed identity endpoint answered, most likely a proxy. The action connects to it directly and ignores HTTP_PROXY/HTTPS_PROXY, so the interception happens on the network path (a transparent proxy, a firewall, or a container network): exempt the endpoint from it, because IMDS only answers requests sent directly from the VM.`
      );
    });

    it('refuses a 200 that is not JSON, without retrying or quoting it', async () => {
      imds().reply(200, PROXY_ERROR_PAGE);
      const message = await refusal(requestToken(endpoint(), tokenContext()));
      expect(message).toMatch(
        /^IMDS \(.*\) answered HTTP 200, but the body \(\d+ characters\) is an HTML page, not JSON, so it holds no token\. Something other/
      );
      expect(message).not.toContain('Squid');
    });

    it('refuses an oversized answer', async () => {
      imds().reply(200, 'x'.repeat(300 * 1024));
      expect(await refusal(requestToken(endpoint(), tokenContext()))).toContain(
        `${WHERE} answered HTTP 200 with an answer body larger than 256 KiB, more than any real answer. Something other than the managed identity endpoint answered`
      );
    });
  });
});
