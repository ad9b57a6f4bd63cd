/**
 * One scenario for every failure and warning message the action prints, run through the real
 * `run()` (nock plays the endpoints). docs/TROUBLESHOOTING.md lists these messages verbatim;
 * __tests__/troubleshooting.test.ts checks the two agree in both directions.
 */
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { assertCredentialOrigin } from '../src/http/endpoint-url.js';
import { HttpFailure, send, type Send } from '../src/http/send.js';
import { run } from '../src/main.js';
import { readKey } from '../src/sources/arc.js';
import { temporaryFolder } from './cleanup.js';
import { fakeJwt, IDS, IMDS_ERRORS, imdsTokenBody, PROXY_ERROR_PAGE } from './bodies.js';
import { fakeClock } from './clock.js';
import { failingSummary, withInputs } from './core.js';
import { actionErrorOf } from './failures.js';
import { ARM, compute, IMDS, IMDS_METADATA_PATH, IMDS_TOKEN_PATH, VM, VM_EXTENSION } from './vm.js';

const imds = () => nock(IMDS).get(IMDS_TOKEN_PATH).query(true);
const metadata = (body: object = compute()) => nock(IMDS).get(IMDS_METADATA_PATH).query(true).reply(200, body);
const armVm = () => nock(ARM).get(VM).query(true);
const refused = (code: string) => Object.assign(new Error(code), { code });
const REGISTRY = 'myregistry.azurecr.io';
/** The registry's exchange, after IMDS gave the token and the separate one for the registry. */
const registry = () => {
  imds().times(2).reply(200, imdsTokenBody(fakeJwt()));
  return nock(`https://${REGISTRY}`).post('/oauth2/exchange');
};
/** An event file of a pull request from a fork, as the runner writes it. */
function forkEvent(): string {
  const file = join(folder(), 'event.json');
  writeFileSync(
    file,
    JSON.stringify({
      pull_request: { head: { repo: { id: 2, full_name: 'mallory/app' } }, base: { repo: { id: 1, full_name: 'contoso/app' } } }
    })
  );
  return file;
}

export interface Scenario {
  /** For checks that run() cannot reach here (Arc's key folder is fixed): the message itself. */
  readonly direct?: () => string[];
  readonly inputs?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly platform?: NodeJS.Platform;
  readonly timeoutSeconds?: number;
  /** Sets up nock (and files) for this scenario. */
  readonly arrange?: () => void;
  /** Replaces the HTTP layer, where nock cannot play the other side. */
  readonly send?: Send;
}

/** A temporary folder, for key and token files. */
const folder = (): string => temporaryFolder('msi-token-doc-');

/** verify through a proxy that refuses to open the tunnel to Resource Manager for good. */
function proxyRefusesArm(status: 403 | 407): Scenario {
  return {
    inputs: { verify: 'true' },
    env: { HTTPS_PROXY: 'http://proxy.corp.example.test:3128' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata();
    },
    // nock cannot play a CONNECT tunnel: the refusal comes from here, and only for a request routed through the proxy.
    send: async (request) => {
      if (!request.proxy) return send(request);
      const target = `${request.url.hostname}:443`;
      throw new HttpFailure(
        'proxy',
        `the proxy ${request.proxy.origin} refused to open a tunnel to ${target} (HTTP ${status})`,
        String(status)
      );
    }
  };
}

/** A file in a temporary folder, holding `content`. */
function fileHolding(content: string): string {
  const file = join(folder(), 'token');
  writeFileSync(file, content);
  return file;
}

