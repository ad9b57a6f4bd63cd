import nock from 'nock';
import { accessToken, fakeJwt, IDS } from '../../__fixtures__/bodies.js';
import { tokenContext } from '../../__fixtures__/context.js';
import { actionError } from '../../__fixtures__/failures.js';
import { isolateNetwork } from '../../__fixtures__/nock.js';
import { callWithRetries } from '../../src/http/call.js';
import { proxyFor } from '../../src/http/proxy.js';
import { parseKeyVaultSecrets, type KeyVaultEntry } from '../../src/inputs/key-vault-secrets.js';
import { KEY_VAULT_API_VERSION, MAX_SECRET_BODY_BYTES, secretCall } from '../../src/keyvault/secret-call.js';
import type { AccessToken } from '../../src/types.js';

isolateNetwork();

const VAULT = 'https://kv1.vault.azure.net';
const VERSION = '0123456789abcdef0123456789abcdef';
const REQUEST_ID = '3f1b2c4d-0000-4000-8000-00000000abcd';
const VALUE = 'correct-horse-battery-staple-7';
const NOW_S = Date.UTC(2026, 10, 21, 12) / 1000;

const entry = (raw = 'kv1/db-password'): KeyVaultEntry => parseKeyVaultSecrets(raw)[0]!;
const vaultToken = (audience = 'https://vault.azure.net', overrides: Partial<AccessToken> = {}): AccessToken =>
  accessToken({ token: fakeJwt({ aud: audience }), resource: audience, audience, ...overrides });
const bundle = (overrides: Record<string, unknown> = {}) => ({
  value: VALUE,
  id: `${VAULT}/secrets/db-password/${VERSION}`,
  contentType: 'text/plain',
  attributes: {
    enabled: true,
    created: NOW_S - 86_400,
    updated: NOW_S - 86_400,
    recoveryLevel: 'Recoverable+Purgeable',
    recoverableDays: 90
  },
  tags: { owner: 'platform' },
  ...overrides
});
const get = (path = '/secrets/db-password', origin = VAULT) => nock(origin).get(path).query({ 'api-version': KEY_VAULT_API_VERSION });

/** A context that records the values masked (as main.ts's maskValue: the runner's mask and the action's own). */
function vaultContext(options: Parameters<typeof tokenContext>[0] = {}) {
  const ctx = tokenContext(options);
  const values: string[] = [];
  return { ...ctx, values, maskValue: (value: string) => void (values.push(value), ctx.secrets.addValue(value)) };
}
type VaultContext = ReturnType<typeof vaultContext>;

const read = (ctx: VaultContext = vaultContext(), which = entry(), token = vaultToken()) =>
  callWithRetries(secretCall(which, token, ctx.maskValue), ctx);
const failure = (ctx: VaultContext = vaultContext(), which = entry(), token = vaultToken()) => actionError(read(ctx, which, token));
const vaultError = (code: string, message: string, inner?: string) => ({
  error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) }
});
const ids = { 'x-ms-request-id': REQUEST_ID, 'x-ms-keyvault-service-version': '1.9.2614.1' };

