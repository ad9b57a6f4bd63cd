import { action } from '../../__fixtures__/action-yml.js';
import { actionErrorOf } from '../../__fixtures__/failures.js';
import { readInputs } from '../../src/inputs.js';
import {
  ACTION_OUTPUTS,
  defaultName,
  type KeyVaultEntry,
  MAX_KEY_VAULT_SECRETS,
  parseKeyVaultSecrets
} from '../../src/inputs/key-vault-secrets.js';

const VERSION = '0123456789abcdef0123456789abcdef';
const one = (raw: string, options?: { exportSecrets?: boolean }): KeyVaultEntry => {
  const entries = parseKeyVaultSecrets(raw, options);
  expect(entries).toHaveLength(1);
  return entries[0]!;
};
const problem = (raw: string, options?: { exportSecrets?: boolean }): string => actionErrorOf(() => parseKeyVaultSecrets(raw, options));

const LINE_FORM =
  '<vault>/<secret>[/<version>] or https://<vault>.vault.azure.net/secrets/<secret>[/<version>] ' +
  "(.vault.usgovcloudapi.net, .vault.azure.cn in the sovereign clouds), optionally followed by '> NAME'";
const URL_FORM = 'https://<vault-host>/secrets/<secret>[/<version>] without port, user name, query or fragment';
const VAULT_FORM = "3–24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, without '--'";

describe('entry forms', () => {
  it.each<[string, Partial<KeyVaultEntry>]>([
    [
      'my-vault/db-password',
      {
        line: 1,
        vault: 'my-vault',
        vaultHost: 'my-vault.vault.azure.net',
        secret: 'db-password',
        version: undefined,
        name: 'DB_PASSWORD',
        audience: 'https://vault.azure.net'
      }
    ],
    [`My-Vault/Db-Password/${VERSION.toUpperCase()}`, { vaultHost: 'my-vault.vault.azure.net', secret: 'Db-Password', version: VERSION }],
    ['kv1/api-key > API', { name: 'API', secret: 'api-key' }],
    ['kv1/api-key>API', { name: 'API' }],
    ['  kv1/api-key   >   _x9  ', { name: '_x9' }],
    ['kv1/1password', { name: '_1PASSWORD' }],
    ['kv1/a', { name: 'A' }],
    [`kv1/${'s'.repeat(127)}`, { secret: 's'.repeat(127) }],
    ['abc/x', { vault: 'abc' }],
    [`a${'b'.repeat(22)}c/x`, { vault: `a${'b'.repeat(22)}c` }],
    ['https://kv1.vault.azure.net/secrets/db-password', { vaultHost: 'kv1.vault.azure.net', audience: 'https://vault.azure.net' }],
    [`https://KV1.Vault.Azure.Net/secrets/db-password/${VERSION}`, { vaultHost: 'kv1.vault.azure.net', version: VERSION }],
    ['https://kv1.vault.azure.net/secrets/db-password/', { version: undefined }],
    ['HTTPS://kv1.vault.azure.net/Secrets/x > X1', { name: 'X1' }],
    [
      'https://gov-kv.vault.usgovcloudapi.net/secrets/x',
      { vault: 'gov-kv', vaultHost: 'gov-kv.vault.usgovcloudapi.net', audience: 'https://vault.usgovcloudapi.net' }
    ],
    ['https://cn-kv.vault.azure.cn/secrets/x', { vault: 'cn-kv', vaultHost: 'cn-kv.vault.azure.cn', audience: 'https://vault.azure.cn' }]
  ])('takes %p', (raw, expected) => {
    expect(one(raw)).toMatchObject(expected);
  });

  it('skips blank lines and comments, and numbers lines as written', () => {
    const entries = parseKeyVaultSecrets('# secrets for the deploy\n\nkv1/one\n   \n  # kv1/ignored\r\nkv1/two > SECOND\n');
    expect(entries.map(({ line, secret, name }) => [line, secret, name])).toEqual([
      [3, 'one', 'ONE'],
      [6, 'two', 'SECOND']
    ]);
  });

  it('takes nothing from an empty input', () => {
    expect(parseKeyVaultSecrets('')).toEqual([]);
    expect(parseKeyVaultSecrets('\n# none\n')).toEqual([]);
  });

  it.each([
    ['db-password', 'DB_PASSWORD'],
    ['1password', '_1PASSWORD'],
    ['a-b-c', 'A_B_C'],
    ['X', 'X'],
    ['9', '_9']
  ])('names %p %p by default', (secret, name) => {
    expect(defaultName(secret)).toBe(name);
  });

  it('the same secret may be read twice under two names', () => {
    expect(parseKeyVaultSecrets('kv1/x\nkv1/x > OTHER').map(({ name }) => name)).toEqual(['X', 'OTHER']);
  });

  it(`takes ${MAX_KEY_VAULT_SECRETS} entries`, () => {
    const raw = Array.from({ length: MAX_KEY_VAULT_SECRETS }, (_, n) => `kv1/s${n}`).join('\n');
    expect(parseKeyVaultSecrets(raw)).toHaveLength(MAX_KEY_VAULT_SECRETS);
  });
});

