import nock from 'nock';
import { accessToken, fakeJwt, IDS, imdsTokenBody } from '../../__fixtures__/bodies.js';
import { fakeClock } from '../../__fixtures__/clock.js';
import { tokenContext } from '../../__fixtures__/context.js';
import { withInputs } from '../../__fixtures__/core.js';
import { actionError } from '../../__fixtures__/failures.js';
import { isolateNetwork } from '../../__fixtures__/nock.js';
import { callWithRetries } from '../../src/http/call.js';
import { ActionError } from '../../src/text/errors.js';
import { send, type Send } from '../../src/http/send.js';
import { readInputs } from '../../src/inputs.js';
import { run } from '../../src/main.js';
import { loginServerOf } from '../../src/inputs/container-registry.js';
import { ACR_AUDIENCE, ACR_TOKEN_USER_NAME, exchangeCall, registryPassword } from '../../src/registry/registry.js';
import { feature, issued } from '../../src/registry/feature.js';
import { renderSummary, type SummarySection } from '../../src/summary.js';
import { proxyFor } from '../../src/http/proxy.js';

isolateNetwork();

const REGISTRY = 'myregistry.azurecr.io';
const ORIGIN = `https://${REGISTRY}`;
const IMDS = 'http://169.254.169.254';
const NOW = Date.UTC(2026, 10, 21, 12);
const acrToken = () => accessToken({ resource: ACR_AUDIENCE, audience: ACR_AUDIENCE });
const exchange = () => nock(ORIGIN).post('/oauth2/exchange');
/** The exchange, recording each form it receives. */
const exchangeRecording = (forms: Record<string, string>[]) =>
  nock(ORIGIN).post('/oauth2/exchange', (form: Record<string, string>) => (forms.push({ ...form }), true));
/** A refresh token as ACR issues it: a JWT whose exp says when it stops working. */
const password = (exp: number | undefined = NOW / 1000 + 3 * 3600) =>
  fakeJwt({ aud: REGISTRY, iss: 'Azure Container Registry', grant_type: 'refresh_token', exp });

describe('the container-registry input', () => {
  const read = (value: string) => readInputs((name) => (name === 'container-registry' ? value : ''));
  const problem = (value: string): string => {
    try {
      read(value);
    } catch (error) {
      expect(error).toBeInstanceOf(ActionError);
      return (error as Error).message;
    }
    throw new Error(`accepted ${value}`);
  };

  it.each([
    ['myregistry.azurecr.io', 'myregistry.azurecr.io'],
    ['MyRegistry.AzureCR.io', 'myregistry.azurecr.io'],
    ['https://myregistry.azurecr.io', 'myregistry.azurecr.io'],
    ['https://myregistry.azurecr.io/', 'myregistry.azurecr.io'],
    ['contoso.azurecr.us', 'contoso.azurecr.us'],
    ['contoso.azurecr.cn', 'contoso.azurecr.cn'],
    ['myregistry-e2abc4dzgpdqezbv.azurecr.io', 'myregistry-e2abc4dzgpdqezbv.azurecr.io'],
    ['', undefined]
  ])('takes %p as %p', (raw, loginServer) => {
    expect(read(raw).containerRegistry).toBe(loginServer);
  });

  it.each([
    'http://myregistry.azurecr.io',
    'myregistry.azurecr.io/team/app',
    'myregistry.azurecr.io:443',
    'myregistry.azurecr.io?x=1',
    'https://user:pass@myregistry.azurecr.io',
    'myregistry.azurecr.de',
    'myregistry.azurecr.io.attacker.example',
    'attacker.example/.azurecr.io',
    'ghcr.io',
    'azurecr.io',
    '.azurecr.io',
    'abc.azurecr.io',
    'a.b.azurecr.io',
    '-myregistry.azurecr.io',
    'myregistry'
  ])('refuses %p before any request, naming the input and the accepted form', (raw) => {
    expect(loginServerOf(raw)).toBeUndefined();
    expect(problem(raw)).toBe(
      "Input 'container-registry' must be one Azure Container Registry login server, <name>.azurecr.io (<name>.azurecr.us in " +
        `Azure Government, <name>.azurecr.cn in Azure China), optionally after https://, without path, port or query; got '${raw}'.`
    );
  });

  it.each(['one.azurecr.io two.azurecr.io', 'one.azurecr.io,two.azurecr.io', 'one.azurecr.io\ntwo.azurecr.io', 'my registry.azurecr.io'])(
    'refuses several values (%p)',
    (raw) => {
      expect(problem(raw)).toMatch(/, which looks like several values: run the action once per registry\.$/);
    }
  );
});

