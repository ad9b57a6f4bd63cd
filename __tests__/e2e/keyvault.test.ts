/**
 * End to end for `key-vault-secrets`: the committed bundle, run as a step, gets a separate token
 * for each vault audience from every host's identity endpoint, reads the secrets from the Key
 * Vault emulator over TLS on loopback, by their real host names (the test resolver plays the
 * hosts file), and hands each value over as the step output NAME (and, with export-secrets, the
 * variable NAME). Every run is scanned (keyvault-world.ts): no token, no credential, no value and
 * no line of a value anywhere but its mask line and its own NAME; no workflow command the action
 * did not mean. Failures, hostile answers and bad entries: keyvault-failures.test.ts; the proxy:
 * keyvault-proxy.test.ts; many copies at once: keyvault-concurrency.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startArm } from '../../__fixtures__/arm-emulator.js';
import { ensureFolder, defer, temporaryFolder } from '../../__fixtures__/cleanup.js';
import { defaultVm } from '../../__fixtures__/emulator.js';
import { startEntra } from '../../__fixtures__/entra-emulator.js';
import { warningLines } from '../../__fixtures__/hostile.js';
import {
  CHINA,
  claimsOf,
  GOV,
  keyVaultWorld,
  PUBLIC,
  SECOND,
  secretOutputs,
  summaryRows,
  VAULT_AUDIENCE
} from '../../__fixtures__/keyvault-world.js';
import { loadedFiles, loadedFilesOptions } from '../../__fixtures__/loaded-files.js';
import { ACR_AUDIENCE, startRegistry } from '../../__fixtures__/registry-emulator.js';
import type { ActionRun } from '../../__fixtures__/run-action.js';
import { testDnsEnv } from '../../__fixtures__/test-dns.js';

const ARM = 'https://management.azure.com/';
const V1 = '0123456789abcdef0123456789abcdef';
const V2 = 'fedcba9876543210fedcba9876543210';

/** A PEM private key of random base64 lines: every line differs, so the scan can tell each one apart. */
const pem = (): string => {
  const body = randomBytes(600).toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  return ['-----BEGIN PRIVATE KEY-----', ...lines, '-----END PRIVATE KEY-----'].join('\n');
};
const DB_PASSWORD = 'fake-db-password-Tr0ub4dor&3';
const OLD_PASSWORD = 'fake-db-password-before-rotation';

/** The two secrets most tests read, and what they become. */
const baseVaults = (key = pem()) => [
  {
    host: PUBLIC,
    secrets: {
      'db-password': {
        versions: [
          { value: OLD_PASSWORD, version: V1 },
          { value: DB_PASSWORD, version: V2 }
        ]
      },
      'tls-key': { value: key, contentType: 'application/x-pem-file' }
    }
  }
];
const ENTRIES = 'myvault/db-password\nmyvault/tls-key > TLS_KEY';

/** The value of each NAME a successful run of ENTRIES hands over. */
const expected = (w: Awaited<ReturnType<typeof keyVaultWorld>>) => ({
  DB_PASSWORD,
  TLS_KEY: w.vaultValues.find((value) => value.startsWith('-----BEGIN PRIVATE KEY-----'))!
});