describe('refused entries, before any request', () => {
  it.each([
    ['kv1', `Input 'key-vault-secrets' line 1 must be ${LINE_FORM}; got 'kv1'.`],
    ['kv1/a/b/c', `Input 'key-vault-secrets' line 1 must be ${LINE_FORM}; got 'kv1/a/b/c'.`],
    ['kv1 / x', `Input 'key-vault-secrets' line 1 must be ${LINE_FORM}; got 'kv1 / x'.`],
    ['> NAME', `Input 'key-vault-secrets' line 1 must be ${LINE_FORM}; got ''.`],
    ['kv1//x', `Input 'key-vault-secrets' line 1 must be ${LINE_FORM}; got 'kv1//x'.`],
    ['ab/x', `Input 'key-vault-secrets' line 1 names the vault 'ab', which is not a vault name: ${VAULT_FORM}.`],
    [
      `a${'b'.repeat(23)}c/x`,
      `Input 'key-vault-secrets' line 1 names the vault '${`a${'b'.repeat(23)}c`}', which is not a vault name: ${VAULT_FORM}.`
    ],
    ['1kv/x', `Input 'key-vault-secrets' line 1 names the vault '1kv', which is not a vault name: ${VAULT_FORM}.`],
    ['kv-/x', `Input 'key-vault-secrets' line 1 names the vault 'kv-', which is not a vault name: ${VAULT_FORM}.`],
    ['k--v/x', `Input 'key-vault-secrets' line 1 names the vault 'k--v', which is not a vault name: ${VAULT_FORM}.`],
    ['k_v1/x', `Input 'key-vault-secrets' line 1 names the vault 'k_v1', which is not a vault name: ${VAULT_FORM}.`],
    [
      'kv1.vault.azure.net/secrets/x',
      "Input 'key-vault-secrets' line 1 names the vault 'kv1.vault.azure.net', which is an address without https://: give the vault's " +
        'name alone (<vault>/<secret>), or the whole secret identifier, https://<vault-host>/secrets/<secret>[/<version>].'
    ],
    [
      'kv1/db_password',
      "Input 'key-vault-secrets' line 1 names the secret 'db_password', which is not a secret name: 1–127 letters, digits and hyphens."
    ],
    [`kv1/${'s'.repeat(128)}`, `Input 'key-vault-secrets' line 1 names the secret`],
    [
      'kv1/x/latest',
      "Input 'key-vault-secrets' line 1 names the version 'latest', which is not a secret version: 32 hexadecimal characters"
    ],
    [`kv1/x/${VERSION}0`, "Input 'key-vault-secrets' line 1 names the version"],
    [
      'kv1/x > my-name',
      "Input 'key-vault-secrets' line 1 gives the name 'my-name' after '>', which is not a name for a step output: letters, digits and _, not starting with a digit."
    ],
    ['kv1/x > 1ST', "Input 'key-vault-secrets' line 1 gives the name '1ST' after '>'"],
    ['kv1/x >', "Input 'key-vault-secrets' line 1 gives the name '' after '>'"],
    ['kv1/x > A > B', "Input 'key-vault-secrets' line 1 gives the name 'A > B' after '>'"],
    [
      'http://kv1.vault.azure.net/secrets/x',
      `Input 'key-vault-secrets' line 1 is a http:// address; the token goes to Key Vault over https:// only: the address must be ${URL_FORM}; got 'http://kv1.vault.azure.net/secrets/x'.`
    ],
    ['ftp://kv1.vault.azure.net/secrets/x', "Input 'key-vault-secrets' line 1 is a ftp:// address"],
    [
      'https://kv1.vault.azure.net:443/secrets/x',
      `Input 'key-vault-secrets' line 1 names a port: the address must be ${URL_FORM}; got 'https://kv1.vault.azure.net:443/secrets/x'.`
    ],
    ['https://kv1.vault.azure.net:8443/secrets/x', "Input 'key-vault-secrets' line 1 names a port"],
    [
      'https://user:hunter2@kv1.vault.azure.net/secrets/x',
      `Input 'key-vault-secrets' line 1 holds a user name or password: the address must be ${URL_FORM}; got 'https://***@kv1.vault.azure.net/secrets/x'.`
    ],
    ['https://evil.example\\@kv1.vault.azure.net/secrets/x', "Input 'key-vault-secrets' line 1 holds a user name or password"],
    ['https://kv1.vault.azure.net/secrets/x?api-version=1', "Input 'key-vault-secrets' line 1 has a query"],
    ['https://kv1.vault.azure.net/secrets/x#frag', "Input 'key-vault-secrets' line 1 has a fragment"],
    [
      'https://kv1.evil.example/secrets/x',
      "Input 'key-vault-secrets' line 1 names the host 'kv1.evil.example', which is not a key vault: the host must be <vault>.vault.azure.net, " +
        `<vault>.vault.usgovcloudapi.net, <vault>.vault.azure.cn, where <vault> is ${VAULT_FORM}. A vault behind a private endpoint keeps ` +
        'this name (its private DNS zone resolves it).'
    ],
    ['https://kv1.vault.azure.net.evil.example/secrets/x', "names the host 'kv1.vault.azure.net.evil.example', which is not a key vault"],
    ['https://kv1.vault.azure.net./secrets/x', "names the host 'kv1.vault.azure.net.', which is not a key vault"],
    ['https://evil.example/kv1.vault.azure.net/secrets/x', "names the host 'evil.example', which is not a key vault"],
    ['https://a.b.vault.azure.net/secrets/x', "names the host 'a.b.vault.azure.net', which is not a key vault"],
    ['https://vault.azure.net/secrets/x', "names the host 'vault.azure.net', which is not a key vault"],
    ['https://kv1.privatelink.vaultcore.azure.net/secrets/x', 'which is not a key vault'],
    ['https://kv1.managedhsm.azure.net/secrets/x', 'which is not a key vault'],
    ['https://kv1.vault.microsoftazure.de/secrets/x', 'which is not a key vault'],
    // Look-alikes that lower-case to ASCII (the Kelvin sign to k) or that IDNA maps to it (fullwidth letters, ideographic full stop).
    ['https://\u212Av1.vault.azure.net/secrets/x', "names the host '\u212Av1.vault.azure.net', which is not a key vault"],
    ['https://\uff4bv1.vault.azure.net/secrets/x', 'which is not a key vault'],
    ['https://kv1\u3002vault.azure.net/secrets/x', 'which is not a key vault'],
    ['https://kv1.vault.azure.net%2e/secrets/x', 'which is not a key vault'],
    ['https://[::1]/secrets/x', "Input 'key-vault-secrets' line 1 names a port"],
    [
      'https://kv1.vault.azure.net/keys/x',
      `Input 'key-vault-secrets' line 1 has the path '/keys/x', which is not a secret's: the address must be ${URL_FORM}.`
    ],
    ['https://kv1.vault.azure.net', "Input 'key-vault-secrets' line 1 has the path '/', which is not a secret's"],
    ['https://kv1.vault.azure.net/secrets/x/y/z', "has the path '/secrets/x/y/z', which is not a secret's"],
    ['https://kv1.vault.azure.net/secrets/%2e%2e', "names the secret '%2e%2e', which is not a secret name"],
    ['https://kv1.vault.azure.net/secrets/../keys', "names the secret '..', which is not a secret name"]
  ])('refuses %p', (raw, expected) => {
    const message = problem(raw);
    expect(message).toContain(expected);
    expect(message).toMatch(/^Input .key-vault-secrets. line 1 /);
    expect(message).not.toContain('\n');
  });

  it('lists every problem at once, each with its line', () => {
    const message = problem('kv1/ok\nab/x\n\nkv1/y_z\nhttp://kv1.vault.azure.net/secrets/q');
    expect(message.split('\n').map((line) => /line (\d+)/.exec(line)?.[1])).toEqual(['2', '4', '5']);
  });

  it('shows a hostile line inert and short', () => {
    const message = problem(`kv1/\u001b[31m::set-output name=x::y${'a'.repeat(300)}`);
    expect(message).not.toContain('\u001b');
    expect(message).toContain('\\x1b');
    expect(message.length).toBeLessThan(500);
  });

  it(`refuses more than ${MAX_KEY_VAULT_SECRETS} entries`, () => {
    const raw = Array.from({ length: MAX_KEY_VAULT_SECRETS + 1 }, (_, n) => `kv1/s${n}`).join('\n');
    expect(problem(raw)).toBe(
      `Input 'key-vault-secrets' has ${MAX_KEY_VAULT_SECRETS + 1} entries; it takes at most ${MAX_KEY_VAULT_SECRETS}, one per line ` +
        `(${LINE_FORM}). Read the others in another step.`
    );
  });
});

