/**
 * End to end for `container-registry`: the bundle gets a token of the identity for the registry
 * audience from each host's endpoint and exchanges it at the registry emulator, over TLS on
 * loopback, for a password. The registry is reached by its real login server name
 * (myregistry.azurecr.io): directly through the test resolver preloaded into the action's process
 * (`test-dns.js`, as a hosts file would), or through the recording proxy. Every run is scanned
 * for leaks of every token, every password and each host's own credential.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFolder, temporaryFolder } from '../../__fixtures__/cleanup.js';
import { TEST_CA } from '../../__fixtures__/arm-emulator.js';
import { defaultVm, startEmulator } from '../../__fixtures__/emulator.js';
import { startEntra } from '../../__fixtures__/entra-emulator.js';
import { findLeaks } from '../../__fixtures__/leaks.js';
import { loadedFiles, loadedFilesOptions } from '../../__fixtures__/loaded-files.js';
import { startProxy } from '../../__fixtures__/proxy.js';
import { ACR_AUDIENCE, startRegistry } from '../../__fixtures__/registry-emulator.js';
import { type ActionRun, runAction } from '../../__fixtures__/run-action.js';
import { testDnsEnv } from '../../__fixtures__/test-dns.js';

const REGISTRY = 'myregistry.azurecr.io';
const STRICT = 'strict.azurecr.io';
const USER_NAME = '00000000-0000-0000-0000-000000000000';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
const errorLine = (run: ActionRun): string => run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));

/**
 * An identity endpoint (the IMDS emulator, or what `host` adds to it), the registry emulator with
 * a default registry and one with authentication-as-arm disabled, and the recording proxy.
 */
async function world({ roles = 'everyone' as string[] | 'everyone', appServiceHeader = undefined as string | undefined } = {}) {
  const imds = await startEmulator({ appServiceHeader });
  const registry = await startRegistry({
    imds,
    registries: [{ loginServer: REGISTRY }, { loginServer: STRICT, armAudience: false }],
    roles
  });
  const proxy = await startProxy({ tunnels: registry.routes });
  closers.push(imds.close, registry.close, proxy.close);
  const act = async (inputs: Record<string, string>, env: Record<string, string> = {}, secrets: string[] = []) => {
    const run = await runAction({
      inputs: { 'container-registry': REGISTRY, ...inputs },
      env: { NODE_EXTRA_CA_CERTS: TEST_CA, ...testDnsEnv(registry.routes), ...env },
      killAfterMs: 30_000
    });
    expect(findLeaks(run, [...imds.issuedTokens, ...registry.issuedPasswords, ...secrets])).toEqual([]);
    return run;
  };
  return { imds, registry, proxy, act };
}

/** What every successful run shows: the outputs, the masks, the one exchange, the summary row. */
function expectPassword(run: ActionRun, { imds, registry }: Awaited<ReturnType<typeof world>>, loginServer = REGISTRY): void {
  expect(run.code).toBe(0);
  const issued = registry.issuedPasswords.at(-1)!;
  expect(run.outputs['registry-username']).toBe(USER_NAME);
  expect(run.outputs['registry-password']).toBe(issued);
  expect(run.stdout).toContain(`::add-mask::${issued}`);
  // The registry saw the token for its own audience, never the user's token.
  const exchanges = registry.requests.filter((r) => r.path === '/oauth2/exchange');
  expect(exchanges).toHaveLength(1);
  expect(exchanges[0]?.host).toBe(loginServer);
  expect(exchanges[0]?.form).toMatchObject({ grant_type: 'access_token', service: loginServer, tenant: imds.vm.tenantId });
  expect(String(claimsOf(exchanges[0]!.form['access_token']!)['aud']).replace(/\/$/, '')).toBe(ACR_AUDIENCE);
  expect(exchanges[0]?.form['access_token']).not.toBe(run.outputs['access-token']);
  expect(run.stdout).toContain(`::add-mask::${exchanges[0]?.form['access_token']}`);
  expect(run.summary).toMatch(
    new RegExp(`<th align="left">Registry password</th><td>issued for ${loginServer.replace(/\./g, '\\.')}, expires \\d{4}-`)
  );
}