/** What every run that read ENTRIES shows: outputs, masks before use, one vault token, the rows. */
function expectSecrets(run: ActionRun, w: Awaited<ReturnType<typeof keyVaultWorld>>, { userToken = ARM } = {}): void {
  expect(run.code).toBe(0);
  const values = expected(w);
  expect(secretOutputs(run)).toEqual(values);
  expect(run.exported).toEqual({});
  // Each value masked before anything else is done with it: its mask line comes before the line
  // that reports it read.
  for (const value of Object.values(values)) {
    const mask = run.stdout.indexOf(`::add-mask::${value.replace(/\n/g, '%0A')}\n`);
    expect(mask).toBeGreaterThanOrEqual(0);
    expect(mask).toBeLessThan(run.stdout.indexOf('Read the secret'));
  }
  expect(run.stdout).toContain(`Read the secret myvault/db-password (version ${V2.slice(0, 8)}) as DB_PASSWORD.`);
  expect(run.stdout).toMatch(
    /^Read the secret myvault\/tls-key \(version [0-9a-f]{8}, content type application\/x-pem-file\) as TLS_KEY\.$/m
  );
  // Both secrets were asked of the vault by its name, with one constant api-version, and the
  // token for the vault audience, never the user's token for another resource.
  const requests = w.secretRequests();
  expect(requests.map((r) => `${r.host} ${r.path} ${r.query['api-version']} ${r.status}`).sort()).toEqual([
    `${PUBLIC} /secrets/db-password 7.6 200`,
    `${PUBLIC} /secrets/tls-key 7.6 200`
  ]);
  const vaultTokens = new Set(requests.map((r) => r.token));
  expect(vaultTokens.size).toBe(1);
  const [vaultToken] = [...vaultTokens];
  expect(claimsOf(vaultToken!)['aud']).toBe(VAULT_AUDIENCE);
  if (userToken !== VAULT_AUDIENCE) {
    expect(vaultToken).not.toBe(run.outputs['access-token']);
    expect(run.stdout).toContain(`::add-mask::${vaultToken}\n`);
    expect(Object.values(run.outputs)).not.toContain(vaultToken);
  }
  // One row per secret, naming the secret and the version it read, and never a value.
  expect(summaryRows(run)).toEqual([
    ['DB_PASSWORD', `myvault/db-password, version ${V2.slice(0, 8)}`],
    ['TLS_KEY', expect.stringMatching(/^myvault\/tls-key, version [0-9a-f]{8}$/)]
  ]);
}