describe('the exchange', () => {
  it('POSTs the form ACR documents to the registry itself, with the token for the registry audience', async () => {
    const token = acrToken();
    const issued = password();
    const forms: Record<string, string>[] = [];
    const scope = exchangeRecording(forms)
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, { refresh_token: issued });
    const ctx = tokenContext();
    const result = await registryPassword(REGISTRY, token, ctx);
    scope.done();
    expect(forms).toHaveLength(1);
    expect(forms[0]).toEqual({
      grant_type: 'access_token',
      service: REGISTRY,
      tenant: IDS.tenantId,
      access_token: token.token
    });
    expect(result).toEqual({ loginServer: REGISTRY, password: issued, expiresOn: new Date(NOW + 3 * 3600 * 1000), expiryStated: true });
    expect(ctx.masked).toEqual([issued]);
  });

  it('builds the URL from parts, and names the one origin the token may go to', () => {
    const call = exchangeCall(
      REGISTRY,
      acrToken(),
      () => undefined,
      () => NOW
    );
    expect(call.url.href).toBe(`${ORIGIN}/oauth2/exchange`);
    expect(call.credential?.origin).toBe(ORIGIN);
    expect(call.viaRunnerProxy).toBe(true);
    expect(call.method).toBe('POST');
  });

  it('masks the password before anything can fail', async () => {
    exchange().reply(200, { refresh_token: 'opaque-password-value' });
    const ctx = tokenContext();
    const result = await registryPassword(REGISTRY, acrToken(), ctx);
    expect(ctx.masked).toEqual(['opaque-password-value']);
    // Not a JWT: the expiry is ACR's typical 3 hours, and said to be a guess.
    expect(result.expiryStated).toBe(false);
    expect(result.expiresOn).toEqual(new Date(NOW + 3 * 3600 * 1000));
  });

  it.each([
    ['in the past', NOW / 1000 - 60],
    ['years away', NOW / 1000 + 5 * 365 * 86_400]
  ])('does not believe an exp %s', async (_, exp) => {
    exchange().reply(200, { refresh_token: password(exp) });
    const result = await registryPassword(REGISTRY, acrToken(), tokenContext());
    expect(result.expiryStated).toBe(false);
  });

  it('sends no tenant when the token names none', async () => {
    const forms: Record<string, string>[] = [];
    exchangeRecording(forms).reply(200, { refresh_token: password() });
    await registryPassword(REGISTRY, accessToken({ resource: ACR_AUDIENCE, tenantId: '' }), tokenContext());
    expect(forms).toHaveLength(1);
    expect(Object.keys(forms[0]!)).not.toContain('tenant');
  });

  it('retries throttling after Retry-After, and server errors', async () => {
    exchange().reply(429, { errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] }, { 'Retry-After': '4' });
    exchange().reply(503, 'busy');
    exchange().reply(200, { refresh_token: password() });
    const ctx = tokenContext();
    await registryPassword(REGISTRY, acrToken(), ctx);
    expect(ctx.clock.sleeps).toHaveLength(2);
    expect(ctx.clock.sleeps[0]).toBeGreaterThanOrEqual(4000);
    expect(ctx.lines.filter((l) => l.level === 'info').map((l) => l.message)[0]).toMatch(
      /^HTTP 429 \(TOOMANYREQUESTS: slow down\); retrying in 4\.\d s \(attempt 2\)\.$/
    );
  });

  it('explains a 401 with the roles to grant, quoting the registry', async () => {
    exchange().reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'no permission' }] });
    const message = await actionError(registryPassword(REGISTRY, acrToken(), tokenContext()));
    expect(message).toBe(
      `The container registry ${REGISTRY} (${ORIGIN}/oauth2/exchange) refused the token exchange: HTTP 401, UNAUTHORIZED: no permission. ` +
        `The identity (object ID ${IDS.objectId}) needs a role on the registry ${REGISTRY}: AcrPull to pull, AcrPush to push; on a ` +
        "registry whose role assignment mode is 'RBAC Registry + ABAC Repository Permissions', Container Registry Repository Reader " +
        'to pull and Container Registry Repository Writer to push instead. For example: az role assignment create ' +
        `--assignee-object-id ${IDS.objectId} --assignee-principal-type ServicePrincipal --role AcrPush --scope <registry resource ID>. ` +
        "Role assignments take a few minutes to apply; the registry must also be in the identity's tenant."
    );
  });

  it("explains a 403 from the registry's firewall", async () => {
    exchange().reply(403, {
      errors: [
        {
          code: 'DENIED',
          message: "client with IP '203.0.113.7' is not allowed access. Refer https://aka.ms/acr/firewall to grant access."
        }
      ]
    });
    const message = await actionError(registryPassword(REGISTRY, acrToken(), tokenContext()));
    expect(message).toContain("HTTP 403, DENIED: client with IP '203.0.113.7' is not allowed access.");
    expect(message).toContain("The registry's network rules refuse this runner's address");
  });

  it("quotes the registry's errors on one bounded line", async () => {
    const long = `line one\nline two ${'x'.repeat(500)}`;
    exchange().reply(400, { errors: [{ code: 'UNSUPPORTED', message: long }, { code: 'SECOND' }] });
    const message = await actionError(registryPassword(REGISTRY, acrToken(), tokenContext()));
    // The long run of x's is dropped whole rather than cut: a cut could leave part of a secret.
    expect(message).toContain('refused the token exchange: HTTP 400, UNSUPPORTED: line one line two ...');
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThan(600);
  });

  it('says at once, without retrying, that a name that does not resolve is no registry', async () => {
    exchange().replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND myregistry.azurecr.io'), { code: 'ENOTFOUND' }));
    const ctx = tokenContext();
    const message = await actionError(registryPassword(REGISTRY, acrToken(), ctx));
    expect(message).toBe(
      `The container registry ${REGISTRY} (${ORIGIN}/oauth2/exchange): host name not found (ENOTFOUND). No registry is called ` +
        `${REGISTRY}: check 'container-registry', which takes the login server shown on the registry's Overview page ` +
        '(az acr show -n <name> --query loginServer).'
    );
    expect(ctx.clock.sleeps).toEqual([]);
  });

  it('retries a refused connection like any other broken attempt', async () => {
    exchange().replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    exchange().reply(200, { refresh_token: password() });
    const ctx = tokenContext();
    await registryPassword(REGISTRY, acrToken(), ctx);
    expect(ctx.clock.sleeps).toHaveLength(1);
  });

  it.each([
    ['not JSON', 'OK', 'is not JSON, so it holds no password'],
    ['without refresh_token', { access_token: 'x' }, 'has no refresh_token string, so it holds no password']
  ])('refuses a 200 %s', async (_, body, expected) => {
    exchange().reply(200, body);
    const message = await actionError(
      callWithRetries(
        exchangeCall(
          REGISTRY,
          acrToken(),
          () => undefined,
          () => NOW
        ),
        tokenContext()
      )
    );
    expect(message).toContain(expected);
  });

  describe('through the runner proxy', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });

    it.each([
      [{ HTTPS_PROXY: 'http://proxy.corp.example.test:3128' }, 'http://proxy.corp.example.test:3128'],
      [{ HTTPS_PROXY: 'http://proxy.corp.example.test:3128', NO_PROXY: '.azurecr.io' }, undefined],
      [{ HTTPS_PROXY: 'http://proxy.corp.example.test:3128', no_proxy: REGISTRY }, undefined],
      [{}, undefined]
    ])('with %o goes through %s', (env, proxy) => {
      const call = exchangeCall(
        REGISTRY,
        acrToken(),
        () => undefined,
        () => NOW
      );
      expect(proxyFor(call.url, env)?.href.replace(/\/$/, '')).toBe(proxy);
    });
  });
});

