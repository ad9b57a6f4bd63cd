/**
 * End to end for what goes wrong with `key-vault-secrets`, on the committed bundle against the Key
 * Vault emulator: each refusal Key Vault gives (decided by its codes), a vault that does not
 * resolve, throttling and server errors (retried), hostile answers (refused, never followed,
 * nothing of them a command or live markup), all or nothing, and bad entries (refused before
 * any request). Each failure names the vault, the secret, the status, the vault's code and its
 * x-ms-request-id. Every run is scanned for leaks (keyvault-world.ts).
 */
import type { ServerResponse } from 'node:http';
import { startRecorder, markupProblems, fileProblems } from '../../__fixtures__/hostile.js';
import { defer } from '../../__fixtures__/cleanup.js';
import { HOSTILE_TEXT, type KeyVaultFault, kvFaults, type VaultOptions } from '../../__fixtures__/keyvault-emulator.js';
import {
  errorOf,
  keyVaultWorld,
  PUBLIC,
  SECOND,
  secretOutputs,
  summaryRows,
  type KeyVaultWorld
} from '../../__fixtures__/keyvault-world.js';
import type { ActionRun } from '../../__fixtures__/run-action.js';

const V1 = '0123456789abcdef0123456789abcdef';
const V2 = 'fedcba9876543210fedcba9876543210';
const DB_PASSWORD = 'fake-db-password-Tr0ub4dor&3';
const OTHER_TENANT = '00000000-0000-0000-0000-00000000dddd';

/** A vault holding db-password (two versions) and api-key, with `extra` options (a denial, a tenant, …). */
const vault = (extra: Partial<VaultOptions> = {}, secrets: VaultOptions['secrets'] = {}): VaultOptions[] => [
  {
    host: PUBLIC,
    secrets: {
      'db-password': {
        versions: [
          { value: 'fake-db-password-old', version: V1 },
          { value: DB_PASSWORD, version: V2 }
        ]
      },
      'api-key': 'fake-api-key-0123456789',
      ...secrets
    },
    ...extra
  }
];

/** The one request the vault got for `path`, for its x-ms-request-id and status. */
const requestFor = (w: KeyVaultWorld, path: string) => {
  const found = w.secretRequests().filter((r) => r.path === path);
  expect(found).toHaveLength(1);
  return found[0]!;
};

/**
 * What every refusal says: which vault (its name and the secret's URL), which secret (NAME, the
 * entry, the line), the status, the vault's code and its x-ms-request-id; nothing handed over.
 */
function expectRefusal(
  run: ActionRun,
  w: KeyVaultWorld,
  { secret = 'db-password', status = 403, code = '', name = 'DB_PASSWORD', line = 1 }
) {
  expect(run.code).toBe(1);
  const error = errorOf(run);
  const request = requestFor(w, `/secrets/${secret}`);
  expect(request.status).toBe(status);
  expect(error).toContain(`- ${name} (myvault/${secret}, line ${line}): `);
  expect(error).toContain(`The key vault myvault (https://${PUBLIC}/secrets/${secret}) refused the secret request: HTTP ${status}, `);
  expect(error).toContain(code);
  expect(error).toContain(`(request ID ${request.requestId})`);
  expect(secretOutputs(run)).toEqual({});
  expect(run.exported).toEqual({});
  // The token was handed over (the step's first job); the secrets' row says what failed.
  expect(run.outputs['access-token']).toBeDefined();
  expect(run.summary).toContain('<th align="left">Key Vault secrets</th><td>failed: Could not read 1 of the 1 secrets');
  return error;
}