describe('key-vault-secrets on an Azure VM (IMDS)', () => {
  it('reads two secrets with a separate token for the vault audience, and hands each over as its NAME', async () => {
    const w = await keyVaultWorld({ vaults: baseVaults() });
    const run = await w.act(
      { 'key-vault-secrets': ENTRIES },
      { env: { NODE_OPTIONS: loadedFilesOptions(testDnsEnv(w.kv.routes).NODE_OPTIONS) }, outputs: expected(w) }
    );
    expectSecrets(run, w);
    expect(run.outputs['source']).toBe('imds');
    expect(run.outputs['resource']).toBe(ARM);
    expect(w.imds.tokenRequests().map((r) => r.query['resource'])).toEqual([ARM, VAULT_AUDIENCE]);
    expect(run.stdout).toContain(
      'Getting a separate token for https://vault.azure.net to read the key vault secrets with (it is not handed over).'
    );
    expect(run.stdout).toContain('  handed over as 2 step outputs named as above (masked in logs).');
    expect(loadedFiles(run)).toEqual(['action.js', 'feature-keyvault.js', 'index.js']);
    // The multi-line PEM: one mask for the whole value (the runner masks each line of it), and
    // every line of it only in its output.
    expect(run.outputs['TLS_KEY']!.split('\n').length).toBeGreaterThan(10);
    // The vault was never proxied, and nothing was written to GITHUB_ENV.
    expect(w.proxy.seen).toEqual([]);
    expect(run.files['ENV']).toBe('');
  });

  it('uses the token the user asked for when it already is for the vault audience: no second token', async () => {
    const w = await keyVaultWorld({ vaults: baseVaults() });
    const run = await w.act({ 'key-vault-secrets': ENTRIES, resource: VAULT_AUDIENCE }, { outputs: expected(w) });
    expectSecrets(run, w, { userToken: VAULT_AUDIENCE });
    expect(w.imds.tokenRequests().map((r) => r.query['resource'])).toEqual([VAULT_AUDIENCE]);
    expect(w.secretRequests().map((r) => r.token)).toEqual([run.outputs['access-token'], run.outputs['access-token']]);
  });

  it('asks for a separate token when the resource is the vault with a trailing slash (Key Vault refuses that audience)', async () => {
    const w = await keyVaultWorld({ vaults: baseVaults() });
    const run = await w.act({ 'key-vault-secrets': ENTRIES, resource: `${VAULT_AUDIENCE}/` }, { outputs: expected(w) });
    expectSecrets(run, w);
    expect(w.imds.tokenRequests().map((r) => r.query['resource'])).toEqual([`${VAULT_AUDIENCE}/`, VAULT_AUDIENCE]);
  });

  it('reads from two vaults with the one vault token, by name and by the secret identifier the portal shows', async () => {
    const w = await keyVaultWorld({
      vaults: [...baseVaults(), { host: SECOND, secrets: { 'api-key': 'fake-api-key-of-the-team-vault' } }]
    });
    const outputs = { DB_PASSWORD, API_KEY: 'fake-api-key-of-the-team-vault' };
    const run = await w.act({ 'key-vault-secrets': `myvault/db-password\nhttps://${SECOND}/secrets/api-key` }, { outputs });
    expect(run.code).toBe(0);
    expect(secretOutputs(run)).toEqual(outputs);
    expect(
      w
        .secretRequests()
        .map((r) => `${r.host}${r.path}`)
        .sort()
    ).toEqual([`${PUBLIC}/secrets/db-password`, `${SECOND}/secrets/api-key`]);
    expect(new Set(w.secretRequests().map((r) => r.token)).size).toBe(1);
    expect(w.imds.tokenRequests().map((r) => r.query['resource'])).toEqual([ARM, VAULT_AUDIENCE]);
    expect(summaryRows(run).map(([name, cell]) => [name, cell.split(',')[0]])).toEqual([
      ['DB_PASSWORD', 'myvault/db-password'],
      ['API_KEY', 'teamvault/api-key']
    ]);
  });

  it.each([
    [GOV, 'https://vault.usgovcloudapi.net'],
    [CHINA, 'https://vault.azure.cn']
  ])('reads a vault of a sovereign cloud (%s) with a token for that cloud: %s', async (host, audience) => {
    const w = await keyVaultWorld({
      vaults: [...baseVaults(), { host, secrets: { 'sovereign-secret': 'fake-sovereign-value-1234' } }]
    });
    const outputs = { DB_PASSWORD, SOVEREIGN: 'fake-sovereign-value-1234' };
    const run = await w.act(
      { 'key-vault-secrets': `myvault/db-password\nhttps://${host}/secrets/sovereign-secret > SOVEREIGN` },
      { outputs }
    );
    expect(run.code).toBe(0);
    expect(secretOutputs(run)).toEqual(outputs);
    // One token for each audience, each only to its own cloud's vault.
    expect(w.imds.tokenRequests().map((r) => r.query['resource'])).toEqual([ARM, VAULT_AUDIENCE, audience]);
    const byHost = Object.fromEntries(w.secretRequests().map((r) => [r.host, claimsOf(r.token)['aud']]));
    expect(byHost).toEqual({ [PUBLIC]: VAULT_AUDIENCE, [host]: audience });
    expect(run.stdout).toContain(`Getting a separate token for ${audience} to read the key vault secrets with (it is not handed over).`);
  });

  it('reads a pinned version, in both forms, and refuses nothing that matches it in another case', async () => {
    const w = await keyVaultWorld({ vaults: baseVaults() });
    const outputs = { OLD: OLD_PASSWORD, OLD_AGAIN: OLD_PASSWORD, NEW: DB_PASSWORD };
    const run = await w.act(
      {
        'key-vault-secrets': [
          `myvault/db-password/${V1} > OLD`,
          `https://${PUBLIC}/secrets/db-password/${V1.toUpperCase()} > OLD_AGAIN`,
          'myvault/db-password > NEW'
        ].join('\n')
      },
      { outputs }
    );
    expect(run.code).toBe(0);
    expect(secretOutputs(run)).toEqual(outputs);
    expect(
      w
        .secretRequests()
        .map((r) => r.path.toLowerCase())
        .sort()
    ).toEqual(['/secrets/db-password', `/secrets/db-password/${V1}`, `/secrets/db-password/${V1}`]);
    expect(summaryRows(run)).toEqual([
      ['OLD', `myvault/db-password, version ${V1.slice(0, 8)}`],
      ['OLD_AGAIN', `myvault/db-password, version ${V1.slice(0, 8)}`],
      ['NEW', `myvault/db-password, version ${V2.slice(0, 8)}`]
    ]);
  });

  it('hands over Unicode, a 25 KB value and an empty value exactly; masks all but the empty one', async () => {
    const unicode = 'fake-pässwörd-日本語-🔑-Ωμέγα';
    // 25 KB, Key Vault's limit, full of what JSON escapes (quotes, backslashes, newlines) and random base64.
    const big = Array.from({ length: 300 }, (_, i) => `line ${i} "quoted" \\ ${randomBytes(72).toString('base64')}`)
      .join('\n')
      .slice(0, 25 * 1024);
    const w = await keyVaultWorld({
      vaults: [{ host: PUBLIC, secrets: { unicode, big: { value: big }, empty: { value: '' } } }]
    });
    const outputs = { UNICODE: unicode, BIG: big, EMPTY: '' };
    const run = await w.act({ 'key-vault-secrets': 'myvault/unicode\nmyvault/big\nmyvault/empty' }, { outputs });
    expect(run.code).toBe(0);
    expect(Buffer.byteLength(big)).toBe(25 * 1024);
    expect(secretOutputs(run)).toEqual(outputs);
    expect(run.stdout).toContain(`::add-mask::${unicode}\n`);
    expect(run.stdout).toContain(`::add-mask::${big.replace(/\n/g, '%0A')}\n`);
    // An empty value is legal, and not masked (an empty mask would be no mask at all).
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'))).toHaveLength(4);
    expect(run.stdout).not.toMatch(/^::add-mask::$/m);
    expect(summaryRows(run).map(([name]) => name)).toEqual(['UNICODE', 'BIG', 'EMPTY']);
  });

  it('exports each value as the variable NAME with export-secrets, as well as the output', async () => {
    const w = await keyVaultWorld({ vaults: baseVaults() });
    const values = expected(w);
    const run = await w.act({ 'key-vault-secrets': ENTRIES, 'export-secrets': 'true' }, { outputs: values, exported: values });
    expect(run.code).toBe(0);
    expect(secretOutputs(run)).toEqual(values);
    expect(run.exported).toEqual(values);
    expect(run.stdout).toContain('  handed over as 2 step outputs and environment variables named as above (masked in logs).');
  });

  it('warns about an expired secret, one expiring within 7 days, one not yet valid, and short lines, and still hands them over', async () => {
    const now = Math.floor(Date.now() / 1000);
    const json = '{\n  "user": "fake-user",\n  "password": "fake-json-password"\n}';
    const w = await keyVaultWorld({
      vaults: [
        {
          host: PUBLIC,
          secrets: {
            expired: { value: 'fake-expired-value', exp: now - 86_400 },
            soon: { value: 'fake-soon-value', exp: now + 3 * 86_400 },
            later: { value: 'fake-later-value', nbf: now + 86_400 },
            settings: { value: json }
          }
        }
      ]
    });
    const outputs = { EXPIRED: 'fake-expired-value', SOON: 'fake-soon-value', LATER: 'fake-later-value', SETTINGS: json };
    const run = await w.act({ 'key-vault-secrets': 'myvault/expired\nmyvault/soon\nmyvault/later\nmyvault/settings' }, { outputs });
    expect(run.code).toBe(0);
    expect(secretOutputs(run)).toEqual(outputs);
    const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const warnings = warningLines(run);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`The secret EXPIRED (myvault/expired) expired at ${iso(now - 86_400)}.`),
        expect.stringContaining(`The secret SOON (myvault/soon) expires at ${iso(now + 3 * 86_400)}, within 3 day(s)`),
        expect.stringContaining(`The secret LATER (myvault/later) is not valid before ${iso(now + 86_400)}`),
        expect.stringMatching(/^The secret SETTINGS \(myvault\/settings\) has 2 lines shorter than 4 characters .*jq -c/)
      ])
    );
    expect(warnings).toHaveLength(4);
    // The expiry is in the row; the value never is.
    expect(summaryRows(run)).toEqual(
      expect.arrayContaining([['EXPIRED', expect.stringMatching(new RegExp(`, expires ${iso(now - 86_400)}$`))]])
    );
  });

  it('keeps at most 8 requests in flight for 20 secrets, all fetched side by side', async () => {
    const secrets = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`s${i}`, `fake-value-number-${i}-${randomBytes(6).toString('hex')}`])
    );
    const w = await keyVaultWorld({ vaults: [{ host: PUBLIC, secrets, latencyMs: 300 }] });
    const outputs = Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name.toUpperCase(), value]));
    const run = await w.act(
      {
        'key-vault-secrets': Object.keys(secrets)
          .map((s) => `myvault/${s}`)
          .join('\n')
      },
      { outputs }
    );
    expect(run.code).toBe(0);
    expect(secretOutputs(run)).toEqual(outputs);
    expect(w.kv.stats.peakInFlight).toBe(8);
    expect(w.secretRequests()).toHaveLength(20);
  });
});