describe('run with container-registry', () => {
  const imds = () => nock(IMDS).get('/metadata/identity/oauth2/token').query(true);
  const imdsFor = (resource: string) =>
    nock(IMDS)
      .get('/metadata/identity/oauth2/token')
      .query((query) => query['resource'] === resource);
  const deps = (overrides: { send?: Send } = {}) => ({ send, clock: fakeClock(), env: {}, platform: 'linux' as const, ...overrides });

  it("gets a separate token for the registry audience, exchanges that one, and hands over the registry's password", async () => {
    const userToken = fakeJwt();
    const registryToken = fakeJwt({ aud: ACR_AUDIENCE });
    const issued = password();
    const forUser = imdsFor('https://management.azure.com/').reply(200, imdsTokenBody(userToken));
    const forRegistry = imdsFor(ACR_AUDIENCE).reply(200, imdsTokenBody(registryToken, { resource: ACR_AUDIENCE }));
    const forms: Record<string, string>[] = [];
    exchangeRecording(forms).reply(200, { refresh_token: issued });
    const core = withInputs({ 'container-registry': 'https://MyRegistry.azurecr.io' });
    await run(core, deps());

    expect(core.failure()).toBeUndefined();
    forUser.done();
    forRegistry.done();
    expect(forms.map((form) => form['access_token'])).toEqual([registryToken]);
    expect(core.outputs).toMatchObject({
      'access-token': userToken,
      'registry-username': ACR_TOKEN_USER_NAME,
      'registry-password': issued
    });
    // Each secret is masked as it arrives, before any output or log line names it.
    const masks = core.calls.flatMap((c, i) => (c.fn === 'setSecret' ? [[c.value, i] as const] : []));
    expect(masks.map(([value]) => value)).toEqual([userToken, registryToken, issued]);
    const passwordOutput = core.calls.findIndex((c) => c.fn === 'setOutput' && c.name === 'registry-password');
    expect(masks[2]![1]).toBeLessThan(passwordOutput);
    expect(core.logLines()).toContain(`Getting a separate token for ${ACR_AUDIENCE} to exchange at ${REGISTRY} (it is not handed over).`);
    expect(core.logLines()).toContain(`Got a password for the container registry ${REGISTRY}.`);
    expect(core.logLines()).toContain('  expires:  2026-11-21T15:00:00Z');
    expect(core.summaryText()).toContain(
      `<th align="left">Registry password</th><td>issued for ${REGISTRY}, expires 2026-11-21T15:00:00Z</td>`
    );
    for (const secret of [registryToken, issued]) {
      expect(core.summaryText()).not.toContain(secret.split('.')[2]);
      for (const line of core.logLines()) expect(line).not.toContain(secret.split('.')[2]);
    }
  });

  it('exchanges the user token itself when it already is for the registry audience', async () => {
    const token = fakeJwt({ aud: ACR_AUDIENCE });
    imds().reply(200, imdsTokenBody(token, { resource: ACR_AUDIENCE }));
    const forms: Record<string, string>[] = [];
    exchangeRecording(forms).reply(200, { refresh_token: password() });
    const core = withInputs({ resource: `${ACR_AUDIENCE}/.default`, 'container-registry': REGISTRY });
    await run(core, deps());
    expect(core.failure()).toBeUndefined();
    expect(forms.map((form) => form['access_token'])).toEqual([token]);
    expect(core.calls.filter((c) => c.fn === 'setSecret')).toHaveLength(2);
  });

  it('sets no registry outputs without the input', async () => {
    imds().reply(200, imdsTokenBody(fakeJwt()));
    const core = withInputs();
    await run(core, deps());
    expect(Object.keys(core.outputs)).not.toContain('registry-password');
    expect(Object.keys(core.outputs)).not.toContain('registry-username');
    expect(core.summaryText()).not.toContain('Registry');
  });

  it('fails once when the registry refuses, keeps the token outputs, and says so in the summary', async () => {
    imds().times(2).reply(200, imdsTokenBody(fakeJwt()));
    exchange().reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'no permission' }] });
    const core = withInputs({ 'container-registry': REGISTRY });
    await run(core, deps());
    expect(core.calls.filter((c) => c.fn === 'setFailed')).toHaveLength(1);
    expect(core.failure()).toContain('needs a role on the registry');
    expect(core.outputs['access-token']).toBeDefined();
    expect(core.outputs['registry-password']).toBeUndefined();
    expect(core.summaryText()).toContain(
      `<th align="left">Registry password</th><td>not issued for ${REGISTRY}: The container registry ${REGISTRY}`
    );
    expect(core.summaryText()).not.toContain('Verification');
  });

  it('refuses a bad login server before any request', async () => {
    const calls: unknown[] = [];
    const core = withInputs({ 'container-registry': 'registry.example.com' });
    await run(core, deps({ send: (request) => (calls.push(request), send(request)) }));
    expect(calls).toEqual([]);
    expect(core.failure()).toMatch(/^Input 'container-registry' must be one Azure Container Registry login server/);
  });
});