describe("Key Vault's refusals, each with its fix", () => {
  it('ForbiddenByRbac: the identity (its object ID) needs Key Vault Secrets User; not retried', async () => {
    const w = await keyVaultWorld({ vaults: vault({ readers: [] }) });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' });
    const error = expectRefusal(run, w, { code: 'Forbidden: Caller is not authorized to perform action on resource.' });
    const objectId = w.imds.vm.systemAssigned!.objectId;
    expect(error).toContain(
      `The vault myvault uses Azure RBAC, and this identity (object ID ${objectId}) has no role that reads the secret db-password (ForbiddenByRbac)`
    );
    expect(error).toContain('Key Vault Secrets User');
    expect(error).toContain('New role assignments take a few minutes to apply.');
    expect(w.secretRequests()).toHaveLength(1);
  });

  it('AccessDenied: the vault uses access policies; one must grant Get on secrets', async () => {
    const w = await keyVaultWorld({ vaults: vault({ permissionModel: 'access-policy', readers: [] }) });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' });
    const error = expectRefusal(run, w, { code: 'Forbidden: The user, group or application' });
    expect(error).toContain('The vault myvault uses access policies, and none lets this identity');
    expect(error).toContain('(AccessDenied)');
    expect(error).toContain(
      `az keyvault set-policy --name myvault --object-id ${w.imds.vm.systemAssigned!.objectId} --secret-permissions get`
    );
  });

  it("ForbiddenByFirewall: names the runner's address the vault saw", async () => {
    const w = await keyVaultWorld({ vaults: vault({ deny: 'firewall', clientAddress: '203.0.113.7' }) });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' });
    const error = expectRefusal(run, w, { code: 'Forbidden: Client address is not authorized' });
    expect(error).toContain("The firewall of the vault myvault refused the runner's address 203.0.113.7 (ForbiddenByFirewall)");
    expect(error).toContain('private endpoint');
  });

  it('ForbiddenByConnection: public access is off; a private endpoint and its DNS zone, and NO_PROXY', async () => {
    const w = await keyVaultWorld({ vaults: vault({ deny: 'connection' }) });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' });
    const error = expectRefusal(run, w, { code: 'Forbidden: Public network access is disabled' });
    expect(error).toContain('The vault myvault has public network access disabled (ForbiddenByConnection)');
    expect(error).toContain('privatelink.vaultcore.azure.net');
    expect(error).toContain('list .vault.azure.net in NO_PROXY');
  });

  it('SecretDisabled: the pinned version is disabled', async () => {
    const w = await keyVaultWorld({
      vaults: vault(
        {},
        { 'db-password': { versions: [{ value: 'fake-disabled-one', version: V1, enabled: false }, { value: DB_PASSWORD }] } }
      )
    });
    const run = await w.act({ 'key-vault-secrets': `myvault/db-password/${V1}` });
    expect(run.code).toBe(1);
    const error = errorOf(run);
    const request = requestFor(w, `/secrets/db-password/${V1}`);
    expect(error).toContain(`- DB_PASSWORD (myvault/db-password/${V1}, line 1): `);
    expect(error).toContain(`HTTP 403, Forbidden: Operation get is not allowed on a disabled secret. (request ID ${request.requestId})`);
    expect(error).toContain(`The version ${V1} of the secret db-password is disabled (SecretDisabled)`);
    expect(secretOutputs(run)).toEqual({});
  });

  it('SecretNotFound: no such secret; how to recover a deleted one', async () => {
    const w = await keyVaultWorld({ vaults: vault() });
    const run = await w.act({ 'key-vault-secrets': '# the app\n\nmyvault/missing-secret' });
    const error = expectRefusal(run, w, { secret: 'missing-secret', name: 'MISSING_SECRET', status: 404, code: 'SecretNotFound', line: 3 });
    expect(error).toContain("The vault myvault has no secret missing-secret (SecretNotFound): check line 3 of 'key-vault-secrets'.");
    expect(error).toContain('az keyvault secret recover --vault-name myvault --name missing-secret');
  });

  it('401 AKV10022: the identity endpoint gave a token for another audience; the challenge is not followed', async () => {
    const w = await keyVaultWorld({ vaults: vault() });
    // The first token (ARM) as usual; the vault token for https://vault.azure.net/, as an endpoint
    // that appends a slash would give it.
    const identity = w.imds.vm.systemAssigned!;
    const json = (response: ServerResponse, body: unknown) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    w.imds.enqueue(
      ({ response, issueToken }) => json(response, issueToken()),
      ({ response }) => json(response, w.imds.issue(identity, 'https://vault.azure.net/'))
    );
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' });
    const error = expectRefusal(run, w, { status: 401, code: 'Unauthorized: AKV10022: Invalid audience.' });
    expect(error).toContain("The vault refused the token's audience (AKV10022)");
    expect(error).toContain("The action does not follow the vault's WWW-Authenticate challenge.");
    // Nothing but the two tokens was asked for: the challenge's resource was not.
    expect(w.imds.tokenRequests()).toHaveLength(2);
    expect(w.secretRequests()).toHaveLength(1);
  });

  it('401 AKV10032: a vault in another tenant, which it names', async () => {
    const w = await keyVaultWorld({ vaults: vault({ tenantId: OTHER_TENANT }) });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' });
    const error = expectRefusal(run, w, { status: 401, code: 'Unauthorized: AKV10032: Invalid issuer.' });
    expect(error).toContain(
      `The vault myvault belongs to another Microsoft Entra tenant than this identity (AKV10032): the vault's tenant is ${OTHER_TENANT}, the identity's ${w.imds.vm.tenantId}.`
    );
    expect(w.imds.tokenRequests()).toHaveLength(2);
  });

  it('a vault host that does not resolve: no such vault, or its private DNS zone is not reachable; at once', async () => {
    const w = await keyVaultWorld({ vaults: vault() });
    const run = await w.act({ 'key-vault-secrets': 'nosuchvault/db-password' });
    expect(run.code).toBe(1);
    const error = errorOf(run);
    expect(error).toContain('- DB_PASSWORD (nosuchvault/db-password, line 1): ');
    expect(error).toContain('host name not found (ENOTFOUND)');
    expect(error).toContain(
      'No vault answers at nosuchvault.vault.azure.net: there is no vault named nosuchvault in Azure (check line 1 of ' +
        "'key-vault-secrets'), or the vault is reached through a private endpoint whose private DNS zone (privatelink.vaultcore.azure.net)"
    );
    expect(w.secretRequests()).toEqual([]);
    expect(run.durationMs).toBeLessThan(10_000);
  });
});