describe('the request', () => {
  it('GETs the secret with the pinned API version and the vault token on the first request', async () => {
    const token = vaultToken();
    const scope = get()
      .matchHeader('authorization', `Bearer ${token.token}`)
      .matchHeader('accept', 'application/json')
      .reply(200, bundle(), ids);
    const ctx = vaultContext();
    const secret = await read(ctx, entry(), token);
    scope.done();
    expect(secret).toMatchObject({
      value: VALUE,
      version: VERSION,
      contentType: 'text/plain',
      enabled: true,
      expires: undefined,
      notBefore: undefined
    });
    expect(ctx.values).toEqual([VALUE]);
    expect(KEY_VAULT_API_VERSION).toBe('7.6');
  });

  it('asks for a pinned version by its path', async () => {
    const scope = get(`/secrets/db-password/${VERSION}`).reply(200, bundle());
    await expect(read(vaultContext(), entry(`kv1/db-password/${VERSION}`))).resolves.toMatchObject({ version: VERSION });
    scope.done();
  });

  it.each([
    ['kv1/x', 'https://kv1.vault.azure.net/secrets/x?api-version=7.6', 'https://vault.azure.net'],
    [
      `https://gov-kv.vault.usgovcloudapi.net/secrets/x/${VERSION}`,
      `https://gov-kv.vault.usgovcloudapi.net/secrets/x/${VERSION}?api-version=7.6`,
      'https://vault.usgovcloudapi.net'
    ],
    ['https://cn-kv.vault.azure.cn/secrets/x', 'https://cn-kv.vault.azure.cn/secrets/x?api-version=7.6', 'https://vault.azure.cn']
  ])('%s: %s, a token for %s, which goes to that origin only, through the runner proxy', (raw, href, audience) => {
    const which = entry(raw);
    expect(which.audience).toBe(audience);
    const call = secretCall(which, vaultToken(audience), () => undefined);
    expect(call.url.href).toBe(href);
    expect(call.credential).toEqual({ name: `the token for ${audience}`, origin: new URL(href).origin });
    expect(call.viaRunnerProxy).toBe(true);
    expect(call.method ?? 'GET').toBe('GET');
    expect(call.maxBodyBytes).toBe(MAX_SECRET_BODY_BYTES);
  });

  it('refuses to send the token anywhere but the vault, before anything is sent', async () => {
    const call = {
      ...secretCall(entry(), vaultToken(), () => undefined),
      url: new URL('https://kv1.vault.azure.net.evil.example/secrets/x')
    };
    await expect(actionError(callWithRetries(call, vaultContext()))).resolves.toMatch(
      /^The action refused to send the token for https:\/\/vault\.azure\.net to https:\/\/kv1\.vault\.azure\.net\.evil\.example: it goes only to https:\/\/kv1\.vault\.azure\.net\./
    );
  });

  it.each([
    [{ HTTPS_PROXY: 'http://proxy.corp.example.test:3128' }, 'http://proxy.corp.example.test:3128'],
    [{ HTTPS_PROXY: 'http://proxy.corp.example.test:3128', NO_PROXY: '.vault.azure.net' }, undefined],
    [{ HTTPS_PROXY: 'http://proxy.corp.example.test:3128', NO_PROXY: 'localhost, .VAULT.AZURE.NET' }, undefined],
    [{ HTTPS_PROXY: 'http://proxy.corp.example.test:3128', no_proxy: 'vault.azure.net' }, undefined],
    [{ HTTPS_PROXY: 'http://proxy.corp.example.test:3128', NO_PROXY: 'kv1.vault.azure.net:443' }, undefined],
    [
      { HTTPS_PROXY: 'http://proxy.corp.example.test:3128', NO_PROXY: 'other.vault.azure.net,.vault.azure.cn' },
      'http://proxy.corp.example.test:3128'
    ],
    [{}, undefined]
  ])('follows HTTPS_PROXY and NO_PROXY (%p)', (env, proxy) => {
    expect(proxyFor(secretCall(entry(), vaultToken(), () => undefined).url, env)?.origin).toBe(proxy);
  });

  it('goes directly to a vault NO_PROXY lists by its domain suffix', async () => {
    const scope = get().reply(200, bundle());
    const ctx = vaultContext({ env: { HTTPS_PROXY: 'http://proxy.corp.example.test:3128', NO_PROXY: '.vault.azure.net' } });
    await read(ctx);
    scope.done();
    expect(ctx.lines).toContainEqual({ level: 'debug', message: `GET ${VAULT}/secrets/db-password?api-version=7.6` });
  });
});