describe('the summary row', () => {
  const token = accessToken();
  const render = (section: SummarySection) =>
    renderSummary({ source: token.source, endpoint: token.endpoint, token: {}, sections: [section] });
  const expiresOn = new Date(NOW + 3 * 3600 * 1000);
  it.each([
    [
      { expiresOn, expiryStated: true },
      `<th align="left">Registry password</th><td>issued for ${REGISTRY}, expires 2026-11-21T15:00:00Z</td>`
    ],
    [
      { expiresOn, expiryStated: false },
      `<th align="left">Registry password</th><td>issued for ${REGISTRY}, expires about 2026-11-21T15:00:00Z</td>`
    ]
  ])('says when the password expires (%o)', (expiry, row) => {
    const markdown = render(issued({ loginServer: REGISTRY, password: password(), ...expiry }).summary);
    expect(markdown).toContain(row);
    expect(markdown).not.toContain(password().split('.')[2]);
  });

  it('says why no password was issued, in one escaped cell', () => {
    const inputs = readInputs((name) => (name === 'container-registry' ? REGISTRY : ''));
    const markdown = render({ rows: [[feature.name, feature.describeFailure!('refused | <b> here', inputs)]] });
    expect(markdown).toContain(`<th align="left">Registry password</th><td>not issued for ${REGISTRY}: refused | &#60;b&#62; here</td>`);
  });
});
