import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { fakeJwt } from '../../__fixtures__/bodies.js';
import { temporaryFolder } from '../../__fixtures__/cleanup.js';
import { tokenContext } from '../../__fixtures__/context.js';
import { isolateNetwork } from '../../__fixtures__/nock.js';
import { workloadIdentityTokenEndpoint } from '../../src/sources/workload-identity.js';
import { requestToken } from '../../src/token/request.js';

isolateNetwork();

const TENANT = '00000000-0000-0000-0000-00000000aaaa';
const CLIENT = '00000000-0000-0000-0001-00000000000a';
let folder: string;
let tokenFile: string;
beforeEach(() => {
  folder = temporaryFolder('wi-');
  tokenFile = join(folder, 'azure-identity-token');
  writeFileSync(tokenFile, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczpzYS10b2tlbi1vbmUifQ.c2lnbmF0dXJl\n');
});

const env = () => ({ AZURE_FEDERATED_TOKEN_FILE: tokenFile, AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT });
const inputs = (overrides = {}) => ({
  resource: 'https://management.azure.com/',
  identity: undefined,
  endpoint: undefined,
  tenantId: undefined,
  ...overrides
});
/** Entra's token endpoint; `sent` collects each form it receives (nock 15 hangs on function replies to a POST, so the body matcher records it). */
const entra = (sent: Record<string, string>[] = [], host = 'https://login.microsoftonline.com', tenant = TENANT) =>
  nock(host).post(`/${tenant}/oauth2/v2.0/token`, (form: Record<string, string>) => (sent.push(form), true));
// Entra's v2 answer: a numeric expires_in, no expires_on, no resource.
const answer = (token: string) => ({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });

describe('the workload identity token request', () => {
  it('exchanges the federated token for an access token, masking both', async () => {
    const token = fakeJwt();
    const sent: Record<string, string>[] = [];
    const scope = entra(sent).matchHeader('content-type', 'application/x-www-form-urlencoded').reply(200, answer(token));
    const ctx = tokenContext({ env: env() });
    const result = await requestToken(workloadIdentityTokenEndpoint(inputs(), ctx), ctx);
    scope.done();
    expect(sent).toEqual([
      {
        grant_type: 'client_credentials',
        client_id: CLIENT,
        scope: 'https://management.azure.com/.default',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczpzYS10b2tlbi1vbmUifQ.c2lnbmF0dXJl'
      }
    ]);
    expect(ctx.masked).toEqual([
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczpzYS10b2tlbi1vbmUifQ.c2lnbmF0dXJl',
      token
    ]);
    expect(result).toMatchObject({
      source: 'workload-identity',
      resource: 'https://management.azure.com/',
      expiresOn: new Date(ctx.clock.now() + 3599_000)
    });
  });

  it('reads the token file again for every attempt, because it rotates', async () => {
    const sent: Record<string, string>[] = [];
    entra(sent).reply(503, { error: 'temporarily_unavailable' });
    entra(sent).reply(200, answer(fakeJwt()));
    const ctx = tokenContext({ env: env() });
    // The kubelet rotates the file while the action waits to retry.
    const sleep = ctx.clock.sleep;
    ctx.clock.sleep = async (ms) => (
      writeFileSync(tokenFile, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczpzYS10b2tlbi10d28ifQ.c2lnbmF0dXJl'),
      sleep(ms)
    );
    await requestToken(workloadIdentityTokenEndpoint(inputs(), ctx), ctx);
    expect(sent.map((form) => form['client_assertion'])).toEqual([
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczpzYS10b2tlbi1vbmUifQ.c2lnbmF0dXJl',
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczpzYS10b2tlbi10d28ifQ.c2lnbmF0dXJl'
    ]);
    expect(ctx.masked.slice(0, 2)).toEqual([
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczpzYS10b2tlbi1vbmUifQ.c2lnbmF0dXJl',
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczpzYS10b2tlbi10d28ifQ.c2lnbmF0dXJl'
    ]);
  });

  it('takes client-id, tenant-id and endpoint inputs over the environment, and AZURE_AUTHORITY_HOST over the default', async () => {
    const sent: Record<string, string>[] = [];
    const scope = entra(sent, 'https://login.microsoftonline.us', 'contoso.onmicrosoft.us').reply(200, answer(fakeJwt()));
    const ctx = tokenContext({ env: { ...env(), AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us' } });
    const other = '00000000-0000-0000-0001-00000000000b';
    await requestToken(
      workloadIdentityTokenEndpoint(
        inputs({ identity: { input: 'client-id', value: other }, tenantId: 'contoso.onmicrosoft.us', resource: 'https://vault.azure.net' }),
        ctx
      ),
      ctx
    );
    scope.done();
    expect(sent[0]).toMatchObject({ client_id: other, scope: 'https://vault.azure.net/.default' });
    expect(workloadIdentityTokenEndpoint(inputs({ endpoint: 'https://127.0.0.1:8443' }), ctx).url.href).toBe(
      `https://127.0.0.1:8443/${TENANT}/oauth2/v2.0/token`
    );
  });

  it('says what is missing and how AKS provides it', () => {
    expect(() => workloadIdentityTokenEndpoint(inputs(), tokenContext({ env: { AZURE_FEDERATED_TOKEN_FILE: tokenFile } }))).toThrow(
      "Workload identity needs a client ID (input 'client-id' or AZURE_CLIENT_ID), a tenant (input 'tenant-id' or AZURE_TENANT_ID). AKS sets"
    );
  });

  it('says when the token file cannot be read', async () => {
    const ctx = tokenContext({ env: { ...env(), AZURE_FEDERATED_TOKEN_FILE: join(folder, 'gone') } });
    await expect(requestToken(workloadIdentityTokenEndpoint(inputs(), ctx), ctx)).rejects.toThrow('cannot be read (ENOENT)');
  });

  it('explains a missing federated credential', async () => {
    entra().reply(400, {
      error: 'invalid_client',
      error_description: 'AADSTS70021: No matching federated identity record found for presented assertion.'
    });
    const ctx = tokenContext({ env: env() });
    await expect(requestToken(workloadIdentityTokenEndpoint(inputs(), ctx), ctx)).rejects.toThrow(
      `The identity ${CLIENT} has no federated credential matching this pod's service account token`
    );
  });

  it('refuses to send the federated token over plain HTTP', () => {
    expect(() => workloadIdentityTokenEndpoint(inputs({ endpoint: 'http://login.example.test' }), tokenContext({ env: env() }))).toThrow(
      'is plain http:// to login.example.test, which is not this machine'
    );
  });

  it('goes to Entra ID through the runner proxy when one is set, the federated token bound to the authority', () => {
    const endpoint = workloadIdentityTokenEndpoint(inputs(), tokenContext({ env: env() }));
    expect(endpoint.viaRunnerProxy).toBe(true);
    expect(endpoint.credential?.origin).toBe(new URL(endpoint.url).origin);
  });
});