describe('names', () => {
  it('refuses, with export-secrets, a NAME that export-variable already gives the token, as readInputs reads them', () => {
    const inputs = (exportSecrets: string) => ({
      'export-variable': 'AZURE_TOKEN',
      'export-secrets': exportSecrets,
      'key-vault-secrets': 'kv1/a\nkv1/azure-token'
    });
    const read = (given: Record<string, string>) => readInputs((name) => given[name] ?? '');
    expect(actionErrorOf(() => read(inputs('true')))).toBe(
      "Input 'key-vault-secrets' line 2 hands over 'kv1/azure-token' as AZURE_TOKEN, and export-secrets would export it over " +
        "the token, which 'export-variable' exports as AZURE_TOKEN (names are compared ignoring case): give it another name " +
        "with '> OTHER_NAME', such as 'kv1/azure-token > KV1_AZURE_TOKEN', or export the token under another name."
    );
    expect(actionErrorOf(() => read({ ...inputs('true'), 'key-vault-secrets': 'kv1/a > azure_token' }))).toContain(
      'as azure_token, and export-secrets would export it over the token'
    );
    // Step outputs and environment variables are apart: without export-secrets the names do not meet.
    expect(read(inputs('false')).keyVaultSecrets.map((entry) => entry.name)).toEqual(['A', 'AZURE_TOKEN']);
  });

  it('refuses two entries with one name, ignoring case, naming both and suggesting another', () => {
    expect(problem('prod-kv/db-password\n\nstage-kv/DB-PASSWORD')).toBe(
      "Input 'key-vault-secrets' lines 1 ('prod-kv/db-password') and 3 ('stage-kv/DB-PASSWORD') both hand over a secret as " +
        "DB_PASSWORD (names are compared ignoring case): give one another name with '> OTHER_NAME', such as " +
        "'stage-kv/DB-PASSWORD > STAGE_KV_DB_PASSWORD'."
    );
    expect(problem('kv1/a > Token\nkv1/b > TOKEN')).toContain("lines 1 ('kv1/a') and 2 ('kv1/b') both hand over a secret as TOKEN");
  });

  it('never suggests a name that is taken', () => {
    expect(problem('kv1/x\nkv1/y > X\nkv1/z > KV1_X')).toContain("such as 'kv1/y > KV_X'.");
  });

  it.each([
    ['kv1/source', 'kv1/source', 'SOURCE', 'source'],
    ['kv1/resource', 'kv1/resource', 'RESOURCE', 'resource'],
    ['kv1/x > Location', 'kv1/x', 'Location', 'location']
  ])("refuses %p, whose name is one of the action's own outputs", (raw, ref, name, output) => {
    expect(problem(raw)).toBe(
      `Input 'key-vault-secrets' line 1 hands over '${ref}' as ${name}, which is the action's own output '${output}' (names are ` +
        `compared ignoring case): give it another name with '> OTHER_NAME', such as '${ref} > KV1_${name}'.`
    );
  });

  it('knows every output action.yml declares', () => {
    expect([...ACTION_OUTPUTS].sort()).toEqual(Object.keys(action.outputs).sort());
  });

  it.each(['kv1/path', 'kv1/github-token', 'kv1/x > NODE_OPTIONS', 'kv1/https-proxy', 'kv1/x > ld_preload', 'kv1/x > BASH_ENV'])(
    'with export-secrets, refuses %p, whose name steers later steps',
    (raw) => {
      expect(one(raw)).toBeDefined();
      const message = problem(raw, { exportSecrets: true });
      expect(message).toMatch(
        /^Input 'key-vault-secrets' line 1 hands over '.*' as \w+, which export-secrets would export, and that name changes how later steps run \(PATH, LD_\*, BASH_ENV, ENV, NODE_OPTIONS, \*_PROXY, GIT_\*, GITHUB_\*, RUNNER_\* and the like\): give it another name with '> OTHER_NAME', such as '.* > (\w+)'\.$/
      );
      const suggested = /> (\w+)'\.$/.exec(message)![1]!;
      expect(one(`kv1/x > ${suggested}`, { exportSecrets: true }).name).toBe(suggested);
    }
  );

  it('suggests a free name that does not steer later steps for a *_PROXY secret', () => {
    expect(problem('kv1/https-proxy', { exportSecrets: true })).toContain("such as 'kv1/https-proxy > KV_HTTPS_PROXY_2'.");
  });
});