describe('container-registry on an Azure VM (IMDS)', () => {
  it('exchanges a separate token for the registry audience for a password, reaching the registry directly', async () => {
    const w = await world();
    const loading = { NODE_OPTIONS: loadedFilesOptions(testDnsEnv(w.registry.routes).NODE_OPTIONS) };
    const run = await w.act({ endpoint: w.imds.url, resource: 'https://vault.azure.net' }, loading);
    expectPassword(run, w);
    expect(loadedFiles(run)).toEqual(['action.js', 'feature-registry.js', 'index.js']);
    expect(run.outputs['resource']).toBe('https://vault.azure.net');
    expect(w.imds.tokenRequests().map((r) => r.query['resource'])).toEqual(['https://vault.azure.net', ACR_AUDIENCE]);
    expect(w.proxy.seen).toEqual([]);
    // The password's own exp, about 3 hours away.
    const exp = Number(claimsOf(run.outputs['registry-password']!)['exp']) * 1000;
    expect(run.stdout).toContain(`  expires:  ${new Date(exp).toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
  });

  it('works on a registry with authentication-as-arm disabled, with the default (ARM) resource', async () => {
    const w = await world();
    const run = await w.act({ endpoint: w.imds.url, 'container-registry': `https://${STRICT}/` });
    expectPassword(run, w, STRICT);
    expect(run.outputs['resource']).toBe('https://management.azure.com/');
  });

  it('with verify as well', async () => {
    const w = await world();
    const { startArm } = await import('../../__fixtures__/arm-emulator.js');
    const arm = await startArm({ imds: w.imds });
    closers.push(arm.close);
    const loading = { NODE_OPTIONS: loadedFilesOptions(testDnsEnv(w.registry.routes).NODE_OPTIONS) };
    const run = await w.act({ endpoint: w.imds.url, verify: 'true', 'arm-endpoint': `https://${arm.address}` }, loading);
    expectPassword(run, w);
    expect(run.outputs['vm-name']).toBe(w.imds.vm.name);
    expect(run.summary).toContain('✅ verified');
    // The features in their order: the registry's row, then the VM's.
    expect(run.summary).toMatch(/<th align="left">Registry password<\/th>.*<th align="left">Verified VM<\/th>/);
    expect(loadedFiles(run)).toEqual(['action.js', 'feature-registry.js', 'feature-verify.js', 'index.js']);
  });

  it('explains a 401 from the registry: the identity needs a role', async () => {
    const w = await world({ roles: ['someone-else'] });
    const run = await w.act({ endpoint: w.imds.url });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(
      `The container registry ${REGISTRY} (https://${REGISTRY}/oauth2/exchange) refused the token exchange: HTTP 401, UNAUTHORIZED:`
    );
    expect(errorLine(run)).toContain('AcrPull to pull, AcrPush to push');
    expect(run.outputs['registry-password']).toBeUndefined();
    expect(run.outputs['access-token']).toBeDefined();
    expect(run.summary).toContain(`<th align="left">Registry password</th><td>not issued for ${REGISTRY}:`);
  });

  it('rides out throttling: 429 with Retry-After, then a password', async () => {
    const w = await world();
    w.registry.enqueue((response) => {
      response.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '1' });
      response.end(JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'too many requests' }] }));
    });
    const run = await w.act({ endpoint: w.imds.url });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/HTTP 429 \(TOOMANYREQUESTS: too many requests\); retrying in 1\.\d s \(attempt 2\)\./);
    const [first, second] = w.registry.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(run.outputs['registry-password']).toBe(w.registry.issuedPasswords[0]);
  });

  it('says at once that a registry name that does not resolve is no registry', async () => {
    const w = await world();
    const run = await w.act({ endpoint: w.imds.url, 'container-registry': 'nosuchregistry.azurecr.io' });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain('host name not found (ENOTFOUND). No registry is called nosuchregistry.azurecr.io');
    expect(run.durationMs).toBeLessThan(10_000);
  });

  it.each(['myregistry.azurecr.io/team/app', 'registry.example.com', 'http://myregistry.azurecr.io', 'one.azurecr.io two.azurecr.io'])(
    'refuses %p before any request',
    async (value) => {
      const w = await world();
      const run = await w.act({ endpoint: w.imds.url, 'container-registry': value });
      expect(run.code).toBe(1);
      expect(errorLine(run)).toMatch(/^::error::Input 'container-registry' must be one Azure Container Registry login server/);
      expect(w.imds.requests).toEqual([]);
      expect(w.registry.requests).toEqual([]);
    }
  );

  it("reaches the registry through the runner's proxy (CONNECT), and IMDS directly", async () => {
    const w = await world();
    const run = await w.act({ endpoint: w.imds.url }, { HTTPS_PROXY: w.proxy.url, HTTP_PROXY: w.proxy.url });
    expectPassword(run, w);
    expect(w.proxy.seen.map((r) => `${r.method} ${r.target}`)).toEqual([`CONNECT ${REGISTRY}:443`]);
    expect(w.imds.tokenRequests()).toHaveLength(2);
  });

  it('goes around the proxy for a registry in NO_PROXY', async () => {
    const w = await world();
    const run = await w.act({ endpoint: w.imds.url }, { HTTPS_PROXY: w.proxy.url, NO_PROXY: '.azurecr.io' });
    expectPassword(run, w);
    expect(w.proxy.seen).toEqual([]);
  });
});