export const SCENARIOS: Record<string, Scenario> = {
  'inputs: every kind of bad input': {
    inputs: {
      resource: 'a b',
      'client-id': 'x',
      source: 'everywhere',
      endpoint: 'ftp://x',
      'export-variable': '1X',
      'timeout-seconds': '0',
      verify: 'yes',
      'arm-endpoint': 'http://x',
      'tenant-id': '!'
    }
  },
  'inputs: resource not a URI': { inputs: { resource: 'vault' } },
  'inputs: resource too long': { inputs: { resource: `https://x.example.test/${'a'.repeat(2100)}` } },
  'inputs: object-id not a GUID': { inputs: { 'object-id': 'me' } },
  'inputs: identity-resource-id malformed': { inputs: { 'identity-resource-id': 'id-deployer' } },
  'inputs: two selectors': { inputs: { 'client-id': IDS.clientId, 'object-id': IDS.objectId } },
  'inputs: reserved variable': { inputs: { 'export-variable': 'GITHUB_TOKEN' } },
  'inputs: vm-extension with resource ID': { inputs: { source: 'vm-extension', 'identity-resource-id': IDS.resourceId } },
  'inputs: arc with a selector': { inputs: { source: 'arc', 'client-id': IDS.clientId } },
  'inputs: workload identity with object-id': { inputs: { source: 'workload-identity', 'object-id': IDS.objectId } },

  'imds: identity not found (selector)': {
    inputs: { 'client-id': IDS.clientId },
    arrange: () => imds().reply(400, IMDS_ERRORS.identityNotFound)
  },
  'imds: identity not found (system)': { arrange: () => imds().reply(400, IMDS_ERRORS.identityNotFound) },
  'imds: multiple identities': { arrange: () => imds().reply(400, IMDS_ERRORS.multipleIdentities) },
  'imds: unknown resource': { arrange: () => imds().reply(400, IMDS_ERRORS.unknownResource) },
  'imds: metadata header stripped': { arrange: () => imds().reply(400, IMDS_ERRORS.missingMetadataHeader) },
  'imds: proxy page': { arrange: () => imds().reply(403, PROXY_ERROR_PAGE) },
  'imds: other request error': { arrange: () => imds().reply(401, { error: 'unauthorized_client', error_description: 'nope' }) },
  'imds: redirect': { arrange: () => imds().reply(302, '', { Location: 'http://proxy.example.test/' }) },
  'imds: 200 not JSON': { arrange: () => imds().reply(200, 'OK') },
  'imds: 200 HTML': { arrange: () => imds().reply(200, PROXY_ERROR_PAGE) },
  'imds: 200 without token': { arrange: () => imds().reply(200, { token_type: 'Bearer' }) },
  'imds: 200 without expiry': {
    arrange: () => imds().reply(200, imdsTokenBody(fakeJwt(), { expires_on: undefined, expires_in: undefined }))
  },
  'imds: token with characters no token has': {
    arrange: () => imds().reply(200, imdsTokenBody('not a token; <script>'))
  },
  'imds: values without their form': {
    arrange: () => imds().reply(200, imdsTokenBody(fakeJwt({ tid: 'contoso' }), { client_id: 'me', token_type: 'Bearer\n::x' }))
  },
  'imds: token about to expire': {
    arrange: () => imds().reply(200, imdsTokenBody(fakeJwt(), { expires_on: undefined, expires_in: '120' }))
  },
  'imds: token already expired': {
    arrange: () => imds().reply(200, imdsTokenBody(fakeJwt(), { expires_on: '1700000000' }))
  },
  'credential to another origin': {
    direct: () => [
      actionErrorOf(() => assertCredentialOrigin(new URL('https://evil.example.test/x'), 'https://management.azure.com', 'the ARM token'))
    ]
  },
  'env: IDENTITY_ENDPOINT not this machine': {
    env: { IDENTITY_ENDPOINT: 'http://127.attacker.example/msi/token', IDENTITY_HEADER: 'h' }
  },
  'env: IDENTITY_HEADER not ASCII': {
    env: { IDENTITY_ENDPOINT: 'http://localhost:42356/msi/token', IDENTITY_HEADER: 'h\u00e9\u4e2d' }
  },
  'env: HTTPS_PROXY malformed': {
    inputs: { verify: 'true' },
    env: { HTTPS_PROXY: 'http://' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata();
    }
  },
  'imds: too large': { arrange: () => imds().reply(200, 'x'.repeat(300 * 1024)) },
  'imds: timed out': { timeoutSeconds: 3, arrange: () => imds().times(20).reply(503, { error: 'service_unavailable' }) },
  'imds: throttled for longer than the time left': {
    timeoutSeconds: 10,
    arrange: () => imds().reply(429, { error: 'too_many_requests' }, { 'Retry-After': '30' })
  },
  'imds: throttled beyond the timeout': { arrange: () => imds().reply(429, { error: 'too_many_requests' }, { 'Retry-After': '600' }) },
  'auto: nothing answers': {
    arrange: () => {
      imds().replyWithError(refused('ENETUNREACH'));
      nock(VM_EXTENSION).get('/oauth2/token').query(true).replyWithError(refused('ECONNREFUSED'));
    }
  },
  'auto: nothing answers, resource ID selector': {
    inputs: { 'identity-resource-id': IDS.resourceId },
    arrange: () => imds().replyWithError(refused('ENETUNREACH'))
  },
  'vm-extension: deprecated': {
    inputs: { source: 'vm-extension' },
    arrange: () => nock(VM_EXTENSION).get('/oauth2/token').query(true).reply(200, imdsTokenBody(fakeJwt()))
  },

  'verify: unknown cloud': {
    inputs: { verify: 'true' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata(compute('AzureStack'));
    }
  },
  'verify: metadata not JSON': {
    inputs: { verify: 'true' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      nock(IMDS).get(IMDS_METADATA_PATH).query(true).reply(200, 'nope');
    }
  },
  'verify: the proxy answers for ARM': {
    inputs: { verify: 'true' },
    env: { HTTPS_PROXY: 'http://proxy.corp.example.test:3128' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata();
    },
    // nock cannot stand in for a CONNECT tunnel: the proxy's own answer comes from here, and only
    // when the request really was routed through it.
    send: async (request) =>
      request.proxy ? { status: 403, headers: { 'content-type': 'text/html' }, body: PROXY_ERROR_PAGE } : send(request)
  },
  'verify: the proxy wants credentials': proxyRefusesArm(407),
  'verify: the proxy refuses the host': proxyRefusesArm(403),
  'verify: something answers for ARM, no proxy set': {
    inputs: { verify: 'true' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata();
      armVm().reply(403, PROXY_ERROR_PAGE);
    }
  },
  'verify: 403 on a scale set instance': {
    inputs: { verify: 'true' },
    arrange: () => {
      const instance = VM.replace(/virtualMachines\/.*$/, 'virtualMachineScaleSets/runners/virtualMachines/3');
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata({ ...compute(), resourceId: instance });
      nock(ARM)
        .get(instance)
        .query(true)
        .reply(403, { error: { code: 'AuthorizationFailed', message: 'no read' } });
    }
  },
  'verify: Resource Manager never answers': {
    inputs: { verify: 'true' },
    timeoutSeconds: 3,
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata();
      armVm()
        .times(10)
        .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    }
  },
  'verify: metadata resourceId not a VM': {
    inputs: { verify: 'true' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata({ ...compute(), resourceId: '@127.0.0.2:8443/x' });
    }
  },
  'verify: metadata lacks fields': {
    inputs: { verify: 'true' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata({ ...compute(), resourceId: '' });
    }
  },
  'verify: 401 wrong audience': {
    inputs: { verify: 'true' },
    arrange: () => {
      // IMDS hands out tokens for another audience than asked: ARM refuses them.
      imds()
        .times(2)
        .reply(200, imdsTokenBody(fakeJwt({ aud: 'api://something-else' })));
      metadata();
      armVm().reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'wrong audience' } });
    }
  },
  "verify: 401 right audience, another cloud's endpoint": {
    inputs: { verify: 'true', 'arm-endpoint': 'https://management.local.azurestack.external' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt({ aud: 'https://management.local.azurestack.external/' })));
      metadata(compute('AzureStack'));
      nock('https://management.local.azurestack.external')
        .get(VM)
        .query(true)
        .reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'expired' } });
    }
  },
  'verify: 401 right audience': {
    inputs: { verify: 'true' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata();
      armVm().reply(401, { error: { code: 'InvalidAuthenticationTokenTenant', message: 'wrong tenant' } });
    }
  },
  'verify: 403': {
    inputs: { verify: 'true' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata();
      armVm().reply(403, { error: { code: 'AuthorizationFailed', message: 'no read' } });
    }
  },
  'verify: 404': {
    inputs: { verify: 'true' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata();
      armVm().reply(404, { error: { code: 'ResourceNotFound', message: 'not found' } });
    }
  },
  'verify: VM record not JSON': {
    inputs: { verify: 'true' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata();
      armVm().reply(200, 'nope');
    }
  },
  'verify: TLS certificate refused': {
    inputs: { verify: 'true' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata();
      armVm().replyWithError(
        Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })
      );
    }
  },
  'verify: not a VM': {
    inputs: { verify: 'true', source: 'app-service' },
    env: { IDENTITY_ENDPOINT: 'http://localhost:42356/msi/token', IDENTITY_HEADER: 'h' },
    arrange: () =>
      nock('http://localhost:42356').get('/msi/token').query(true).reply(200, { access_token: fakeJwt(), expires_on: '1795348800' })
  },

  'app-service: no environment': { inputs: { source: 'app-service' } },
  'app-service: identity not found': {
    inputs: { 'client-id': IDS.clientId },
    env: { IDENTITY_ENDPOINT: 'http://localhost:42356/msi/token', IDENTITY_HEADER: 'h' },
    arrange: () =>
      nock('http://localhost:42356').get('/msi/token').query(true).reply(400, {
        statusCode: 400,
        message: 'No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.'
      })
  },
  'app-service: system identity not found': {
    env: { IDENTITY_ENDPOINT: 'http://localhost:42356/msi/token', IDENTITY_HEADER: 'h' },
    arrange: () =>
      nock('http://localhost:42356').get('/msi/token').query(true).reply(400, {
        statusCode: 400,
        message: 'No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.'
      })
  },
  'app-service: header refused': {
    env: { IDENTITY_ENDPOINT: 'http://localhost:42356/msi/token', IDENTITY_HEADER: 'h' },
    arrange: () => nock('http://localhost:42356').get('/msi/token').query(true).reply(401, { statusCode: 401, message: 'Unauthorized' })
  },

  'arc: no challenge': {
    inputs: { source: 'arc' },
    arrange: () => nock('http://127.0.0.1:40342').get(IMDS_TOKEN_PATH).query(true).reply(401, 'no')
  },
  ...Object.fromEntries(
    (
      [
        ['arc: key file outside the folder', '/etc/shadow.key'],
        ['arc: key file of another kind', '/var/opt/azcmagent/tokens/x.txt'],
        ['arc: key file cannot be read', '/var/opt/azcmagent/tokens/missing-for-docs.key']
      ] as const
    ).map(([name, file]) => [
      name,
      {
        inputs: { source: 'arc' },
        arrange: () =>
          nock('http://127.0.0.1:40342')
            .get(IMDS_TOKEN_PATH)
            .query(true)
            .reply(401, '', { 'WWW-Authenticate': `Basic realm=${file}` })
      }
    ])
  ),
  'arc: key file that is a link': {
    direct: () => {
      const keys = folder();
      writeFileSync(join(keys, 'secret.txt'), 'x');
      symlinkSync(join(keys, 'secret.txt'), join(keys, 'link.key'));
      return [actionErrorOf(() => readKey(join(keys, 'link.key'), keys, 'linux'))];
    }
  },
  'arc: key file with another link': {
    direct: () => {
      const keys = folder();
      writeFileSync(join(keys, 'secret.txt'), 'x');
      linkSync(join(keys, 'secret.txt'), join(keys, 'hard.key'));
      return [actionErrorOf(() => readKey(join(keys, 'hard.key'), keys, 'linux'))];
    }
  },
  'arc: key file too large': {
    direct: () => {
      const keys = folder();
      writeFileSync(join(keys, 'big.key'), 'k'.repeat(5000));
      return [actionErrorOf(() => readKey(join(keys, 'big.key'), keys, 'linux'))];
    }
  },
  'arc: key file cannot be read (Windows)': {
    inputs: { source: 'arc' },
    platform: 'win32',
    env: { ProgramData: 'C:\\ProgramData' },
    arrange: () =>
      nock('http://127.0.0.1:40342')
        .get(IMDS_TOKEN_PATH)
        .query(true)
        .reply(401, '', { 'WWW-Authenticate': 'Basic realm=C:\\ProgramData\\AzureConnectedMachineAgent\\Tokens\\missing-for-docs.key' })
  },

  'workload identity: missing environment': { inputs: { source: 'workload-identity' } },
  'workload identity: token file unreadable': {
    env: { AZURE_FEDERATED_TOKEN_FILE: '/nonexistent/token', AZURE_CLIENT_ID: IDS.clientId, AZURE_TENANT_ID: IDS.tenantId }
  },
  'workload identity: client ID not a GUID': {
    env: { AZURE_FEDERATED_TOKEN_FILE: '/nonexistent/token', AZURE_CLIENT_ID: 'runner', AZURE_TENANT_ID: IDS.tenantId }
  },
  'workload identity: tenant malformed': {
    env: { AZURE_FEDERATED_TOKEN_FILE: '/nonexistent/token', AZURE_CLIENT_ID: IDS.clientId, AZURE_TENANT_ID: 'tenant/../x' }
  },
  'workload identity: token file not a JWT': {
    // The file holds something other than a service account token: nothing is sent.
    env: {
      AZURE_FEDERATED_TOKEN_FILE: fileHolding('not a service account token'),
      AZURE_CLIENT_ID: IDS.clientId,
      AZURE_TENANT_ID: IDS.tenantId
    }
  },
  'workload identity: token file not a file': {
    env: { AZURE_FEDERATED_TOKEN_FILE: '/', AZURE_CLIENT_ID: IDS.clientId, AZURE_TENANT_ID: IDS.tenantId }
  },
  'workload identity: not https': {
    inputs: { endpoint: 'http://login.example.test' },
    env: { AZURE_FEDERATED_TOKEN_FILE: '/nonexistent/token', AZURE_CLIENT_ID: IDS.clientId, AZURE_TENANT_ID: IDS.tenantId }
  },
  ...Object.fromEntries(
    (
      [
        [
          'workload identity: no federated credential',
          'invalid_client',
          'AADSTS70021: No matching federated identity record found for presented assertion.'
        ],
        [
          'workload identity: unknown client',
          'unauthorized_client',
          "AADSTS700016: Application with identifier 'x' was not found in the directory."
        ],
        ['workload identity: unknown tenant', 'invalid_request', "AADSTS90002: Tenant 'x' not found."],
        ['workload identity: expired assertion', 'invalid_client', 'AADSTS700024: Client assertion is not within its valid time range.'],
        [
          'workload identity: unknown resource',
          'invalid_resource',
          'AADSTS500011: The resource principal named x was not found in the tenant.'
        ]
      ] as const
    ).map(([name, error, description]) => [
      name,
      {
        env: { AZURE_CLIENT_ID: IDS.clientId, AZURE_TENANT_ID: IDS.tenantId },
        arrange: () =>
          nock('https://login.microsoftonline.com')
            .post(`/${IDS.tenantId}/oauth2/v2.0/token`)
            .reply(400, { error, error_description: description })
      }
    ])
  ),

  'inputs: container-registry not a login server': { inputs: { 'container-registry': 'ghcr.io/contoso/app' } },
  'inputs: several registries': { inputs: { 'container-registry': 'one.azurecr.io two.azurecr.io' } },
  'registry: no role': {
    inputs: { 'container-registry': REGISTRY },
    arrange: () => registry().reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] })
  },
  'registry: firewall': {
    inputs: { 'container-registry': REGISTRY },
    arrange: () =>
      registry().reply(403, {
        errors: [
          {
            code: 'DENIED',
            message: "client with IP '203.0.113.7' is not allowed access. Refer https://aka.ms/acr/firewall to grant access."
          }
        ]
      })
  },
  'registry: unknown name': {
    inputs: { 'container-registry': REGISTRY },
    arrange: () => registry().replyWithError(refused('ENOTFOUND'))
  },
  'registry: 200 not JSON': { inputs: { 'container-registry': REGISTRY }, arrange: () => registry().reply(200, 'OK') },
  'registry: 200 without password': { inputs: { 'container-registry': REGISTRY }, arrange: () => registry().reply(200, { token: 'x' }) },
  'registry: throttled beyond the timeout': {
    inputs: { 'container-registry': REGISTRY },
    arrange: () => registry().reply(429, { errors: [{ code: 'TOOMANYREQUESTS', message: 'too many requests' }] }, { 'Retry-After': '600' })
  },
  'registry: timed out': {
    inputs: { 'container-registry': REGISTRY },
    timeoutSeconds: 3,
    arrange: () => registry().times(20).reply(503, 'Service Unavailable')
  },
  'fork: pull_request': {
    env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: forkEvent() },
    arrange: () => imds().reply(200, imdsTokenBody(fakeJwt()))
  },
  'fork: pull_request_target': {
    env: { GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: forkEvent() },
    arrange: () => imds().reply(200, imdsTokenBody(fakeJwt()))
  },

  'summary: not written': { env: { NO_SUMMARY: '1' }, arrange: () => imds().reply(200, imdsTokenBody(fakeJwt())) }
};

