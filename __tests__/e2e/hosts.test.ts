/**
 * End to end on the other hosts a runner lives on, each announced the way its platform does:
 * AKS workload identity (Entra ID over TLS on loopback), App Service / Container Apps, Azure Arc.
 * Every run is scanned for leaks of every token, and of each host's own credential (the
 * federated token, IDENTITY_HEADER, the Arc key).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defer, ensureFolder, temporaryFolder } from '../../__fixtures__/cleanup.js';
import { TEST_CA } from '../../__fixtures__/arm-emulator.js';
import { defaultVm, startEmulator } from '../../__fixtures__/emulator.js';
import { startEntra } from '../../__fixtures__/entra-emulator.js';
import { findLeaks } from '../../__fixtures__/leaks.js';
import { loadedFiles, loadedFilesOptions } from '../../__fixtures__/loaded-files.js';
import { startProxy } from '../../__fixtures__/proxy.js';
import { runStep } from '../../__fixtures__/action-yml.js';
import type { ActionRun } from '../../__fixtures__/run-action.js';

/** Projected service account tokens, as the kubelet writes them (JWTs; the signature is fake). */
const SERVICE_ACCOUNT_TOKEN_1 =
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczpzZXJ2aWNlLWFjY291bnQtdG9rZW4tMSJ9.c2lnbmF0dXJl';
const SERVICE_ACCOUNT_TOKEN_2 =
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczpzZXJ2aWNlLWFjY291bnQtdG9rZW4tMiJ9.c2lnbmF0dXJl';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
const errorLine = (run: ActionRun): string => run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';

