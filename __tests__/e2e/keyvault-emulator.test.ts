/**
 * The Key Vault emulator itself, over real TLS on loopback: node:https trusts only the test CA
 * (the `ca` option, as NODE_EXTRA_CA_CERTS does for the bundle) and checks the vault's host name
 * against the test certificate; a lookup sends each vault host to 127.0.0.1. Tokens come from
 * the identity emulator, so the checks on audience, tenant and issuer are the emulator's real ones.
 * One test reaches a vault as the bundle will: by name, from a child process with the test
 * resolver (test-dns.js, `routes`) and NODE_EXTRA_CA_CERTS.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { TEST_CA } from '../../__fixtures__/arm-emulator.js';
import { defaultVm, startEmulator } from '../../__fixtures__/emulator.js';
import { HOSTILE_TEXT, type KeyVaultFault, kvFaults, startKeyVault, type VaultOptions } from '../../__fixtures__/keyvault-emulator.js';
import { testDnsEnv } from '../../__fixtures__/test-dns.js';

const PUBLIC = 'myvault.vault.azure.net';
const GOV = 'govvault.vault.usgovcloudapi.net';
const CHINA = 'cnvault.vault.azure.cn';
const V1 = '0123456789abcdef0123456789abcdef';
const V2 = 'fedcba9876543210fedcba9876543210';
const API = 'api-version=7.6';
const CA = readFileSync(TEST_CA);
const OTHER_TENANT = '00000000-0000-0000-0000-00000000dddd';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A SecretBundle or a Key Vault error, as far as these tests read them. */
type Body = {
  value?: unknown;
  id?: string;
  contentType?: string;
  tags?: Record<string, unknown>;
  attributes?: Record<string, unknown>;
  error?: { code: string; message: string; innererror?: { code: string } };
};
type Answer = { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: Body };

/** Every host name resolves to loopback, as the test resolver makes it for the bundle. */
const toLoopback: LookupFunction = (_host, options, callback) =>
  options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4);

function get(
  port: number,
  host: string,
  path: string,
  { token, withTestCa = true }: { token?: string; withTestCa?: boolean } = {}
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      {
        hostname: host,
        port,
        path,
        lookup: toLoopback,
        ...(withTestCa ? { ca: CA } : {}),
        agent: false,
        headers: { host, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) }
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          let json: Body = {};
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON: the test looks at `text`
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
      }
    );
    request.on('error', reject);
  });
}

async function world(given?: VaultOptions[], options: { latencyMs?: number } = {}) {
  const imds = await startEmulator();
  const kv = await startKeyVault({ imds, ...(given ? { vaults: given } : {}), ...options });
  closers.push(imds.close, kv.close);
  const identity = imds.vm.systemAssigned!;
  const tokenFor = (resource: string) => imds.issue(identity, resource)['access_token']!;
  const read = (host: string, path: string, token?: string) => get(kv.port, host, path, { token });
  return { imds, kv, identity, tokenFor, read };
}

const vaults = (): VaultOptions[] => [
  {
    host: PUBLIC,
    region: 'northeurope',
    secrets: {
      'db-password': {
        versions: [
          { value: 'old-password', version: V1 },
          { value: 'new-password', version: V2, contentType: 'text/plain' }
        ]
      },
      tls: {
        value: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
        contentType: 'application/x-pem-file',
        tags: { owner: 'ci' }
      },
      expired: { value: 'e', exp: 1_000_000_000, nbf: 900_000_000 },
      later: { value: 'l', nbf: 4_000_000_000 },
      off: {
        versions: [
          { value: 'was-on', version: V1, enabled: false },
          { value: 'on', version: V2 }
        ]
      }
    }
  },
  { host: GOV, secrets: { 'gov-secret': 'gov-value' } },
  { host: CHINA, secrets: { 'cn-secret': 'cn-value' } }
];

