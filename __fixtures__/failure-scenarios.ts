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

/** A vault of the Key Vault scenarios, and the token IMDS gives for it after the user's own. */
const KV = 'https://kv-app.vault.azure.net';
const KV_VERSION = '4b5c6d7e8f90123456789abcdef01234';
const KV_REQUEST_ID = { 'x-ms-request-id': '3f1b2c4d-0000-4000-8000-00000000abcd' };
const kvTokens = (): void => {
  imds().reply(200, imdsTokenBody(fakeJwt()));
  imds().reply(200, imdsTokenBody(fakeJwt({ aud: 'https://vault.azure.net' }), { resource: 'https://vault.azure.net' }));
};
const kvSecret = (path = '/secrets/db-password', origin = KV) => nock(origin).get(path).query(true);
/** A Key Vault success body (SecretBundle), with `overrides`. */
const kvBundle = (overrides: Record<string, unknown> = {}, attributes: Record<string, unknown> = {}) => ({
  value: 'correct-horse-battery-staple-7',
  id: `${KV}/secrets/db-password/${KV_VERSION}`,
  attributes: { enabled: true, created: 1763000000, updated: 1763000000, recoveryLevel: 'Recoverable+Purgeable', ...attributes },
  ...overrides
});
/** Key Vault's error shape: decided by code and innererror.code. */
const kvError = (code: string, message: string, inner?: string) => ({
  error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) }
});
/** One secret, read after the two tokens: `answer` sets up the vault's reply. */
const kvScenario = (answer: (scope: nock.Interceptor) => void, inputs: Record<string, string> = {}): Scenario => ({
  inputs: { 'key-vault-secrets': 'kv-app/db-password', ...inputs },
  arrange: () => {
    kvTokens();
    answer(kvSecret());
  }
});
/** Seconds since 1970 of the fake clock's now (2026-11-21T12:00:00Z), plus `days`. */
const kvDay = (days: number): number => Date.UTC(2026, 10, 21, 12) / 1000 + days * 86_400;

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

  'keyvault inputs: every kind of bad line': {
    inputs: {
      'export-secrets': 'true',
      'key-vault-secrets': [
        'kv-app',
        'kv-app.vault.azure.net/db-password',
        '1vault/db-password',
        'http://kv-app.vault.azure.net/secrets/db-password',
        'https://user:hunter2@kv-app.vault.azure.net/secrets/db-password',
        'https://kv-app.vault.azure.net:443/secrets/db-password',
        'https://kv-app.vault.azure.net/secrets/db-password?api-version=7.6',
        'https://kv-app.vault.azure.net/secrets/db-password#latest',
        'https://kv-app.vault.contoso.example/secrets/db-password',
        'https://kv-app.vault.azure.net/keys/signing-key',
        'kv-app/db_password',
        'kv-app/db-password/42',
        'kv-app/api-key > 1KEY',
        'kv-app/db-password',
        'kv-other/db-password',
        'kv-app/location',
        'kv-app/path'
      ].join('\n')
    }
  },
  'keyvault inputs: too many secrets': {
    inputs: { 'key-vault-secrets': Array.from({ length: 101 }, (_, n) => `kv-app/secret-${n + 1}`).join('\n') }
  },
  'keyvault inputs: export-secrets not a boolean': { inputs: { 'key-vault-secrets': 'kv-app/db-password', 'export-secrets': 'yes' } },

  'keyvault: no role (RBAC)': kvScenario((vault) =>
    vault.reply(
      403,
      kvError(
        'Forbidden',
        "Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\nCaller: appid=00000000-0000-0000-0001-000000000001;oid=00000000-0000-0000-0002-000000000001;iss=https://sts.windows.net/00000000-0000-0000-0000-00000000aaaa/\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\nResource: '/subscriptions/00000000-0000-0000-0000-00000000bbbb/resourcegroups/rg-app/providers/microsoft.keyvault/vaults/kv-app/secrets/db-password'\r\nAssignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: 'DeniedWithNoValidRBAC' \r\nVault: kv-app;location=westeurope\r\n",
        'ForbiddenByRbac'
      ),
      KV_REQUEST_ID
    )
  ),
  'keyvault: no access policy': kvScenario((vault) =>
    vault.reply(
      403,
      kvError(
        'Forbidden',
        "The user, group or application 'appid=00000000-0000-0000-0001-000000000001;oid=00000000-0000-0000-0002-000000000001;iss=https://sts.windows.net/00000000-0000-0000-0000-00000000aaaa/' does not have secrets get permission on key vault 'kv-app;location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287",
        'AccessDenied'
      ),
      KV_REQUEST_ID
    )
  ),
  'keyvault: firewall': kvScenario((vault) =>
    vault.reply(
      403,
      kvError(
        'Forbidden',
        'Client address is not authorized and caller is not a trusted service.\r\nClient address: 203.0.113.7\r\nCaller: appid=00000000-0000-0000-0001-000000000001;oid=00000000-0000-0000-0002-000000000001\r\nVault: kv-app;location=westeurope',
        'ForbiddenByFirewall'
      ),
      { ...KV_REQUEST_ID, 'x-ms-keyvault-network-info': 'conn_type=Ipv4;addr=203.0.113.7;act_addr_fam=InterNetwork;' }
    )
  ),
  'keyvault: public network access disabled': kvScenario((vault) =>
    vault.reply(
      403,
      kvError(
        'Forbidden',
        'Public network access is disabled and request is not from a trusted service nor via an approved private link.',
        'ForbiddenByConnection'
      ),
      KV_REQUEST_ID
    )
  ),
  'keyvault: secret disabled': kvScenario((vault) =>
    vault.reply(403, kvError('Forbidden', 'Operation get is not allowed on a disabled secret.', 'SecretDisabled'), KV_REQUEST_ID)
  ),
  'keyvault: no such secret': kvScenario((vault) =>
    vault.reply(
      404,
      kvError(
        'SecretNotFound',
        'A secret with (name/id) db-password was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182'
      ),
      KV_REQUEST_ID
    )
  ),
  'keyvault: wrong audience (AKV10022)': {
    inputs: { 'key-vault-secrets': 'kv-app/db-password' },
    arrange: () => {
      // Something in the identity endpoint's place hands out ARM tokens whatever was asked.
      imds().times(2).reply(200, imdsTokenBody(fakeJwt()));
      kvSecret().reply(
        401,
        kvError('Unauthorized', 'AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://management.azure.com/.'),
        KV_REQUEST_ID
      );
    }
  },
  'keyvault: another tenant (AKV10032)': kvScenario((vault) =>
    vault.reply(
      401,
      kvError(
        'Unauthorized',
        'AKV10032: Invalid issuer. Expected one of https://sts.windows.net/11111111-1111-1111-1111-111111111111/, found https://sts.windows.net/00000000-0000-0000-0000-00000000aaaa/.'
      ),
      {
        ...KV_REQUEST_ID,
        'WWW-Authenticate':
          'Bearer authorization="https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111", resource="https://vault.azure.net"'
      }
    )
  ),
  'keyvault: token not accepted': kvScenario((vault) =>
    vault.reply(401, kvError('Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.'), KV_REQUEST_ID)
  ),
  'keyvault: bad request': kvScenario((vault) =>
    vault.reply(400, kvError('BadParameter', 'The request URI contains an invalid name: db-password'), KV_REQUEST_ID)
  ),
  'keyvault: host not found': kvScenario((vault) => vault.replyWithError(refused('ENOTFOUND'))),
  'keyvault: throttled beyond the timeout': kvScenario((vault) =>
    vault.reply(
      429,
      kvError('Throttled', 'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached'),
      { ...KV_REQUEST_ID, 'Retry-After': '600' }
    )
  ),
  'keyvault: timed out': {
    ...kvScenario((vault) => vault.times(20).reply(503, kvError('ServiceUnavailable', 'The service is unavailable.'), KV_REQUEST_ID)),
    timeoutSeconds: 3
  },
  "keyvault: another secret's answer": kvScenario((vault) =>
    vault.reply(200, kvBundle({ id: 'https://kv-app.vault.azure.net/secrets/admin-password/0123456789abcdef0123456789abcdef' }))
  ),
  'keyvault: value not a string': kvScenario((vault) => vault.reply(200, kvBundle({ value: { password: 'x' } }))),
  'keyvault: answer not JSON': kvScenario((vault) => vault.reply(200, 'OK')),
  'keyvault: answer too large': kvScenario((vault) => vault.reply(200, kvBundle({ value: 'x'.repeat(1024 * 1024) }))),
  'keyvault: redirect': kvScenario((vault) =>
    vault.reply(302, '', { Location: 'https://login.contoso.example/signin?return=https%3A%2F%2Fkv-app.vault.azure.net' })
  ),
  'keyvault: two of three fail': {
    inputs: { 'key-vault-secrets': 'kv-app/db-password\nkv-app/api-key\nkv-app/storage-key' },
    arrange: () => {
      kvTokens();
      kvSecret().reply(200, kvBundle());
      kvSecret('/secrets/api-key').reply(
        404,
        kvError('SecretNotFound', 'A secret with (name/id) api-key was not found in this key vault.'),
        KV_REQUEST_ID
      );
      kvSecret('/secrets/storage-key').reply(
        403,
        kvError('Forbidden', 'Operation get is not allowed on a disabled secret.', 'SecretDisabled'),
        KV_REQUEST_ID
      );
    }
  },
  'keyvault: no token for the vault': {
    inputs: { 'key-vault-secrets': 'https://kv-gov.vault.usgovcloudapi.net/secrets/db-password' },
    arrange: () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      imds().reply(400, {
        error: 'invalid_resource',
        error_description:
          'AADSTS500011: The resource principal named https://vault.usgovcloudapi.net was not found in the tenant named Contoso. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.\r\nTrace ID: 2dff494a-0226-4f41-8859-d9f560ca8903\r\nCorrelation ID: 77145480-bc5a-4ebe-ae4d-e4a8b7d727cf\r\nTimestamp: 2026-11-21 12:00:00Z',
        error_codes: [500011]
      });
    }
  },
  'keyvault: expired secret': kvScenario((vault) => vault.reply(200, kvBundle({}, { exp: kvDay(-3) }))),
  'keyvault: secret expiring soon': kvScenario((vault) => vault.reply(200, kvBundle({}, { exp: kvDay(2.5) }))),
  'keyvault: secret not yet valid': kvScenario((vault) => vault.reply(200, kvBundle({}, { nbf: kvDay(1) }))),
  'keyvault: secret said to be disabled': kvScenario((vault) => vault.reply(200, kvBundle({}, { enabled: false }))),
  'keyvault: pretty-printed JSON secret': kvScenario((vault) =>
    vault.reply(200, kvBundle({ value: '{\n  "user": "app",\n  "password": "correct-horse-battery-staple-7"\n}' }))
  ),
  'keyvault: very short secret': kvScenario((vault) => vault.reply(200, kvBundle({ value: 'on' }))),

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