describe('the answer', () => {
  it('masks the value before it checks anything else', async () => {
    get().reply(200, bundle({ id: `${VAULT}/secrets/another-secret/${VERSION}` }));
    const ctx = vaultContext();
    const message = await failure(ctx);
    expect(ctx.values).toEqual([VALUE]);
    expect(message).not.toContain(VALUE);
  });

  it.each([
    ['another secret', `${VAULT}/secrets/another-secret/${VERSION}`],
    ['another vault', `https://kv2.vault.azure.net/secrets/db-password/${VERSION}`],
    ['another cloud', `https://kv1.vault.azure.cn/secrets/db-password/${VERSION}`],
    ['a look-alike host', `https://kv1.vault.azure.net.evil.example/secrets/db-password/${VERSION}`],
    ['plain http', `http://kv1.vault.azure.net/secrets/db-password/${VERSION}`],
    ['a key', `${VAULT}/keys/db-password/${VERSION}`],
    ['a longer secret name', `${VAULT}/secrets/db-password-old/${VERSION}`],
    ['user info', `https://kv1.vault.azure.net@evil.example/secrets/db-password/${VERSION}`]
  ])('refuses an id for %s, showing it inert', async (_, id) => {
    get().reply(200, bundle({ id }));
    const message = await failure();
    expect(message).toBe(
      `The key vault kv1 (${VAULT}/secrets/db-password) answered HTTP 200 with a secret that names ${id}, not ${VAULT}/secrets/db-password: ` +
        'an answer for another secret is refused, and nothing was handed over. Something other than the vault may be answering (a proxy or a redirecting DNS name).'
    );
  });

  it('refuses an answer without an id', async () => {
    get().reply(200, { value: VALUE });
    await expect(failure()).resolves.toContain('answered HTTP 200 with a secret that has no id (missing), not');
  });

  it('refuses another version than the one pinned, and takes the same one in any case', async () => {
    const pinned = entry(`kv1/db-password/${VERSION}`);
    get(`/secrets/db-password/${VERSION}`).reply(200, bundle({ id: `${VAULT}/secrets/db-password/ffffffffffffffffffffffffffffffff` }));
    await expect(failure(vaultContext(), pinned)).resolves.toContain(
      `not ${VAULT}/secrets/db-password/${VERSION}: an answer for another secret is refused`
    );
    get(`/secrets/db-password/${VERSION}`).reply(
      200,
      bundle({ id: `https://KV1.Vault.Azure.NET/secrets/DB-Password/${VERSION.toUpperCase()}` })
    );
    await expect(read(vaultContext(), pinned)).resolves.toMatchObject({ version: VERSION });
  });

  it('takes an id without a version for the latest, and shows no version it cannot read', async () => {
    get().reply(200, bundle({ id: `${VAULT}/secrets/db-password` }));
    await expect(read()).resolves.toMatchObject({ version: '' });
    get().reply(200, bundle({ id: `${VAULT}/secrets/db-password/not-a-version` }));
    await expect(read()).resolves.toMatchObject({ version: '' });
  });

  it.each([
    ['a number', 42, 'a number'],
    ['an object', { nested: VALUE }, 'an object'],
    ['null', null, 'null'],
    ['missing', undefined, 'missing'],
    ['an array', [VALUE], 'an array']
  ])('refuses a value that is %s, and masks nothing', async (_, value, kind) => {
    get().reply(200, JSON.stringify({ ...bundle(), value }));
    const ctx = vaultContext();
    const message = await failure(ctx);
    expect(message).toBe(
      `The key vault kv1 (${VAULT}/secrets/db-password) answered HTTP 200, but its value is ${kind}, not a string: that is not a Key Vault secret, and nothing was handed over.`
    );
    expect(ctx.values).toEqual([]);
  });

  it('refuses a body that is not JSON', async () => {
    get().reply(200, '<html>hello</html>');
    await expect(failure()).resolves.toContain('answered HTTP 200, but the body (18 characters) is not JSON, so it holds no secret.');
  });

  it('takes an empty value, a 25 KB value and a multi-line one', async () => {
    for (const value of [
      '',
      'x'.repeat(25 * 1024),
      '-----BEGIN PRIVATE KEY-----\nMIIE\nvQIB\n-----END PRIVATE KEY-----\n',
      '\n'.repeat(25 * 1024)
    ]) {
      get().reply(200, bundle({ value }));
      const ctx = vaultContext();
      await expect(read(ctx)).resolves.toMatchObject({ value });
      expect(ctx.values).toEqual([value]);
    }
  });

  it(`refuses a body over ${MAX_SECRET_BODY_BYTES / 1024} KiB without reading it all`, async () => {
    get().reply(200, JSON.stringify(bundle({ value: 'x'.repeat(1024 * 1024) })));
    const ctx = vaultContext();
    const message = await failure(ctx);
    expect(message).toMatch(
      /^The key vault kv1 \(https:\/\/kv1\.vault\.azure\.net\/secrets\/db-password\) answered HTTP 200 with an answer body larger than 64 KiB, more than any real answer\./
    );
    expect(ctx.values).toEqual([]);
  });

  it('reads the dates and content type, and nothing it cannot trust', async () => {
    get().reply(
      200,
      bundle({ contentType: '::warning::pwned\n##[error]x', attributes: { enabled: false, exp: NOW_S + 3600, nbf: 'soon' } })
    );
    const secret = await read();
    expect(secret.contentType).toBe('::warning::pwned\\n##\\[error]x');
    expect(secret.enabled).toBe(false);
    expect(secret.expires).toEqual(new Date((NOW_S + 3600) * 1000));
    expect(secret.notBefore).toBeUndefined();
    get().reply(200, bundle({ attributes: { exp: 1e300, nbf: -5 }, contentType: 7 }));
    await expect(read()).resolves.toMatchObject({ expires: undefined, notBefore: undefined, contentType: undefined, enabled: undefined });
  });

  it('does not take a value from the prototype', async () => {
    get().reply(200, '{"__proto__": {"value": "from-the-prototype"}, "id": "https://kv1.vault.azure.net/secrets/db-password"}');
    await expect(failure()).resolves.toContain('its value is missing');
  });
});