/** Runs one scenario; returns every failure and warning line it printed. */
export async function messagesOf(scenario: Scenario): Promise<string[]> {
  if (scenario.direct) return scenario.direct();
  const env: Record<string, string> = { ...scenario.env };
  if (env['AZURE_CLIENT_ID'] && !env['AZURE_FEDERATED_TOKEN_FILE']) {
    const tokenFile = join(folder(), 'token');
    writeFileSync(tokenFile, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczpzYS10b2tlbiJ9.c2lnbmF0dXJl');
    env['AZURE_FEDERATED_TOKEN_FILE'] = tokenFile;
  }
  if (scenario.platform === 'win32') mkdirSync(join(folder(), 'unused'), { recursive: true });
  scenario.arrange?.();
  const core = withInputs({ 'timeout-seconds': String(scenario.timeoutSeconds ?? 10), ...scenario.inputs });
  const quietCore = env['NO_SUMMARY']
    ? {
        ...core,
        summary: failingSummary(
          'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
        )
      }
    : core;
  await run(quietCore, { send: scenario.send ?? send, clock: fakeClock(), env, platform: scenario.platform ?? 'linux' });
  return core.calls.filter((call) => call.fn === 'setFailed' || call.fn === 'warning').flatMap((call) => call.value.split('\n'));
}