describe('AKS workload identity', () => {
  const vm = defaultVm();
  const clientId = vm.userAssigned[0]!.clientId;
  async function world() {
    const folder = temporaryFolder('wi-e2e-');
    const tokenFile = join(folder, 'azure-identity-token');
    writeFileSync(tokenFile, SERVICE_ACCOUNT_TOKEN_1);
    const imds = await startEmulator();
    const entra = await startEntra({ imds, tokenFile, clientId, tenantId: vm.tenantId });
    const proxy = await startProxy({ tunnels: { 'login.microsoftonline.com:443': entra.address } });
    closers.push(imds.close, entra.close, proxy.close);
    const env = {
      AZURE_FEDERATED_TOKEN_FILE: tokenFile,
      AZURE_CLIENT_ID: clientId,
      AZURE_TENANT_ID: vm.tenantId,
      AZURE_AUTHORITY_HOST: entra.url,
      NODE_EXTRA_CA_CERTS: TEST_CA
    };
    const act = async (inputs: Record<string, string> = {}, extra: Record<string, string> = {}) => {
      const run = await runStep({ inputs, env: { ...env, ...extra }, killAfterMs: 30_000 });
      expect(findLeaks(run, [...imds.issuedTokens, readFileSync(tokenFile, 'utf8'), SERVICE_ACCOUNT_TOKEN_1])).toEqual([]);
      return run;
    };
    return { tokenFile, imds, entra, proxy, act };
  }

  it('exchanges the federated token with Entra ID, found by auto-detection', async () => {
    const { imds, entra, act } = await world();
    const run = await act({ resource: 'https://vault.azure.net' }, { NODE_OPTIONS: loadedFilesOptions() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Source: workload-identity, because AZURE_FEDERATED_TOKEN_FILE is set (AKS workload identity).');
    // Its code comes with the step that uses it, not with every step.
    expect(loadedFiles(run)).toEqual(['action.js', 'index.js', 'source-workload-identity.js']);
    expect(run.outputs).toMatchObject({
      source: 'workload-identity',
      resource: 'https://vault.azure.net',
      'client-id': clientId,
      'tenant-id': vm.tenantId
    });
    expect(run.outputs['access-token']).toBe(imds.issuedTokens[0]);
    expect(entra.requests[0]?.form).toMatchObject({
      client_id: clientId,
      scope: 'https://vault.azure.net/.default',
      client_assertion: SERVICE_ACCOUNT_TOKEN_1
    });
    expect(run.stdout).toContain(`::add-mask::${SERVICE_ACCOUNT_TOKEN_1}`);
    expect(imds.tokenRequests()).toEqual([]);
  });

  it('sends the current content of a rotated token file', async () => {
    const { tokenFile, entra, act } = await world();
    expect((await act()).code).toBe(0);
    writeFileSync(tokenFile, SERVICE_ACCOUNT_TOKEN_2);
    const run = await act();
    expect(run.code).toBe(0);
    expect(entra.requests.map((r) => r.form['client_assertion'])).toEqual([SERVICE_ACCOUNT_TOKEN_1, SERVICE_ACCOUNT_TOKEN_2]);
  });

  it("reaches Entra ID's real host name through the runner proxy", async () => {
    const { proxy, act } = await world();
    const run = await act({}, { AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com/', HTTPS_PROXY: proxy.url });
    expect(run.code).toBe(0);
    expect(proxy.seen.map((r) => `${r.method} ${r.target}`)).toEqual(['CONNECT login.microsoftonline.com:443']);
  });

  it('explains a federated credential Entra ID does not know', async () => {
    const { act } = await world();
    // A service account token Entra ID's federated credential does not match.
    const stranger = join(temporaryFolder('msi-token-sa-'), 'token');
    writeFileSync(stranger, 'eyJhbGciOiJFUzM4NCJ9.eyJpc3MiOiJodHRwczovL290aGVyLmV4YW1wbGUiLCJzdWIiOiJ4In0.c2ln');
    const run = await act({}, { AZURE_FEDERATED_TOKEN_FILE: stranger });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain('AADSTS70021: No matching federated identity record found');
    expect(errorLine(run)).toContain(`The identity ${clientId} has no federated credential matching this pod's service account token`);
  });
});

describe('App Service / Container Apps', () => {
  const HEADER = 'f1e2d3c4-aaaa-4bbb-8ccc-0123456789ab';
  async function world() {
    const imds = await startEmulator({ appServiceHeader: HEADER });
    closers.push(imds.close);
    const env = { IDENTITY_ENDPOINT: `${imds.url}/msi/token`, IDENTITY_HEADER: HEADER };
    const act = async (inputs: Record<string, string> = {}, extra: Record<string, string> = {}) => {
      const run = await runStep({ inputs, env: { ...env, ...extra }, killAfterMs: 30_000 });
      expect(findLeaks(run, [...imds.issuedTokens, HEADER])).toEqual([]);
      return run;
    };
    return { imds, act };
  }

  it('gets a token from IDENTITY_ENDPOINT with the identity header, found by auto-detection', async () => {
    const { imds, act } = await world();
    const run = await act({ resource: 'https://storage.azure.com/' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      source: 'app-service',
      resource: 'https://storage.azure.com/',
      'client-id': imds.vm.systemAssigned!.clientId
    });
    expect(run.stdout).toContain(`::add-mask::${HEADER}`);
    expect(imds.tokenRequests()[0]?.query).toMatchObject({ 'api-version': '2019-08-01', resource: 'https://storage.azure.com/' });
  });

  it('selects a user-assigned identity by object ID (principal_id)', async () => {
    const { imds, act } = await world();
    const wanted = imds.vm.userAssigned[1]!;
    const run = await act({ 'object-id': wanted.objectId });
    expect(run.code).toBe(0);
    expect(run.outputs['client-id']).toBe(wanted.clientId);
  });

  it.each([
    ['wrong', { IDENTITY_HEADER: '00000000-0000-4000-8000-000000000000' }],
    ['missing', { IDENTITY_HEADER: '' }]
  ])('explains a %s IDENTITY_HEADER', async (_, extra) => {
    const { act } = await world();
    const run = await act({ source: 'app-service' }, extra);
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/The platform rotates it|this runner has no IDENTITY_HEADER/);
  });
});

const root = process.getuid?.() === 0;
const ARC_FOLDER = '/var/opt/azcmagent/tokens';
// The agent's folder is fixed (anything else is refused), so these tests need to write there.
(root ? describe : describe.skip)("Azure Arc (needs root to write the agent's key folder)", () => {
  // Made where missing, and removed after the whole run (other test files use it too).
  beforeAll(() => ensureFolder(ARC_FOLDER));

  async function world(arc: { keyFile?: string; key?: string } = {}) {
    const imds = await startEmulator({ arc: { folder: ARC_FOLDER, ...arc } });
    closers.push(imds.close);
    const act = async (inputs: Record<string, string> = {}) => {
      const run = await runStep({
        inputs,
        env: { IDENTITY_ENDPOINT: `${imds.url}/metadata/identity/oauth2/token`, IMDS_ENDPOINT: imds.url },
        killAfterMs: 30_000
      });
      const keys = imds.arcFiles
        .filter((file) => existsSync(file) && file.startsWith(ARC_FOLDER))
        .map((file) => readFileSync(file, 'utf8'));
      expect(findLeaks(run, [...imds.issuedTokens, ...keys])).toEqual([]);
      return run;
    };
    return { imds, act };
  }

  it("answers the agent's challenge with its key file, found by auto-detection", async () => {
    const { imds, act } = await world();
    const run = await act();
    expect(run.code).toBe(0);
    expect(run.outputs['source']).toBe('arc');
    expect(imds.tokenRequests()).toHaveLength(2);
    expect(imds.tokenRequests()[1]?.headers['authorization']).toMatch(/^Basic [0-9a-f]{64}$/);
  });

  it.each([
    ['outside the folder', { keyFile: '/etc/hostname.key' }, 'is not directly inside /var/opt/azcmagent/tokens'],
    ['of the wrong kind', { keyFile: `${ARC_FOLDER}/secrets.txt` }, 'is not a .key file'],
    ['too large', { keyFile: `${ARC_FOLDER}/large.key` }, 'more than the 4096 such a file ever holds']
  ])('refuses a key file %s', async (_, arc, expected) => {
    if (arc.keyFile.endsWith('large.key')) {
      writeFileSync(arc.keyFile, 'k'.repeat(5000));
      defer(() => rmSync(arc.keyFile, { force: true }));
    }
    const { imds, act } = await world(arc);
    const run = await act();
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(expected);
    expect(errorLine(run)).toContain('refused as a possible attack');
    expect(imds.tokenRequests()).toHaveLength(1);
  });
});