describe('retries', () => {
  it('429 Throttled without Retry-After: retried after at least a second, then read', async () => {
    const w = await keyVaultWorld({
      vaults: vault({}, { 'db-password': { versions: [{ value: DB_PASSWORD }], fault: [kvFaults.throttled()] } })
    });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' }, { outputs: { DB_PASSWORD } });
    expect(run.code).toBe(0);
    expect(secretOutputs(run)).toEqual({ DB_PASSWORD });
    const [first, second] = w.secretRequests();
    expect([first?.status, second?.status]).toEqual([429, 200]);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    // Logged under the secret's name, with the vault's code and words.
    expect(run.stdout).toMatch(
      /^myvault\/db-password: HTTP 429 \(Throttled: Request was not processed because too many requests were received\. Reason: VaultRequestTypeLimitReached \(request ID [0-9a-f-]{36}\)\); retrying in 1\.\d s \(attempt 2\)\.$/m
    );
  });

  it("429 with Retry-After: the vault's wait is a floor", async () => {
    const w = await keyVaultWorld({
      vaults: vault({}, { 'db-password': { versions: [{ value: DB_PASSWORD }], fault: [kvFaults.throttled('3')] } })
    });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' }, { outputs: { DB_PASSWORD } });
    expect(run.code).toBe(0);
    const [first, second] = w.secretRequests();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(3000);
  });

  it('5xx: retried, then read', async () => {
    const w = await keyVaultWorld({
      vaults: vault(
        {},
        { 'db-password': { versions: [{ value: DB_PASSWORD }], fault: [kvFaults.serverError(503), kvFaults.serverError(500)] } }
      )
    });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' }, { outputs: { DB_PASSWORD } });
    expect(run.code).toBe(0);
    expect(secretOutputs(run)).toEqual({ DB_PASSWORD });
    expect(w.secretRequests().map((r) => r.status)).toEqual([503, 500, 200]);
  });

  it('5xx that does not end: fails within timeout-seconds, naming the last status and request ID', async () => {
    const always503: KeyVaultFault = kvFaults.serverError(503);
    const w = await keyVaultWorld({ vaults: vault({}, { 'db-password': { versions: [{ value: DB_PASSWORD }], fault: always503 } }) });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password', 'timeout-seconds': '5' });
    expect(run.code).toBe(1);
    expect(run.durationMs).toBeLessThan(9_000);
    const requests = w.secretRequests();
    expect(requests.length).toBeGreaterThanOrEqual(2);
    const error = errorOf(run);
    expect(error).toContain('- DB_PASSWORD (myvault/db-password, line 1): ');
    expect(error).toContain('HTTP 503');
    expect(error).toContain('ServiceUnavailable');
    expect(error).toContain(requests.at(-1)!.requestId);
    expect(secretOutputs(run)).toEqual({});
  });
});