describe('the Key Vault emulator over TLS on loopback', () => {
  it('serves the latest version and a pinned one as a SecretBundle, with Key Vault headers, verified against the test CA', async () => {
    const { kv, tokenFor, read } = await world(vaults());
    const token = tokenFor('https://vault.azure.net');
    const latest = await read(PUBLIC, `/secrets/db-password?${API}`, token);
    expect(latest.status).toBe(200);
    expect(latest.json).toEqual({
      value: 'new-password',
      contentType: 'text/plain',
      id: `https://${PUBLIC}/secrets/db-password/${V2}`,
      attributes: {
        enabled: true,
        created: expect.any(Number),
        updated: expect.any(Number),
        recoveryLevel: 'Recoverable+Purgeable',
        recoverableDays: 90
      }
    });
    expect(latest.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(latest.headers['x-ms-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(latest.headers['x-ms-keyvault-region']).toBe('northeurope');
    expect(latest.headers['x-ms-keyvault-network-info']).toBe('conn_type=Ipv4;addr=127.0.0.1;act_addr_fam=InterNetwork;');
    expect(latest.headers['x-ms-keyvault-service-version']).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

    // Names and versions compare case-insensitively; the id keeps the stored name.
    const pinned = await read(PUBLIC, `/secrets/DB-Password/${V1.toUpperCase()}?${API}`, token);
    expect(pinned.json).toMatchObject({ value: 'old-password', id: `https://${PUBLIC}/secrets/db-password/${V1}` });
    expect(pinned.json.contentType).toBeUndefined();

    const pem = await read(PUBLIC, `/secrets/tls/?${API}`, token);
    expect(pem.json).toMatchObject({ value: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', tags: { owner: 'ci' } });
    expect(pem.json.id).toMatch(new RegExp(`^https://${PUBLIC}/secrets/tls/[0-9a-f]{32}$`));
    expect(kv.versionsOf(PUBLIC, 'TLS')).toEqual([String(pem.json.id).split('/').pop()]);
    expect(kv.values).toEqual(expect.arrayContaining(['old-password', 'new-password', 'gov-value', 'cn-value']));

    // Every request recorded: host as sent, path, query, token, and the request ID it was answered with.
    expect(kv.requests.map(({ host, path, query, token: t, status }) => ({ host, path, query, token: t, status }))).toEqual([
      { host: PUBLIC, path: '/secrets/db-password', query: { 'api-version': '7.6' }, token, status: 200 },
      { host: PUBLIC, path: `/secrets/DB-Password/${V1.toUpperCase()}`, query: { 'api-version': '7.6' }, token, status: 200 },
      { host: PUBLIC, path: '/secrets/tls/', query: { 'api-version': '7.6' }, token, status: 200 }
    ]);
    expect(kv.requests[0]?.requestId).toBe(latest.headers['x-ms-request-id']);
    expect(kv.requests[0]?.authorization).toBe(`Bearer ${token}`);
  });

  it('plays US Government and China vaults, each accepting only its own cloud audience', async () => {
    const { tokenFor, read } = await world(vaults());
    const gov = await read(GOV, `/secrets/gov-secret?${API}`, tokenFor('https://vault.usgovcloudapi.net'));
    expect(gov.json).toMatchObject({
      value: 'gov-value',
      id: expect.stringMatching(new RegExp(`^https://${GOV}/secrets/gov-secret/[0-9a-f]{32}$`))
    });
    const china = await read(CHINA, `/secrets/cn-secret?${API}`, tokenFor('https://vault.azure.cn'));
    expect(china.json.value).toBe('cn-value');

    const publicTokenOnGov = await read(GOV, `/secrets/gov-secret?${API}`, tokenFor('https://vault.azure.net'));
    expect(publicTokenOnGov.status).toBe(401);
    expect(publicTokenOnGov.json.error?.message).toBe(
      'AKV10022: Invalid audience. Expected https://vault.usgovcloudapi.net, found: https://vault.azure.net.'
    );
    expect(publicTokenOnGov.headers['www-authenticate']).toBe(
      `Bearer authorization="https://login.microsoftonline.us/${defaultVm().tenantId}", resource="https://vault.usgovcloudapi.net"`
    );
  });

  it('is real TLS: refused without the test CA, and the certificate names only the vault suffixes it covers', async () => {
    const { kv } = await world(vaults());
    await expect(get(kv.port, PUBLIC, `/secrets/tls?${API}`, { withTestCa: false })).rejects.toMatchObject({
      code: expect.stringMatching(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/)
    });
    await expect(get(kv.port, 'myvault.vault.example.com', `/secrets/tls?${API}`)).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID'
    });
    // A deeper name is not covered by a one-label wildcard either.
    await expect(get(kv.port, `a.${PUBLIC}`, `/secrets/tls?${API}`)).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(kv.requests).toEqual([]);
  });

  it('refuses requests without a token, or with a token for another audience, tenant or issuer, with the challenge', async () => {
    const tenantB: VaultOptions = { host: 'othertenant.vault.azure.net', tenantId: OTHER_TENANT, secrets: { s: 'v' } };
    const { tokenFor, read, kv } = await world([...vaults(), tenantB]);
    const challenge = `Bearer authorization="https://login.windows.net/${defaultVm().tenantId}", resource="https://vault.azure.net"`;

    const none = await read(PUBLIC, `/secrets/tls?${API}`);
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } });
    expect(none.headers['www-authenticate']).toBe(challenge);

    for (const [audience, found] of [
      ['https://management.azure.com/', 'https://management.azure.com/'],
      ['https://vault.azure.net/', 'https://vault.azure.net/'],
      [`https://${PUBLIC}`, `https://${PUBLIC}`]
    ] as const) {
      const wrong = await read(PUBLIC, `/secrets/tls?${API}`, tokenFor(audience));
      expect(wrong.status).toBe(401);
      expect(wrong.json).toEqual({
        error: { code: 'Unauthorized', message: `AKV10022: Invalid audience. Expected https://vault.azure.net, found: ${found}.` }
      });
      expect(wrong.headers['www-authenticate']).toBe(challenge);
    }

    const otherTenant = await read(tenantB.host, `/secrets/s?${API}`, tokenFor('https://vault.azure.net'));
    expect(otherTenant.status).toBe(401);
    expect(otherTenant.json.error?.message).toBe(
      `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${OTHER_TENANT}/, found https://sts.windows.net/${defaultVm().tenantId}/.`
    );
    expect(otherTenant.headers['www-authenticate']).toBe(
      `Bearer authorization="https://login.windows.net/${OTHER_TENANT}", resource="https://vault.azure.net"`
    );

    // A JWT-shaped token the identity emulator never issued.
    const real = tokenFor('https://vault.azure.net');
    const forged = await read(PUBLIC, `/secrets/tls?${API}`, real.slice(0, -4) + 'AAAA');
    expect(forged.status).toBe(401);
    expect(forged.json.error?.message).not.toContain('AKV10022');
    expect(kv.requests.every((r) => r.status === 401)).toBe(true);
  });

  it('requires an api-version it knows and valid names (400 BadParameter), and answers unknown ones 404 SecretNotFound', async () => {
    const { tokenFor, read } = await world(vaults());
    const token = tokenFor('https://vault.azure.net');
    const missing = await read(PUBLIC, '/secrets/tls', token);
    expect([missing.status, missing.json.error?.code]).toEqual([400, 'BadParameter']);
    const unknownVersion = await read(PUBLIC, '/secrets/tls?api-version=7.7', token);
    expect(unknownVersion.json.error?.message).toBe(
      'The specified version (7.7) is not recognized. Consider using the latest supported version (2025-07-01).'
    );
    for (const version of ['7.0', '7.5', '2025-07-01'])
      expect((await read(PUBLIC, `/secrets/tls?api-version=${version}`, token)).status).toBe(200);

    const underscore = await read(PUBLIC, `/secrets/db_password?${API}`, token);
    expect(underscore.status).toBe(400);
    expect(underscore.json).toEqual({ error: { code: 'BadParameter', message: 'The request URI contains an invalid name: db_password' } });
    expect((await read(PUBLIC, `/secrets/${'a'.repeat(128)}?${API}`, token)).json.error?.code).toBe('BadParameter');
    const html = await read(PUBLIC, `/secrets/a%3Cb?${API}`, token);
    expect(html.status).toBe(400);
    expect(html.headers['content-type']).toMatch(/^text\/html/);

    const noSecret = await read(PUBLIC, `/secrets/nope?${API}`, token);
    expect(noSecret.status).toBe(404);
    expect(noSecret.json.error?.code).toBe('SecretNotFound');
    expect(noSecret.json.error?.message).toMatch(
      /^A secret with \(name\/id\) nope was not found in this key vault\. If you recently deleted/
    );
    const noVersion = await read(PUBLIC, `/secrets/tls/${V1}?${API}`, token);
    expect(noVersion.status).toBe(404);
    expect(noVersion.json.error?.message).toMatch(new RegExp(`^A secret with \\(name/id\\) tls/${V1} was not found`));
  });

  it('serves expired and not yet valid secrets as Key Vault does, and refuses a disabled version (403 SecretDisabled)', async () => {
    const { tokenFor, read } = await world(vaults());
    const token = tokenFor('https://vault.azure.net');
    const expired = await read(PUBLIC, `/secrets/expired?${API}`, token);
    expect(expired.status).toBe(200);
    expect(expired.json.attributes).toMatchObject({ enabled: true, exp: 1_000_000_000, nbf: 900_000_000 });
    const later = await read(PUBLIC, `/secrets/later?${API}`, token);
    expect([later.status, later.json.attributes?.['nbf']]).toEqual([200, 4_000_000_000]);

    const disabled = await read(PUBLIC, `/secrets/off/${V1}?${API}`, token);
    expect(disabled.status).toBe(403);
    expect(disabled.json).toEqual({
      error: { code: 'Forbidden', message: 'Operation get is not allowed on a disabled secret.', innererror: { code: 'SecretDisabled' } }
    });
    expect((await read(PUBLIC, `/secrets/off?${API}`, token)).json.value).toBe('on');
  });

  it('denies by RBAC, access policy, firewall or private-only access, per vault or per secret, in Key Vault words', async () => {
    const reader = defaultVm().userAssigned[1]!;
    const { imds, identity, tokenFor, read } = await world([
      {
        host: 'rbacvault.vault.azure.net',
        region: 'eastus',
        readers: [reader.objectId],
        secrets: {
          granted: { versions: [{ value: 'g' }], readers: [defaultVm().systemAssigned!.objectId] },
          refused: 'r',
          blocked: { versions: [{ value: 'b' }], deny: 'firewall' }
        }
      },
      { host: 'policyvault.vault.azure.net', permissionModel: 'access-policy', readers: [reader.objectId], secrets: { s: 's' } },
      { host: 'fwvault.vault.azure.net', deny: 'firewall', clientAddress: '20.111.13.60', region: 'westeurope', secrets: { s: 's' } },
      { host: 'privatevault.vault.azure.net', deny: 'connection', secrets: { s: 's' } }
    ]);
    const token = tokenFor('https://vault.azure.net');
    const caller = `appid=${identity.clientId};oid=${identity.objectId};iss=https://sts.windows.net/${imds.vm.tenantId}/`;

    // A role on the one secret is enough on an RBAC vault; the vault's other secrets stay refused.
    expect((await read('rbacvault.vault.azure.net', `/secrets/granted?${API}`, token)).json.value).toBe('g');
    const rbac = await read('rbacvault.vault.azure.net', `/secrets/Refused?${API}`, token);
    expect(rbac.status).toBe(403);
    expect(rbac.json).toEqual({
      error: {
        code: 'Forbidden',
        message:
          'Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n' +
          `Caller: ${caller}\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\n` +
          `Resource: '/subscriptions/${imds.vm.subscriptionId}/resourcegroups/rg-secrets/providers/microsoft.keyvault/vaults/rbacvault/secrets/refused'\r\n` +
          "Assignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: 'DeniedWithNoValidRBAC' \r\nVault: rbacvault;location=eastus\r\n",
        innererror: { code: 'ForbiddenByRbac' }
      }
    });
    // A role holder reads it; so a missing secret is 403 to others and 404 only to readers, as in Key Vault.
    const readerToken = imds.issue(reader, 'https://vault.azure.net')['access_token']!;
    expect((await read('rbacvault.vault.azure.net', `/secrets/refused?${API}`, readerToken)).json.value).toBe('r');
    expect((await read('rbacvault.vault.azure.net', `/secrets/missing?${API}`, token)).status).toBe(403);
    expect((await read('rbacvault.vault.azure.net', `/secrets/missing?${API}`, readerToken)).status).toBe(404);
    const perSecretFirewall = await read('rbacvault.vault.azure.net', `/secrets/blocked?${API}`, readerToken);
    expect(perSecretFirewall.json.error?.innererror).toEqual({ code: 'ForbiddenByFirewall' });

    const policy = await read('policyvault.vault.azure.net', `/secrets/s?${API}`, token);
    expect(policy.json).toEqual({
      error: {
        code: 'Forbidden',
        message: `The user, group or application '${caller}' does not have secrets get permission on key vault 'policyvault;location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
        innererror: { code: 'AccessDenied' }
      }
    });

    const firewall = await read('fwvault.vault.azure.net', `/secrets/s?${API}`, token);
    expect(firewall.status).toBe(403);
    expect(firewall.json.error).toEqual({
      code: 'Forbidden',
      message: `Client address is not authorized and caller is not a trusted service.\r\nClient address: 20.111.13.60\r\nCaller: ${caller}\r\nVault: fwvault;location=westeurope`,
      innererror: { code: 'ForbiddenByFirewall' }
    });
    expect(firewall.headers['x-ms-keyvault-network-info']).toBe('conn_type=Ipv4;addr=20.111.13.60;act_addr_fam=InterNetwork;');

    const connection = await read('privatevault.vault.azure.net', `/secrets/s?${API}`, token);
    expect(connection.json.error).toEqual({
      code: 'Forbidden',
      message: 'Public network access is disabled and request is not from a trusted service nor via an approved private link.',
      innererror: { code: 'ForbiddenByConnection' }
    });
  });

  it('throttles: N answered requests per window, then 429 Throttled without Retry-After, the 429s not counted', async () => {
    const windowMs = 600;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
    const { kv, tokenFor, read } = await world([{ host: PUBLIC, throttle: { requests: 2, windowMs }, secrets: { s: 'v' } }]);
    const token = tokenFor('https://vault.azure.net');
    const statuses = async (count: number) => {
      const answers = [];
      for (let i = 0; i < count; i++) answers.push(await read(PUBLIC, `/secrets/s?${API}`, token));
      return answers;
    };
    expect((await statuses(2)).map((a) => a.status)).toEqual([200, 200]);
    const start = kv.requests[0]!.at;
    // Half a window later: refused, as Key Vault refuses, with no Retry-After.
    await sleep(start + windowMs / 2 - Date.now());
    const refused = await statuses(2);
    expect(refused.map((a) => a.status)).toEqual([429, 429]);
    expect(refused[0]?.json).toEqual({
      error: {
        code: 'Throttled',
        message: 'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached'
      }
    });
    expect(refused[0]?.headers['retry-after']).toBeUndefined();
    expect(kv.stats.throttled).toBe(2);
    // Once the two answered requests leave the window, requests are answered again: had the 429s
    // counted, they would still fill it for another half window.
    await sleep(start + windowMs + 30 - Date.now());
    expect((await statuses(1)).map((a) => a.status)).toEqual([200]);
  });

  it('answers a secret’s faults first (5xx, 429 queued per secret), then normally; enqueue() answers the next request to any vault', async () => {
    const { kv, tokenFor, read } = await world([
      {
        host: PUBLIC,
        secrets: {
          flaky: { versions: [{ value: 'steady' }], fault: [kvFaults.serverError(503), kvFaults.throttled(), kvFaults.serverError(500)] },
          ok: 'fine'
        }
      }
    ]);
    const token = tokenFor('https://vault.azure.net');
    // A secret's faults come after the token check: a request without one is still 401, and uses none up.
    expect((await read(PUBLIC, `/secrets/flaky?${API}`)).status).toBe(401);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await read(PUBLIC, `/secrets/flaky?${API}`, token)).status);
    expect(statuses).toEqual([503, 429, 500, 200]);

    // A queued fault comes before every check.
    kv.enqueue(kvFaults.redirect('https://attacker.example/collect'));
    const redirect = await read(PUBLIC, `/secrets/ok?${API}`, token);
    expect([redirect.status, redirect.headers['location']]).toEqual([302, 'https://attacker.example/collect']);
    expect((await read(PUBLIC, `/secrets/ok?${API}`, token)).json.value).toBe('fine');
  });

  it('gives hostile answers: an id for another secret, a non-string value, a 1 MB body, workflow commands and Markdown', async () => {
    const hostile = (change: (b: Record<string, unknown>) => unknown): { versions: [{ value: string }]; fault: KeyVaultFault } => ({
      versions: [{ value: 'v' }],
      fault: kvFaults.bundle(change)
    });
    const { tokenFor, read } = await world([
      {
        host: PUBLIC,
        secrets: {
          other: hostile((b) => ({ ...b, id: `https://${PUBLIC}/secrets/someone-else/${V1}` })),
          object: hostile((b) => ({ ...b, value: { not: 'a string' } })),
          huge: { versions: [{ value: 'v' }], fault: kvFaults.huge(1024 * 1024) },
          words: {
            value: 'v',
            id: `https://${PUBLIC}/secrets/words/${V1}\n${HOSTILE_TEXT}`,
            contentType: HOSTILE_TEXT,
            tags: { [HOSTILE_TEXT]: HOSTILE_TEXT }
          },
          message: { versions: [{ value: 'v' }], fault: kvFaults.error(403, 'Forbidden', HOSTILE_TEXT, 'ForbiddenByRbac') }
        }
      }
    ]);
    const token = tokenFor('https://vault.azure.net');
    const at = (name: string) => read(PUBLIC, `/secrets/${name}?${API}`, token);

    expect((await at('other')).json).toMatchObject({ value: 'v', id: `https://${PUBLIC}/secrets/someone-else/${V1}` });
    expect((await at('object')).json.value).toEqual({ not: 'a string' });
    const huge = await at('huge');
    expect([huge.status, Buffer.byteLength(huge.text)]).toEqual([200, 1024 * 1024]);
    expect(huge.json.id).toMatch(new RegExp(`^https://${PUBLIC}/secrets/huge/[0-9a-f]{32}$`));
    const words = await at('words');
    expect(words.json).toMatchObject({ id: `https://${PUBLIC}/secrets/words/${V1}\n${HOSTILE_TEXT}`, contentType: HOSTILE_TEXT });
    expect(words.json.tags).toEqual({ [HOSTILE_TEXT]: HOSTILE_TEXT });
    expect(HOSTILE_TEXT).toMatch(/^::error::/m);
    expect(HOSTILE_TEXT).toMatch(/##\[set-output/);
    expect(HOSTILE_TEXT).toMatch(/^::add-mask::/m);
    const message = await at('message');
    expect([message.status, message.json.error?.message, message.json.error?.innererror]).toEqual([
      403,
      HOSTILE_TEXT,
      { code: 'ForbiddenByRbac' }
    ]);
  });

  it('counts the requests in flight: on arrival, and the peak', async () => {
    // Each answer is held until all ten have arrived, so the peak is exactly ten whatever the machine's speed.
    const held: (() => void)[] = [];
    const hold: KeyVaultFault = (context) => {
      held.push(() => kvFaults.bundle((b) => b)(context));
      if (held.length === 10) for (const release of held) release();
    };
    const { kv, tokenFor, read } = await world([{ host: PUBLIC, secrets: { s: { versions: [{ value: 'v' }], fault: hold } } }]);
    const token = tokenFor('https://vault.azure.net');
    const answers = await Promise.all(Array.from({ length: 10 }, () => read(PUBLIC, `/secrets/s?${API}`, token)));
    expect(answers.map((a) => a.json.value)).toEqual(Array(10).fill('v'));
    expect(kv.stats.peakInFlight).toBe(10);
    expect(kv.requests.map((r) => r.inFlight)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(kv.stats.inFlight).toBe(0);

    // One at a time never overlaps.
    const { kv: sequential, tokenFor: tokenFor2 } = await world([{ host: PUBLIC, secrets: { s: 'v' } }], { latencyMs: 30 });
    const t2 = tokenFor2('https://vault.azure.net');
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      expect((await get(sequential.port, PUBLIC, `/secrets/s?${API}`, { token: t2 })).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    }
    expect(sequential.stats.peakInFlight).toBe(1);
  });

  it('is reached by name as the bundle will reach it: the test resolver routes the vault host to it, NODE_EXTRA_CA_CERTS trusts it', async () => {
    const { kv, tokenFor } = await world(vaults());
    const token = tokenFor('https://vault.azure.net');
    const script = `
      const https = require('node:https');
      https.get('https://${PUBLIC}/secrets/db-password/${V1}?${API}', { headers: { authorization: 'Bearer ' + process.env.KV_TOKEN } }, (r) => {
        let t = ''; r.on('data', (c) => (t += c)); r.on('end', () => console.log(r.statusCode, JSON.parse(t).value));
      }).on('error', (e) => console.log('error', e.code));`;
    const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) =>
      execFile(
        process.execPath,
        ['-e', script],
        { env: { PATH: process.env['PATH'], NODE_EXTRA_CA_CERTS: TEST_CA, KV_TOKEN: token, ...testDnsEnv(kv.routes) }, timeout: 20_000 },
        (error, out) => (error ? reject(error) : resolve({ stdout: out }))
      )
    );
    expect(stdout.trim()).toBe('200 old-password');
    expect(kv.requests.map((r) => [r.host, r.token === token])).toEqual([[PUBLIC, true]]);
    expect(Object.keys(kv.routes).sort()).toEqual([`${CHINA}:443`, `${GOV}:443`, `${PUBLIC}:443`]);
  });
});
