/**
 * Bad environment values get the care of bad inputs, and messages tell the truth, against the
 * bundle: each invalid variable is named (never a bare "Invalid URL") before any request;
 * untrusted keys never reach the prototype; a call through the runner's proxy never blames
 * "ignoring HTTP_PROXY"; correlation IDs survive shortening; a nearly expired token is flagged;
 * dangerous export-variable names and huge resources are refused; no URL credential is shown.
 */
import { writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { temporaryFolder } from '../../__fixtures__/cleanup.js';
import {
  armVm,
  errorLine,
  imdsAnswer,
  instanceMetadata,
  reply,
  runHostile,
  secretLeaks,
  startForwardingProxy,
  startScripted,
  unsignedJwt,
  warningLines
} from '../../__fixtures__/hostile.js';
import type { ActionRun } from '../../__fixtures__/run-action.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

type Answer = [status: number, body: unknown, headers?: Record<string, string>];

/** IMDS giving tokens and instance metadata, recording every request. */
async function imds({ metadata = {}, token }: { metadata?: Record<string, unknown>; token?: (jwt: string) => Answer } = {}) {
  const tokens: string[] = [];
  const server = await startScripted({
    handler: (_, response, seen) => {
      if (seen.path === '/metadata/instance/compute') return reply(response, 200, instanceMetadata(metadata));
      tokens.push(unsignedJwt());
      const [status, body, headers] = token ? token(tokens.at(-1)!) : [200, imdsAnswer(tokens.at(-1)!)];
      reply(response, status, body, headers);
    }
  });
  closers.push(server.close);
  return { server, tokens };
}

/** A TLS server (ARM or Entra ID) reached through a proxy that tunnels every CONNECT to it. */
async function behindProxy(answer: (body: string) => Answer) {
  const server = await startScripted({
    tls: true,
    handler: (_, response, seen) => {
      const [status, body, headers] = answer(seen.body);
      reply(response, status, body, headers);
    }
  });
  const proxy = await startForwardingProxy(server.address);
  closers.push(server.close, proxy.close);
  return { server, proxy };
}

async function federatedTokenFile(): Promise<string> {
  const folder = temporaryFolder('hostile-env-');
  writeFileSync(join(folder, 'token'), unsignedJwt({ sub: 'system:serviceaccount:runners:runner' }));
  return join(folder, 'token');
}
const workloadIdentity = async (authority: string): Promise<Record<string, string>> => ({
  AZURE_FEDERATED_TOKEN_FILE: await federatedTokenFile(),
  AZURE_CLIENT_ID: '00000000-0000-0000-0001-000000000001',
  AZURE_TENANT_ID: '00000000-0000-0000-0000-00000000aaaa',
  AZURE_AUTHORITY_HOST: authority
});

function expectNamed(run: ActionRun, variable: string): void {
  expect(run.code).toBe(1);
  expect(errorLine(run)).toContain(variable);
  expect(errorLine(run)).not.toMatch(/^Invalid URL\.?$/);
}

const BAD_URLS = ['::::', 'http://', 'not a url'];

describe('6. bad environment values are named, before any request', () => {
  it.each(BAD_URLS)('IDENTITY_ENDPOINT=%p (App Service)', async (value) => {
    const run = await runHostile({ inputs: { 'timeout-seconds': '5' }, env: { IDENTITY_ENDPOINT: value, IDENTITY_HEADER: randomUUID() } });
    expectNamed(run, 'IDENTITY_ENDPOINT');
  });

  it.each(BAD_URLS)('IMDS_ENDPOINT=%p (Azure Arc)', async (value) => {
    const agent = await startScripted({ handler: (_, response) => reply(response, 401, {}, { 'WWW-Authenticate': 'Basic realm=/x' }) });
    closers.push(agent.close);
    const run = await runHostile({
      inputs: { 'timeout-seconds': '5' },
      env: { IDENTITY_ENDPOINT: `${agent.url}/metadata/identity/oauth2/token`, IMDS_ENDPOINT: value }
    });
    expect(agent.requests.map((r) => `${r.method} ${r.target}`)).toEqual([]);
    expectNamed(run, 'IMDS_ENDPOINT');
  });

  it.each(BAD_URLS)('AZURE_AUTHORITY_HOST=%p (workload identity)', async (value) => {
    const run = await runHostile({ inputs: { 'timeout-seconds': '5' }, env: await workloadIdentity(value) });
    expectNamed(run, 'AZURE_AUTHORITY_HOST');
  });

  it.each(BAD_URLS)("HTTPS_PROXY=%p (workload identity, through the runner's proxy)", async (value) => {
    const run = await runHostile({
      inputs: { 'timeout-seconds': '5' },
      env: { ...(await workloadIdentity('https://login.microsoftonline.com/')), HTTPS_PROXY: value }
    });
    expectNamed(run, 'HTTPS_PROXY');
  });

  it.each(BAD_URLS)('HTTPS_PROXY=%p (verify)', async (value) => {
    const { server } = await imds();
    const run = await runHostile({ inputs: { endpoint: server.url, verify: 'true', 'timeout-seconds': '5' }, env: { HTTPS_PROXY: value } });
    expectNamed(run, 'HTTPS_PROXY');
  });

  it('IDENTITY_HEADER with characters a header cannot carry is named, and never shown', async () => {
    const header = `ключ-секрет-${randomUUID()}`;
    const endpoint = await startScripted({ handler: (_, response) => reply(response, 500, {}) });
    closers.push(endpoint.close);
    const run = await runHostile({
      inputs: { 'timeout-seconds': '5' },
      env: { IDENTITY_ENDPOINT: `${endpoint.url}/msi/token`, IDENTITY_HEADER: header }
    });
    expect(endpoint.requests.map((r) => `${r.method} ${r.target}`)).toEqual([]);
    expectNamed(run, 'IDENTITY_HEADER');
    expect(secretLeaks(run, [header])).toEqual([]);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'instance metadata with azEnvironment %p is an unknown cloud (verify), never a request',
    async (azEnvironment) => {
      const { server } = await imds({ metadata: { azEnvironment } });
      const { server: arm, proxy } = await behindProxy(() => [200, armVm()]);
      const run = await runHostile({
        inputs: { endpoint: server.url, verify: 'true', 'timeout-seconds': '5' },
        env: { HTTPS_PROXY: proxy.url }
      });
      expect(proxy.seen).toEqual([]);
      expect(arm.requests.map((r) => `${r.method} ${r.target}`)).toEqual([]);
      expect(run.code).toBe(1);
      expect(errorLine(run)).toContain(`'${azEnvironment}'`);
      expect(errorLine(run)).toMatch(/cloud/i);
      expect(errorLine(run)).not.toMatch(/\[object Object\]|native code|Invalid URL/);
    }
  );
});

describe('8. messages tell the truth', () => {
  const html: Answer = [
    200,
    '<html><head><title>Access denied</title></head><body>Blocked by policy</body></html>',
    { 'Content-Type': 'text/html' }
  ];
  const huge: Answer = [200, `{"padding":"${'x'.repeat(300 * 1024)}"}`];

  it.each([
    ['an HTML 200', html],
    ['a too-large 200', huge]
  ])("ARM reached through the runner's proxy answering %s: no claim that the action ignores the proxy", async (_, answer) => {
    const { server } = await imds();
    const { proxy } = await behindProxy(() => answer);
    const run = await runHostile({
      inputs: { endpoint: server.url, verify: 'true', 'timeout-seconds': '5' },
      env: { HTTPS_PROXY: proxy.url }
    });
    expect(proxy.seen).toEqual(['CONNECT management.azure.com:443']);
    expect(run.code).toBe(1);
    expect(errorLine(run)).not.toMatch(/ignores HTTP_PROXY|connects directly/i);
  });

  it.each([
    ['an HTML 200', html],
    ['a too-large 200', huge]
  ])("Entra ID reached through the runner's proxy answering %s: no claim that the action ignores the proxy", async (_, answer) => {
    const { proxy } = await behindProxy(() => answer);
    const run = await runHostile({
      inputs: { 'timeout-seconds': '5' },
      env: { ...(await workloadIdentity('https://login.microsoftonline.com/')), HTTPS_PROXY: proxy.url }
    });
    expect(proxy.seen).toEqual(['CONNECT login.microsoftonline.com:443']);
    expect(run.code).toBe(1);
    expect(errorLine(run)).not.toMatch(/ignores HTTP_PROXY|connects directly/i);
  });

  const long = 'The request was rejected because of a policy the administrator set. '.repeat(8);

  it("keeps Entra ID's trace and correlation IDs of a long error_description", async () => {
    const [trace, correlation] = [randomUUID(), randomUUID()];
    const { proxy } = await behindProxy(() => [
      400,
      {
        error: 'invalid_request',
        error_description: `AADSTS50000: ${long}\r\nTrace ID: ${trace}\r\nCorrelation ID: ${correlation}\r\nTimestamp: 2026-11-21 12:00:00Z`,
        error_codes: [50000],
        trace_id: trace,
        correlation_id: correlation
      }
    ]);
    const run = await runHostile({
      inputs: { 'timeout-seconds': '5' },
      env: { ...(await workloadIdentity('https://login.microsoftonline.com/')), HTTPS_PROXY: proxy.url }
    });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(trace);
    expect(errorLine(run)).toContain(correlation);
  });

  it("keeps IMDS's correlation_id of a long error", async () => {
    const correlation = randomUUID();
    const { server } = await imds({
      token: () => [400, { error: 'invalid_request', error_description: long, correlation_id: correlation }]
    });
    const run = await runHostile({ inputs: { endpoint: server.url, source: 'imds', 'timeout-seconds': '5' } });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(correlation);
  });

  it("keeps App Service's correlationId of a long message", async () => {
    const correlation = randomUUID();
    const endpoint = await startScripted({
      handler: (_, response) => reply(response, 400, { statusCode: 400, message: long, correlationId: correlation })
    });
    closers.push(endpoint.close);
    const run = await runHostile({
      inputs: { 'timeout-seconds': '5' },
      env: { IDENTITY_ENDPOINT: `${endpoint.url}/msi/token`, IDENTITY_HEADER: randomUUID() }
    });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(correlation);
  });

  it.each([
    ['already past', -60, true],
    ['within 5 minutes', 120, true],
    ['an hour away (no warning)', 3599, false]
  ])('a token whose expiry is %s', async (_, inSeconds, warned) => {
    const expiresOn = Math.floor(Date.now() / 1000) + inSeconds;
    const iso = new Date(expiresOn * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const { server } = await imds({
      token: (jwt) => [200, imdsAnswer(jwt, { expires_on: String(expiresOn), expires_in: String(inSeconds) })]
    });
    const run = await runHostile({ inputs: { endpoint: server.url, source: 'imds', 'timeout-seconds': '5' } });
    const about = warningLines(run).filter((line) => line.includes(iso));
    expect(about.length > 0).toBe(warned);
  });

  it.each([
    'PATH',
    'LD_PRELOAD',
    'LD_LIBRARY_PATH',
    'BASH_ENV',
    'ENV',
    'NODE_OPTIONS',
    'HTTPS_PROXY',
    'https_proxy',
    'NO_PROXY',
    'GITHUB_ENV'
  ])('export-variable %s is refused before any request', async (name) => {
    const { server } = await imds();
    const run = await runHostile({ inputs: { endpoint: server.url, source: 'imds', 'export-variable': name, 'timeout-seconds': '5' } });
    expect(server.requests.map((r) => `${r.method} ${r.target}`)).toEqual([]);
    expect(run.exported).toEqual({});
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(name);
  });

  it('a resource longer than 2 KiB is refused before any request', async () => {
    const { server } = await imds();
    const resource = `https://x.example/${'a'.repeat(2100)}`;
    const run = await runHostile({ inputs: { endpoint: server.url, source: 'imds', resource, 'timeout-seconds': '5' } });
    expect(server.requests.map((r) => `${r.method} ${r.target}`)).toEqual([]);
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain('resource');
    expect(errorLine(run)).not.toContain(resource);
  });

  describe('with RUNNER_DEBUG=1, no credential embedded in a URL is shown', () => {
    it('in HTTPS_PROXY', async () => {
      const { server } = await imds();
      const { proxy } = await behindProxy(() => [200, armVm()]);
      const run = await runHostile({
        inputs: { endpoint: server.url, verify: 'true', 'timeout-seconds': '5' },
        env: { RUNNER_DEBUG: '1', HTTPS_PROXY: proxy.url.replace('http://', 'http://user:secretpw@') }
      });
      expect(proxy.seen).toEqual(['CONNECT management.azure.com:443']);
      expect(JSON.stringify([run.stdout, run.stderr, run.files])).not.toContain('secretpw');
    });

    it('and a proxy password that is an ordinary word hides only itself, not the resource IDs holding a piece of it', async () => {
      const { server } = await imds();
      const { proxy } = await behindProxy(() => [200, armVm()]);
      const run = await runHostile({
        inputs: { endpoint: server.url, verify: 'true', 'timeout-seconds': '5' },
        env: { RUNNER_DEBUG: '1', HTTPS_PROXY: proxy.url.replace('http://', 'http://deploy:Microsoft2024@') }
      });
      expect(run.code).toBe(0);
      expect(JSON.stringify([run.stdout, run.stderr, run.files])).not.toContain('Microsoft2024');
      expect(run.stdout).toMatch(/^ {2}resource: \/subscriptions\/.*\/providers\/Microsoft\.Compute\/virtualMachines\//m);
      expect(run.stdout).toContain("Verified: this identity read the runner VM's own record from https://management.azure.com.");
    });

    it("in a failing proxy's error", async () => {
      const { server } = await imds();
      const run = await runHostile({
        inputs: { endpoint: server.url, verify: 'true', 'timeout-seconds': '3' },
        env: { RUNNER_DEBUG: '1', HTTPS_PROXY: 'http://user:secretpw@127.0.0.1:1' }
      });
      expect(run.code).toBe(1);
      expect(JSON.stringify([run.stdout, run.stderr, run.files])).not.toContain('secretpw');
    });

    it("in the 'endpoint' input", async () => {
      const { server } = await imds();
      const run = await runHostile({
        inputs: { endpoint: server.url.replace('http://', 'http://user:secretpw@'), source: 'imds', 'timeout-seconds': '5' },
        env: { RUNNER_DEBUG: '1' }
      });
      expect(JSON.stringify([run.stdout, run.stderr, run.files])).not.toContain('secretpw');
    });

    it("in the 'arm-endpoint' input", async () => {
      const { server } = await imds();
      const arm = await startScripted({ tls: true, handler: (_, response) => reply(response, 200, armVm()) });
      closers.push(arm.close);
      const run = await runHostile({
        inputs: {
          endpoint: server.url,
          verify: 'true',
          'arm-endpoint': arm.url.replace('https://', 'https://user:secretpw@'),
          'timeout-seconds': '5'
        },
        env: { RUNNER_DEBUG: '1' }
      });
      expect(JSON.stringify([run.stdout, run.stderr, run.files])).not.toContain('secretpw');
    });
  });
});
