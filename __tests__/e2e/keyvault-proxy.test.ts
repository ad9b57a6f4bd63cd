/**
 * End to end for `key-vault-secrets` behind the runner's proxy: the vault is reached by a CONNECT
 * tunnel to its own host (the recording proxy carries it to the Key Vault emulator), the identity
 * endpoint directly, and a vault host NO_PROXY covers (the `.vault.azure.net` suffix form, the
 * usual entry for private endpoints) directly too. Every run is scanned for leaks
 * (keyvault-world.ts).
 */
import { defer } from '../../__fixtures__/cleanup.js';
import type { VaultOptions } from '../../__fixtures__/keyvault-emulator.js';
import { startProxy } from '../../__fixtures__/proxy.js';
import { GOV, keyVaultWorld, PUBLIC, SECOND, secretOutputs } from '../../__fixtures__/keyvault-world.js';

const VALUES = {
  DB_PASSWORD: 'fake-db-password-through-proxy',
  API_KEY: 'fake-api-key-of-the-team-vault',
  GOV_SECRET: 'fake-gov-value-1234'
};
const vaults = (): VaultOptions[] => [
  { host: PUBLIC, secrets: { 'db-password': VALUES.DB_PASSWORD } },
  { host: SECOND, secrets: { 'api-key': VALUES.API_KEY } },
  { host: GOV, secrets: { 'gov-secret': VALUES.GOV_SECRET } }
];
const ENTRIES = `myvault/db-password\nteamvault/api-key\nhttps://${GOV}/secrets/gov-secret`;

describe('key-vault-secrets through the proxy', () => {
  it('tunnels to each vault host (CONNECT host:443), and asks the identity endpoint directly', async () => {
    const w = await keyVaultWorld({ vaults: vaults() });
    const run = await w.act(
      { 'key-vault-secrets': ENTRIES },
      { env: { HTTPS_PROXY: w.proxy.url, HTTP_PROXY: w.proxy.url }, outputs: VALUES }
    );
    expect(run.code).toBe(0);
    expect(secretOutputs(run)).toEqual(VALUES);
    expect(w.proxy.seen.map((r) => `${r.method} ${r.target}`).sort()).toEqual([
      `CONNECT ${GOV}:443`,
      `CONNECT ${PUBLIC}:443`,
      `CONNECT ${SECOND}:443`
    ]);
    // Each tunnel carried its vault's request, with the vault's own name in the Host header.
    expect(
      w
        .secretRequests()
        .map((r) => r.host)
        .sort()
    ).toEqual([GOV, PUBLIC, SECOND]);
    // The three tokens (ARM, public vaults, US Government vault) came straight from the endpoint.
    expect(w.imds.tokenRequests()).toHaveLength(3);
  });

  it('goes around the proxy for the vaults NO_PROXY lists by suffix, and through it for the others', async () => {
    const w = await keyVaultWorld({ vaults: vaults() });
    const run = await w.act(
      { 'key-vault-secrets': ENTRIES },
      { env: { HTTPS_PROXY: w.proxy.url, NO_PROXY: 'localhost,.vault.azure.net' }, outputs: VALUES }
    );
    expect(run.code).toBe(0);
    expect(secretOutputs(run)).toEqual(VALUES);
    expect(w.proxy.seen.map((r) => `${r.method} ${r.target}`)).toEqual([`CONNECT ${GOV}:443`]);
    expect(
      w
        .secretRequests()
        .map((r) => r.host)
        .sort()
    ).toEqual([GOV, PUBLIC, SECOND]);
  });

  it('goes around the proxy for a vault NO_PROXY names whole (lower-case no_proxy too)', async () => {
    const w = await keyVaultWorld({ vaults: vaults() });
    const run = await w.act(
      { 'key-vault-secrets': ENTRIES },
      { env: { https_proxy: w.proxy.url, no_proxy: `${PUBLIC},${GOV}` }, outputs: VALUES }
    );
    expect(run.code).toBe(0);
    expect(w.proxy.seen.map((r) => `${r.method} ${r.target}`)).toEqual([`CONNECT ${SECOND}:443`]);
  });

  it('says what to do when the proxy refuses the tunnel to a vault, and hands nothing over', async () => {
    const w = await keyVaultWorld({ vaults: [{ host: PUBLIC, secrets: { 'db-password': VALUES.DB_PASSWORD } }] });
    // A vault the proxy has no tunnel for: it refuses (403), as a corporate proxy does for a host it does not allow.
    const strict = await startProxy({ tunnels: { 'other.example:443': '127.0.0.1:1' } });
    defer(strict.close);
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' }, { env: { HTTPS_PROXY: strict.url } });
    expect(run.code).toBe(1);
    expect(strict.seen.map((r) => `${r.method} ${r.target}`)).toEqual([`CONNECT ${PUBLIC}:443`]);
    expect(run.stdout).toMatch(
      /::error::.*DB_PASSWORD \(myvault\/db-password, line 1\).*the proxy does not let the runner reach myvault\.vault\.azure\.net/
    );
    expect(w.secretRequests()).toEqual([]);
    expect(secretOutputs(run)).toEqual({});
  });
});