describe('all or nothing', () => {
  it('hands over nothing, not even the secrets it read, when one fails; tries every one and names each failure', async () => {
    const w = await keyVaultWorld({ vaults: vault({}, { 'locked-secret': { versions: [{ value: 'fake-locked-value' }], deny: 'rbac' } }) });
    const run = await w.act({
      'key-vault-secrets': 'myvault/db-password\nmyvault/missing-secret\nmyvault/api-key\nmyvault/locked-secret',
      'export-secrets': 'true'
    });
    expect(run.code).toBe(1);
    expect(secretOutputs(run)).toEqual({});
    expect(run.files['ENV']).toBe('');
    expect(
      w
        .secretRequests()
        .map((r) => `${r.path} ${r.status}`)
        .sort()
    ).toEqual(['/secrets/api-key 200', '/secrets/db-password 200', '/secrets/locked-secret 403', '/secrets/missing-secret 404']);
    const lines = errorOf(run).split('\n');
    expect(lines[0]).toBe("Could not read 2 of the 4 secrets of 'key-vault-secrets', so none was handed over:");
    expect(lines.slice(1).map((line) => line.slice(0, line.indexOf(': ')))).toEqual([
      '- MISSING_SECRET (myvault/missing-secret, line 2)',
      '- LOCKED_SECRET (myvault/locked-secret, line 4)'
    ]);
    // The values read were masked all the same (the scan holds them to their mask lines).
    expect(run.stdout).toContain(`::add-mask::${DB_PASSWORD}\n`);
    expect(summaryRows(run)).toEqual([]);
  });
});