describe('key-vault-secrets on the other hosts', () => {
  it('the legacy VM extension: the vault token comes from the extension too', async () => {
    const w = await keyVaultWorld({ vaults: baseVaults() });
    const run = await w.act({ 'key-vault-secrets': ENTRIES, source: 'vm-extension' }, { outputs: expected(w) });
    expectSecrets(run, w);
    expect(run.outputs['source']).toBe('vm-extension');
    expect(w.imds.tokenRequests().map((r) => [r.path, r.query['resource']])).toEqual([
      ['/oauth2/token', ARM],
      ['/oauth2/token', VAULT_AUDIENCE]
    ]);
  });

  it('App Service / Container Apps: the vault token comes from IDENTITY_ENDPOINT, with IDENTITY_HEADER', async () => {
    const header = 'f1e2d3c4-aaaa-4bbb-8ccc-0123456789ab';
    const w = await keyVaultWorld({ vaults: baseVaults(), emulator: { appServiceHeader: header } });
    const run = await w.act(
      { 'key-vault-secrets': ENTRIES, endpoint: '' },
      { env: { IDENTITY_ENDPOINT: `${w.imds.url}/msi/token`, IDENTITY_HEADER: header }, secrets: [header], outputs: expected(w) }
    );
    expectSecrets(run, w);
    expect(run.outputs['source']).toBe('app-service');
    expect(w.imds.tokenRequests().map((r) => [r.path, r.query['resource']])).toEqual([
      ['/msi/token', ARM],
      ['/msi/token', VAULT_AUDIENCE]
    ]);
  });

  it('AKS workload identity: Entra ID gives the vault token for the same client ID', async () => {
    const vm = defaultVm();
    const clientId = vm.userAssigned[0]!.clientId;
    const assertion =
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczprZXl2YXVsdC10ZXN0In0.c2lnbmF0dXJlLW9mLWtleXZhdWx0';
    const tokenFile = join(temporaryFolder('wi-keyvault-'), 'azure-identity-token');
    writeFileSync(tokenFile, assertion);
    const w = await keyVaultWorld({ vaults: baseVaults() });
    const entra = await startEntra({ imds: w.imds, tokenFile, clientId, tenantId: vm.tenantId });
    defer(entra.close);
    const run = await w.act(
      { 'key-vault-secrets': ENTRIES, endpoint: '' },
      {
        env: {
          AZURE_FEDERATED_TOKEN_FILE: tokenFile,
          AZURE_CLIENT_ID: clientId,
          AZURE_TENANT_ID: vm.tenantId,
          AZURE_AUTHORITY_HOST: entra.url
        },
        secrets: [assertion],
        outputs: expected(w)
      }
    );
    expectSecrets(run, w);
    expect(run.outputs['source']).toBe('workload-identity');
    expect(entra.requests.map((r) => r.form['scope'])).toEqual([`${ARM}.default`, `${VAULT_AUDIENCE}/.default`]);
    expect(claimsOf(w.secretRequests()[0]!.token)['appid']).toBe(clientId);
  });

  const root = process.getuid?.() === 0;
  const ARC_FOLDER = '/var/opt/azcmagent/tokens';
  (root ? it : it.skip)(
    "Azure Arc (needs root to write the agent's key folder): the agent's challenge is answered for the vault token too",
    async () => {
      // Made where missing, and removed after the whole run (other test files use it too).
      ensureFolder(ARC_FOLDER);
      const w = await keyVaultWorld({ vaults: baseVaults(), emulator: { arc: { folder: ARC_FOLDER } } });
      const run = await w.act(
        { 'key-vault-secrets': ENTRIES, endpoint: '' },
        {
          env: { IDENTITY_ENDPOINT: `${w.imds.url}/metadata/identity/oauth2/token`, IMDS_ENDPOINT: w.imds.url },
          secrets: () =>
            w.imds.arcFiles.filter((file) => existsSync(file) && file.startsWith(ARC_FOLDER)).map((file) => readFileSync(file, 'utf8')),
          outputs: expected(w)
        }
      );
      expectSecrets(run, w);
      expect(run.outputs['source']).toBe('arc');
      // Two tokens, each after the agent's challenge: four requests.
      expect(w.imds.tokenRequests().map((r) => r.query['resource'])).toEqual([ARM, ARM, VAULT_AUDIENCE, VAULT_AUDIENCE]);
    }
  );
});