describe('retries', () => {
  it('retries 429 Throttled without Retry-After after the first backoff step, at least 1 s', async () => {
    get().reply(
      429,
      vaultError('Throttled', 'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached')
    );
    get().reply(200, bundle());
    const ctx = vaultContext({ random: 0 });
    await read(ctx);
    expect(ctx.clock.sleeps).toEqual([1000]);
    expect(ctx.lines.find((l) => l.level === 'info')?.message).toBe(
      'HTTP 429 (Throttled: Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached); retrying in 1.0 s (attempt 2).'
    );
  });

  it('honours Retry-After as a floor, never as a shortcut', async () => {
    get().reply(429, vaultError('Throttled', 'slow down'), { 'Retry-After': '5' });
    get().reply(429, vaultError('Throttled', 'slow down'), { 'Retry-After': '0' });
    get().reply(200, bundle());
    const ctx = vaultContext({ random: 0 });
    await read(ctx);
    expect(ctx.clock.sleeps[0]).toBeGreaterThanOrEqual(5000);
    expect(ctx.clock.sleeps[1]).toBeGreaterThanOrEqual(1000);
  });

  it('retries server errors with growing waits', async () => {
    get().reply(500, vaultError('InternalServerError', 'oops'));
    get().reply(502, 'Bad Gateway');
    get().reply(503, vaultError('ServiceUnavailable', 'busy'));
    get().reply(200, bundle());
    const ctx = vaultContext({ random: 0.99 });
    await read(ctx);
    expect(ctx.clock.sleeps).toHaveLength(3);
    expect(ctx.clock.sleeps[0]).toBeGreaterThanOrEqual(1000);
    expect(ctx.clock.sleeps[1]!).toBeGreaterThan(ctx.clock.sleeps[0]!);
  });

  it('gives up within timeout-seconds, naming the secret', async () => {
    get().times(50).reply(503, vaultError('ServiceUnavailable', 'busy'), ids);
    const ctx = vaultContext({ timeoutSeconds: 10 });
    const message = await failure(ctx);
    expect(message).toMatch(
      /^Timed out reading the secret kv1\/db-password from the key vault kv1 \(https:\/\/kv1\.vault\.azure\.net\/secrets\/db-password\) after \d+ attempts in [\d.]+ s \(timeout-seconds: 10\)\. Last failure: HTTP 503 \(ServiceUnavailable: busy \(request ID 3f1b2c4d-0000-4000-8000-00000000abcd\)\)\.$/
    );
    expect(ctx.clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
  });

  it.each([400, 401, 403, 404, 409])('does not retry a %i', async (status) => {
    const scope = get().reply(status, vaultError('Forbidden', 'no'));
    const ctx = vaultContext();
    await failure(ctx);
    scope.done();
    expect(ctx.clock.sleeps).toEqual([]);
  });
});

describe('refusals', () => {
  const RBAC_MESSAGE =
    "Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\nCaller: appid=…;oid=…;iss=https://sts.windows.net/…/\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'";
  const stated = (status: number, words: string) =>
    `The key vault kv1 (${VAULT}/secrets/db-password) refused the secret request: HTTP ${status}, ${words} (request ID ${REQUEST_ID}).`;

  it.each<[string, number, object, Record<string, string>, string]>([
    [
      'ForbiddenByRbac',
      403,
      vaultError('Forbidden', RBAC_MESSAGE, 'ForbiddenByRbac'),
      {},
      `The vault kv1 uses Azure RBAC, and this identity (object ID ${IDS.objectId}) has no role that reads the secret db-password (ForbiddenByRbac): assign it Key Vault Secrets User on the vault or on the secret, for example az role assignment create --assignee-object-id ${IDS.objectId} --assignee-principal-type ServicePrincipal --role "Key Vault Secrets User" --scope <vault resource ID>. New role assignments take a few minutes to apply.`
    ],
    [
      'AccessDenied',
      403,
      vaultError(
        'Forbidden',
        "The user, group or application 'appid=…;oid=…;iss=…' does not have secrets get permission on key vault 'kv1;location=westeurope'.",
        'AccessDenied'
      ),
      {},
      `The vault kv1 uses access policies, and none lets this identity (object ID ${IDS.objectId}) read secrets (AccessDenied): add one that grants it Get on secrets, for example az keyvault set-policy --name kv1 --object-id ${IDS.objectId} --secret-permissions get.`
    ],
    [
      'ForbiddenByFirewall, address from the header',
      403,
      vaultError(
        'Forbidden',
        'Client address is not authorized and caller is not a trusted service.\r\nClient address: 198.51.100.1\r\nVault: kv1;location=westeurope',
        'ForbiddenByFirewall'
      ),
      { 'x-ms-keyvault-network-info': 'conn_type=Ipv4;addr=20.111.13.60;act_addr_fam=InterNetwork;' },
      "The firewall of the vault kv1 refused the runner's address 20.111.13.60 (ForbiddenByFirewall): allow it under the vault's Networking settings (its firewall takes public IPv4 addresses), or reach the vault through a private endpoint from the runner's network."
    ],
    [
      'ForbiddenByFirewall, address from the message',
      403,
      vaultError(
        'Forbidden',
        'Client address is not authorized and caller is not a trusted service.\r\nClient address: 20.111.13.60\r\nVault: kv1',
        'ForbiddenByFirewall'
      ),
      { 'x-ms-keyvault-network-info': 'addr=not-an-address;' },
      "refused the runner's address 20.111.13.60 (ForbiddenByFirewall)"
    ],
    [
      'ForbiddenByConnection',
      403,
      vaultError(
        'Forbidden',
        'Public network access is disabled and request is not from a trusted service nor via an approved private link.',
        'ForbiddenByConnection'
      ),
      {},
      "The vault kv1 has public network access disabled (ForbiddenByConnection): reach it through a private endpoint from the runner's network, with the private DNS zone privatelink.vaultcore.azure.net linked to that network so that kv1.vault.azure.net resolves to the endpoint; if the runner uses a proxy, list .vault.azure.net in NO_PROXY."
    ],
    [
      'SecretDisabled',
      403,
      vaultError('Forbidden', 'Operation get is not allowed on a disabled secret.', 'SecretDisabled'),
      {},
      "The secret db-password is disabled (SecretDisabled): enable it (az keyvault secret set-attributes --vault-name kv1 --name db-password --enabled true), or name an enabled version on line 1 of 'key-vault-secrets'."
    ],
    [
      'SecretNotFound',
      404,
      vaultError(
        'SecretNotFound',
        'A secret with (name/id) db-password was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command.'
      ),
      {},
      "The vault kv1 has no secret db-password (SecretNotFound): check line 1 of 'key-vault-secrets'. A secret deleted recently can be recovered: az keyvault secret list-deleted --vault-name kv1, then az keyvault secret recover --vault-name kv1 --name db-password."
    ]
  ])('explains %s', async (_, status, body, headers, explanation) => {
    get().reply(status, body, { ...ids, ...headers });
    const message = await failure();
    expect(message).toContain(explanation);
    expect(message.startsWith(`The key vault kv1 (${VAULT}/secrets/db-password) refused the secret request: HTTP ${status}, `)).toBe(true);
    expect(message).toContain(`(request ID ${REQUEST_ID})`);
    expect(message).not.toContain('\n');
  });

  it('decides by the codes, not by the words', async () => {
    get().reply(403, vaultError('Forbidden', 'Client address is not authorized (firewall!)', 'ForbiddenByRbac'), ids);
    const message = await failure();
    expect(message).toContain('(ForbiddenByRbac)');
    expect(message).not.toContain('ForbiddenByFirewall');
    get().reply(403, vaultError('Forbidden', 'Caller is not authorized: ForbiddenByRbac'), ids);
    await expect(failure()).resolves.toBe(
      `${stated(403, 'Forbidden: Caller is not authorized: ForbiddenByRbac')} A 403 is a request error, so it was not retried; the endpoint's message above says what it rejected.`
    );
  });

  it('names the version of a pinned secret', async () => {
    const pinned = entry(`kv1/db-password/${VERSION}`);
    get(`/secrets/db-password/${VERSION}`).reply(
      404,
      vaultError('SecretNotFound', `A secret with (name/id) db-password/${VERSION} was not found in this key vault.`)
    );
    await expect(failure(vaultContext(), pinned)).resolves.toContain(
      `The vault kv1 has no version ${VERSION} of the secret db-password (SecretNotFound)`
    );
  });

  it('says the audience was wrong (AKV10022), and follows no challenge', async () => {
    const imds = nock('http://169.254.169.254').get(/.*/).reply(500);
    const login = nock('https://login.windows.net').get(/.*/).reply(500);
    get().reply(
      401,
      vaultError('Unauthorized', 'AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://management.azure.com/.'),
      {
        ...ids,
        'WWW-Authenticate': `Bearer authorization="https://login.windows.net/${IDS.tenantId}", resource="https://management.azure.com"`
      }
    );
    const message = await failure(
      vaultContext(),
      entry(),
      vaultToken('https://vault.azure.net', { audience: 'https://management.azure.com/' })
    );
    expect(message).toContain(
      "The vault refused the token's audience (AKV10022): the action asked for a token for https://vault.azure.net, exactly, and the identity endpoint issued one for another audience (https://management.azure.com/)."
    );
    expect(message).toContain("The action does not follow the vault's WWW-Authenticate challenge.");
    expect(imds.isDone()).toBe(false);
    expect(login.isDone()).toBe(false);
  });

  it('says the vault is in another tenant (AKV10032), naming both tenants', async () => {
    const vaultTenant = '11111111-2222-3333-4444-555555555555';
    get().reply(
      401,
      vaultError(
        'Unauthorized',
        `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${vaultTenant}/, found https://sts.windows.net/${IDS.tenantId}/.`
      ),
      {
        ...ids,
        'WWW-Authenticate': `Bearer authorization="https://login.windows.net/${vaultTenant}", resource="https://vault.azure.net"`
      }
    );
    await expect(failure()).resolves.toContain(
      `The vault kv1 belongs to another Microsoft Entra tenant than this identity (AKV10032): the vault's tenant is ${vaultTenant}, the identity's ${IDS.tenantId}.`
    );
  });

  it('explains any other 401 without following its challenge', async () => {
    get().reply(401, vaultError('Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.'), {
      'WWW-Authenticate': 'Bearer authorization="https://login.evil.example/x", resource="https://evil.example"'
    });
    await expect(failure()).resolves.toContain(
      "The vault did not accept the token for https://vault.azure.net (AKV10000): the token may have expired, or the vault may be in another tenant than the identity. The action does not follow the vault's WWW-Authenticate challenge."
    );
  });

  it('never follows a redirect', async () => {
    const elsewhere = nock('https://evil.example').get(/.*/).reply(200, bundle());
    get().reply(302, '', { Location: 'https://evil.example/secrets/db-password' });
    const message = await failure();
    expect(message).toMatch(
      /^The key vault kv1 \(https:\/\/kv1\.vault\.azure\.net\/secrets\/db-password\) answered HTTP 302, a redirect to evil\.example, which the action never follows\./
    );
    expect(elsewhere.isDone()).toBe(false);
  });

  it("names the vault's x-ms-request-id of a redirect, and no ID that is not one", async () => {
    const requestId = '6b1f3c2a-1d2e-4f50-8a9b-0c1d2e3f4a5b';
    get().reply(302, '', { Location: 'https://evil.example/', 'x-ms-request-id': requestId });
    expect(await failure()).toContain(
      `answered HTTP 302 (request ID ${requestId}), a redirect to evil.example, which the action never follows.`
    );
    get().reply(302, '', { Location: 'https://evil.example/', 'x-ms-request-id': 'eyJhbGciOiJub25lIn0.not-an-id' });
    expect(await failure()).toContain('answered HTTP 302, a redirect to evil.example, which the action never follows.');
  });

  it('says at once that a vault name that does not resolve is no vault, or a private DNS zone out of reach', async () => {
    get().replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND kv1.vault.azure.net'), { code: 'ENOTFOUND' }));
    const ctx = vaultContext();
    await expect(failure(ctx)).resolves.toBe(
      `The key vault kv1 (${VAULT}/secrets/db-password): host name not found (ENOTFOUND). No vault answers at kv1.vault.azure.net: there is no vault named kv1 in Azure (check line 1 of 'key-vault-secrets'), or the vault is reached through a private endpoint whose private DNS zone (privatelink.vaultcore.azure.net) is not linked to the network of this runner's DNS resolver.`
    );
    expect(ctx.clock.sleeps).toEqual([]);
  });

  it('quotes a hostile message inert: no workflow command, no control character, bounded', async () => {
    get().reply(
      403,
      vaultError('Forbidden', `\n::add-mask::x\n::set-output name=a::b\n##[error]boom \u001b[2J ${'y'.repeat(2000)}`, 'ForbiddenByRbac'),
      ids
    );
    const message = await failure();
    for (const control of ['\n', '\r', '\u001b']) expect(message).not.toContain(control);
    expect(message).not.toContain('##[');
    expect(message.length).toBeLessThan(1500);
    expect(message).toContain('(ForbiddenByRbac)');
  });
});