describe('hostile answers', () => {
  it('does not follow a redirect to another vault or host, and sends the token nowhere else', async () => {
    const recorder = await startRecorder();
    defer(recorder.close);
    const w = await keyVaultWorld({
      vaults: [
        ...vault(
          {},
          {
            'db-password': {
              versions: [{ value: DB_PASSWORD }],
              fault: kvFaults.redirect(`https://${SECOND}/secrets/db-password?api-version=7.6`)
            },
            'api-key': {
              versions: [{ value: 'fake-api-key-0123456789' }],
              fault: kvFaults.redirect(`https://${recorder.address}/steal`, 307)
            }
          }
        ),
        { host: SECOND, secrets: { 'db-password': 'fake-team-password-value' } }
      ]
    });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password\nmyvault/api-key' });
    expect(run.code).toBe(1);
    expect(
      w
        .secretRequests()
        .map((r) => `${r.host}${r.path} ${r.status}`)
        .sort()
    ).toEqual([`${PUBLIC}/secrets/api-key 307`, `${PUBLIC}/secrets/db-password 302`]);
    expect(recorder.connections).toEqual([]);
    const error = errorOf(run);
    expect(error).toContain("Could not read 2 of the 2 secrets of 'key-vault-secrets'");
    // Each names the secret, the status and the vault's x-ms-request-id, and where it would have led.
    const [db, api] = [requestFor(w, '/secrets/db-password'), requestFor(w, '/secrets/api-key')];
    expect(error).toContain(
      `- DB_PASSWORD (myvault/db-password, line 1): The key vault myvault (https://${PUBLIC}/secrets/db-password) answered HTTP 302 (request ID ${db.requestId}), a redirect to ${SECOND}, which the action never follows.`
    );
    expect(error).toContain(
      `- API_KEY (myvault/api-key, line 2): The key vault myvault (https://${PUBLIC}/secrets/api-key) answered HTTP 307 (request ID ${api.requestId}), a redirect to ${recorder.address}, which the action never follows.`
    );
    expect(secretOutputs(run)).toEqual({});
  });

  it.each([
    [
      'another secret',
      (b: Record<string, unknown>) => ({ ...b, id: `https://${PUBLIC}/secrets/api-key/${V1}` }),
      `names https://${PUBLIC}/secrets/api-key/${V1}`
    ],
    [
      'another vault',
      (b: Record<string, unknown>) => ({ ...b, id: `https://evilvault.vault.azure.net/secrets/db-password/${V1}` }),
      'names https://evilvault.vault.azure.net'
    ],
    [
      'another version than pinned',
      (b: Record<string, unknown>) => ({ ...b, id: `https://${PUBLIC}/secrets/db-password/${V2}` }),
      `names https://${PUBLIC}/secrets/db-password/${V2}`
    ],
    ['no id', ({ id: _, ...b }: Record<string, unknown>) => b, 'has no id (missing)']
  ])('refuses an answer whose id names %s', async (_what, change, said) => {
    const w = await keyVaultWorld({
      vaults: vault(
        {},
        { 'db-password': { versions: [{ value: 'fake-db-password-pinned', version: V1 }], fault: kvFaults.bundle(change) } }
      )
    });
    const run = await w.act({ 'key-vault-secrets': `myvault/db-password/${V1}` });
    expect(run.code).toBe(1);
    const error = errorOf(run);
    expect(error).toContain(`answered HTTP 200 with a secret that ${said}`);
    expect(error).toContain(
      `not https://${PUBLIC}/secrets/db-password/${V1}: an answer for another secret is refused, and nothing was handed over.`
    );
    expect(secretOutputs(run)).toEqual({});
  });

  it.each([
    ['a number', 12345678, 'a number'],
    ['an object', { password: 'fake-nested-password' }, 'an object'],
    ['null', null, 'null']
  ])('refuses a value that is %s', async (_what, value, kind) => {
    const w = await keyVaultWorld({
      vaults: vault({}, { 'db-password': { versions: [{ value: DB_PASSWORD }], fault: kvFaults.bundle((b) => ({ ...b, value })) } })
    });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' }, { values: ['fake-nested-password'] });
    expect(run.code).toBe(1);
    expect(errorOf(run)).toContain(
      `answered HTTP 200, but its value is ${kind}, not a string: that is not a Key Vault secret, and nothing was handed over.`
    );
    expect(secretOutputs(run)).toEqual({});
  });

  it('refuses a 1 MB body without reading it all into a value', async () => {
    const w = await keyVaultWorld({
      vaults: vault({}, { 'db-password': { versions: [{ value: DB_PASSWORD }], fault: kvFaults.huge(1024 * 1024) } })
    });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' }, { values: ['x'.repeat(1024)] });
    expect(run.code).toBe(1);
    const error = errorOf(run);
    expect(error).toContain('- DB_PASSWORD (myvault/db-password, line 1): ');
    expect(error).toContain(`The key vault myvault (https://${PUBLIC}/secrets/db-password) answered HTTP 200 (request ID `);
    // Its status and Key Vault's request ID, which support asks for, though the body is not shown.
    expect(error).toMatch(
      /answered HTTP 200 \(request ID [0-9a-f-]{36}\) with an answer body larger than 64 KiB, more than any real answer\./
    );
    expect(run.stdout.length).toBeLessThan(64 * 1024);
    expect(secretOutputs(run)).toEqual({});
  });

  const MARKERS = ['pwned', 'attacker.example', 'onerror'];
  /** Nothing of HOSTILE_TEXT became a command (the world's scan), a control character in a file, or live markup in the summary. */
  const expectInert = (run: ActionRun) => {
    expect(fileProblems(run)).toEqual([]);
    expect(markupProblems(run.summary, MARKERS)).toEqual([]);
    expect(run.summary).not.toMatch(/<img|\]\(https:\/\/attacker/);
  };

  it('reads a secret whose contentType and tags hold workflow commands and Markdown: none of it becomes a command or markup', async () => {
    const w = await keyVaultWorld({
      vaults: vault({}, { 'db-password': { value: DB_PASSWORD, contentType: HOSTILE_TEXT, tags: { [HOSTILE_TEXT]: HOSTILE_TEXT } } })
    });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' }, { outputs: { DB_PASSWORD } });
    expect(run.code).toBe(0);
    expect(secretOutputs(run)).toEqual({ DB_PASSWORD });
    expectInert(run);
    // The content type is shown, made inert and bounded, on the line that reports the read.
    const read = run.stdout.split('\n').find((line) => line.startsWith('Read the secret myvault/db-password'))!;
    expect(read).toContain('content type');
    expect(read).toContain('pwned by the vault');
    expect(summaryRows(run)).toEqual([['DB_PASSWORD', expect.stringMatching(/^myvault\/db-password, version [0-9a-f]{8}$/)]]);
  });

  it('refuses an id with workflow commands and Markdown after it, and shows it inert', async () => {
    const w = await keyVaultWorld({
      vaults: vault(
        {},
        {
          'db-password': {
            versions: [{ value: DB_PASSWORD, version: V1, id: `https://${PUBLIC}/secrets/db-password/${V1}\n${HOSTILE_TEXT}` }]
          }
        }
      )
    });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' });
    expect(run.code).toBe(1);
    expect(errorOf(run)).toContain('an answer for another secret is refused');
    expect(errorOf(run)).toContain('pwned by the vault');
    expectInert(run);
  });

  it('shows an error message of workflow commands and Markdown inert, in the log and the summary', async () => {
    const w = await keyVaultWorld({
      vaults: vault(
        {},
        { 'db-password': { versions: [{ value: DB_PASSWORD }], fault: kvFaults.error(403, 'Forbidden', HOSTILE_TEXT, 'ForbiddenByRbac') } }
      )
    });
    const run = await w.act({ 'key-vault-secrets': 'myvault/db-password' });
    const error = expectRefusal(run, w, { code: 'Forbidden: ' });
    expect(error).toContain('pwned by the vault');
    expect(error).toContain('(ForbiddenByRbac)');
    expectInert(run);
  });
});