describe('key-vault-secrets with the other features, in one step', () => {
  it('reads the secrets, gets a registry password and verifies the VM, each with its own token, under one timeout', async () => {
    const w = await keyVaultWorld({ vaults: baseVaults() });
    const registry = await startRegistry({ imds: w.imds, registries: [{ loginServer: 'myregistry.azurecr.io' }] });
    defer(registry.close);
    const arm = await startArm({ imds: w.imds });
    defer(arm.close);
    const routes = { ...w.kv.routes, ...registry.routes };
    const run = await w.act(
      {
        'key-vault-secrets': ENTRIES,
        'container-registry': 'myregistry.azurecr.io',
        verify: 'true',
        'arm-endpoint': `https://${arm.address}`,
        'timeout-seconds': '30'
      },
      {
        env: { ...testDnsEnv(routes), NODE_OPTIONS: loadedFilesOptions(testDnsEnv(routes).NODE_OPTIONS) },
        secrets: registry.issuedPasswords,
        outputs: expected(w)
      }
    );
    expectSecrets(run, w);
    expect(run.outputs['registry-password']).toBe(registry.issuedPasswords[0]);
    expect(run.outputs['vm-name']).toBe(w.imds.vm.name);
    expect(
      w.imds
        .tokenRequests()
        .map((r) => r.query['resource'])
        .sort()
    ).toEqual([ARM, ACR_AUDIENCE, VAULT_AUDIENCE].sort());
    // Each token went to its own service only.
    expect(arm.requests.map((r) => claimsOf(r.token)['aud'])).toEqual([ARM]);
    expect(w.secretRequests().every((r) => claimsOf(r.token)['aud'] === VAULT_AUDIENCE)).toBe(true);
    expect(loadedFiles(run)).toEqual(['action.js', 'feature-keyvault.js', 'feature-registry.js', 'feature-verify.js', 'index.js']);
    expect(run.summary).toContain('✅ verified');
    expect(run.summary).toContain('<th align="left">Registry password</th>');
    expect(summaryRows(run).map(([name]) => name)).toEqual(['DB_PASSWORD', 'TLS_KEY']);
  });
});