describe('container-registry on the other hosts', () => {
  it('App Service / Container Apps: the registry token comes from IDENTITY_ENDPOINT too', async () => {
    const header = 'f1e2d3c4-aaaa-4bbb-8ccc-0123456789ab';
    const w = await world({ appServiceHeader: header });
    const run = await w.act({}, { IDENTITY_ENDPOINT: `${w.imds.url}/msi/token`, IDENTITY_HEADER: header }, [header]);
    expectPassword(run, w);
    expect(run.outputs['source']).toBe('app-service');
    expect(w.imds.tokenRequests().map((r) => r.query['resource'])).toEqual(['https://management.azure.com/', ACR_AUDIENCE]);
  });

  it('AKS workload identity: Entra ID gives the registry token for the same client ID', async () => {
    const vm = defaultVm();
    const clientId = vm.userAssigned[0]!.clientId;
    const folder = temporaryFolder('wi-registry-');
    const tokenFile = join(folder, 'azure-identity-token');
    writeFileSync(
      tokenFile,
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczpzZXJ2aWNlLWFjY291bnQtdG9rZW4tMSJ9.c2lnbmF0dXJl'
    );
    const w = await world();
    const entra = await startEntra({ imds: w.imds, tokenFile, clientId, tenantId: vm.tenantId });
    closers.push(entra.close);
    const run = await w.act(
      { 'container-registry': STRICT },
      { AZURE_FEDERATED_TOKEN_FILE: tokenFile, AZURE_CLIENT_ID: clientId, AZURE_TENANT_ID: vm.tenantId, AZURE_AUTHORITY_HOST: entra.url },
      ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczpzZXJ2aWNlLWFjY291bnQtdG9rZW4tMSJ9.c2lnbmF0dXJl']
    );
    expectPassword(run, w, STRICT);
    expect(run.outputs['source']).toBe('workload-identity');
    expect(entra.requests.map((r) => r.form['scope'])).toEqual(['https://management.azure.com/.default', `${ACR_AUDIENCE}/.default`]);
  });

  const root = process.getuid?.() === 0;
  const ARC_FOLDER = '/var/opt/azcmagent/tokens';
  (root ? it : it.skip)(
    "Azure Arc (needs root to write the agent's key folder): the agent's challenge is answered for the registry token too",
    async () => {
      // Made where missing, and removed after the whole run (other test files use it too).
      ensureFolder(ARC_FOLDER);
      const imds = await startEmulator({ arc: { folder: ARC_FOLDER } });
      const registry = await startRegistry({ imds, registries: [{ loginServer: REGISTRY }] });
      closers.push(imds.close, registry.close);
      const run = await runAction({
        inputs: { 'container-registry': REGISTRY },
        env: {
          IDENTITY_ENDPOINT: `${imds.url}/metadata/identity/oauth2/token`,
          IMDS_ENDPOINT: imds.url,
          NODE_EXTRA_CA_CERTS: TEST_CA,
          ...testDnsEnv(registry.routes)
        },
        killAfterMs: 30_000
      });
      const keys = imds.arcFiles
        .filter((file) => existsSync(file) && file.startsWith(ARC_FOLDER))
        .map((file) => readFileSync(file, 'utf8'));
      expect(findLeaks(run, [...imds.issuedTokens, ...registry.issuedPasswords, ...keys])).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.outputs['source']).toBe('arc');
      expect(run.outputs['registry-password']).toBe(registry.issuedPasswords[0]);
      // Two tokens, each after the agent's challenge: four requests.
      expect(imds.tokenRequests().map((r) => r.query['resource'])).toEqual([
        'https://management.azure.com/',
        'https://management.azure.com/',
        ACR_AUDIENCE,
        ACR_AUDIENCE
      ]);
    }
  );
});