describe('bad entries: refused before any request, naming key-vault-secrets and the line', () => {
  it.each([
    ['a vault alone', 'myvault', 1, 'must be <vault>/<secret>[/<version>]'],
    ['a host of no Key Vault cloud', 'https://myvault.example.com/secrets/db-password', 1, ''],
    ['http://', 'http://myvault.vault.azure.net/secrets/db-password', 1, ''],
    ['a port', 'https://myvault.vault.azure.net:8443/secrets/db-password', 1, ''],
    ['user info', 'https://user:pass@myvault.vault.azure.net/secrets/db-password', 1, ''],
    ['a query', 'https://myvault.vault.azure.net/secrets/db-password?api-version=1', 1, ''],
    ['a fragment', 'https://myvault.vault.azure.net/secrets/db-password#x', 1, ''],
    ['a vault name with --', 'my--vault/db-password', 1, 'which is not a vault name'],
    ['a secret name with _', 'myvault/db_password', 1, 'which is not a secret name'],
    ['a version that is not 32 hex', 'myvault/db-password/1234', 1, 'which is not a secret version'],
    ['a NAME starting with a digit', 'myvault/db-password > 1PASSWORD', 1, 'which is not a name for a step output'],
    ['two entries with one NAME', 'myvault/db-password\n# again\nmyvault/api-key > db_password', 3, 'lines 1'],
    ['a NAME that is an output of the action', 'myvault/api-key > Resource', 1, "the action's own output 'resource'"]
  ])('%s', async (_what, entries, line, words) => {
    const w = await keyVaultWorld({ vaults: vault() });
    const run = await w.act({ 'key-vault-secrets': entries });
    expect(run.code).toBe(1);
    const error = errorOf(run);
    expect(error).toMatch(new RegExp(`^Input 'key-vault-secrets' lines? (\\d+ \\(.*\\) and )?${line}`));
    expect(error).toContain(words);
    expect(w.imds.requests).toEqual([]);
    expect(w.kv.requests).toEqual([]);
    expect(run.outputs).toEqual({});
  });

  it('with export-secrets: a NAME that would steer later steps (PATH, NODE_OPTIONS, HTTPS_PROXY)', async () => {
    const w = await keyVaultWorld({ vaults: vault() });
    const run = await w.act({
      'key-vault-secrets': 'myvault/db-password > PATH\nmyvault/api-key > NODE_OPTIONS\nmyvault/db-password/' + V1 + ' > HTTPS_PROXY',
      'export-secrets': 'true'
    });
    expect(run.code).toBe(1);
    const lines = errorOf(run).split('\n');
    expect(lines).toHaveLength(3);
    lines.forEach((text, at) =>
      expect(text).toMatch(new RegExp(`^Input 'key-vault-secrets' line ${at + 1} hands over .* which export-secrets would export`))
    );
    expect(w.imds.requests).toEqual([]);
    expect(w.kv.requests).toEqual([]);
  });

  it('more than 100 entries', async () => {
    const w = await keyVaultWorld({ vaults: vault() });
    const entries = Array.from({ length: 101 }, (_, i) => `myvault/secret-${i}`).join('\n');
    const run = await w.act({ 'key-vault-secrets': entries });
    expect(run.code).toBe(1);
    expect(errorOf(run)).toContain("Input 'key-vault-secrets' has 101 entries; it takes at most 100");
    expect(w.imds.requests).toEqual([]);
    expect(w.kv.requests).toEqual([]);
  });
});
