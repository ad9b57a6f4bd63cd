import nock from 'nock';
import { setTimeout as sleep } from 'node:timers/promises';
import { accessToken, fakeJwt, IDS, imdsTokenBody } from '../../__fixtures__/bodies.js';
import { tokenContext } from '../../__fixtures__/context.js';
import { actionError } from '../../__fixtures__/failures.js';
import { isolateNetwork } from '../../__fixtures__/nock.js';
import { IMDS, IMDS_TOKEN_PATH } from '../../__fixtures__/vm.js';
import { readInputs } from '../../src/inputs.js';
import { MAX_IN_FLIGHT, readKeyVaultSecrets, settledInPool } from '../../src/keyvault/read-secrets.js';
import { feature } from '../../src/keyvault/feature.js';
import { FEATURES } from '../../src/features/index.js';
import { KEY_VAULT_API_VERSION } from '../../src/keyvault/secret-call.js';
import { Secrets } from '../../src/text/secrets.js';
import type { AccessToken } from '../../src/types.js';

isolateNetwork();

const NOW = Date.UTC(2026, 10, 21, 12);
const DAY_S = 86_400;
const PUBLIC = 'https://vault.azure.net';
const GOV = 'https://vault.usgovcloudapi.net';

function setUp(raw: string, { resource = 'https://management.azure.com/', exportSecrets = false, clientId = IDS.clientId } = {}) {
  const given: Record<string, string> = {
    resource,
    'client-id': clientId,
    'key-vault-secrets': raw,
    'export-secrets': String(exportSecrets)
  };
  const inputs = readInputs((name) => given[name] ?? '');
  const ctx = tokenContext();
  const values: string[] = [];
  const vaultCtx = { ...ctx, values, maskValue: (value: string) => void (values.push(value), ctx.secrets.addValue(value)) };
  const userToken: AccessToken = accessToken({ token: fakeJwt({ aud: resource }), resource, audience: resource });
  return { inputs, ctx: vaultCtx, userToken };
}

/** IMDS handing the same identity a token for `audience`, once. */
function vaultTokenFromImds(audience: string, clientId = IDS.clientId) {
  const token = fakeJwt({ aud: audience });
  const scope = nock(IMDS)
    .get(IMDS_TOKEN_PATH)
    .query({ 'api-version': '2018-02-01', resource: audience, client_id: clientId })
    .matchHeader('metadata', 'true')
    .reply(200, imdsTokenBody(token, { resource: audience }));
  return { token, scope };
}

const secretBody = (host: string, secret: string, value: string, attributes: Record<string, unknown> = {}) => ({
  value,
  id: `https://${host}/secrets/${secret}/${'ab'.repeat(16)}`,
  attributes: { enabled: true, ...attributes }
});
const vault = (host: string) => nock(`https://${host}`);
const getSecret = (host: string, secret: string) => vault(host).get(`/secrets/${secret}`).query({ 'api-version': KEY_VAULT_API_VERSION });

describe('tokens', () => {
  it("gets a separate vault token from the same identity and source, and never sends the user's token to a vault", async () => {
    const { inputs, ctx, userToken } = setUp('kv1/db-password');
    const { token, scope } = vaultTokenFromImds(PUBLIC);
    const secret = getSecret('kv1.vault.azure.net', 'db-password')
      .matchHeader('authorization', (value) => value === `Bearer ${token}` && !value.includes(userToken.token))
      .reply(200, secretBody('kv1.vault.azure.net', 'db-password', 'value-one-1234'));
    const result = await readKeyVaultSecrets(inputs, userToken, ctx);
    scope.done();
    secret.done();
    expect(result.outputs).toEqual([{ name: 'DB_PASSWORD', value: 'value-one-1234' }]);
    // Masked on arrival: the vault token as a credential, the value as a value.
    expect(ctx.masked).toEqual([token]);
    expect(ctx.values).toEqual(['value-one-1234']);
    expect(ctx.lines).toContainEqual({
      level: 'info',
      message: 'Getting a separate token for https://vault.azure.net to read the key vault secrets with (it is not handed over).'
    });
  });

  it('uses the user token when it is for the vault audience exactly', async () => {
    const { inputs, ctx, userToken } = setUp('kv1/a\nkv2/b', { resource: PUBLIC });
    const imds = nock(IMDS).get(IMDS_TOKEN_PATH).query(true).reply(200, {});
    for (const [host, secret] of [
      ['kv1.vault.azure.net', 'a'],
      ['kv2.vault.azure.net', 'b']
    ] as const) {
      getSecret(host, secret)
        .matchHeader('authorization', `Bearer ${userToken.token}`)
        .reply(200, secretBody(host, secret, `value-of-${secret}`));
    }
    await readKeyVaultSecrets(inputs, userToken, ctx);
    expect(imds.isDone()).toBe(false);
    expect(ctx.masked).toEqual([]);
  });

  it('gets its own token when the user asked for the audience with a trailing slash (Key Vault refuses that one)', async () => {
    const { inputs, ctx, userToken } = setUp('kv1/a', { resource: `${PUBLIC}/` });
    const { token, scope } = vaultTokenFromImds(PUBLIC);
    getSecret('kv1.vault.azure.net', 'a')
      .matchHeader('authorization', `Bearer ${token}`)
      .reply(200, secretBody('kv1.vault.azure.net', 'a', 'value-a-1234'));
    await readKeyVaultSecrets(inputs, userToken, ctx);
    scope.done();
  });

  it('gets one token per cloud, once, and sends each vault only its own', async () => {
    const raw = 'kv1/a\nhttps://gov-kv.vault.usgovcloudapi.net/secrets/b\nkv2/c\nhttps://gov-kv.vault.usgovcloudapi.net/secrets/d';
    const { inputs, ctx, userToken } = setUp(raw);
    const publicToken = vaultTokenFromImds(PUBLIC);
    const govToken = vaultTokenFromImds(GOV);
    const served: string[] = [];
    for (const [host, secret, token] of [
      ['kv1.vault.azure.net', 'a', publicToken.token],
      ['gov-kv.vault.usgovcloudapi.net', 'b', govToken.token],
      ['kv2.vault.azure.net', 'c', publicToken.token],
      ['gov-kv.vault.usgovcloudapi.net', 'd', govToken.token]
    ] as const) {
      getSecret(host, secret)
        .matchHeader('authorization', `Bearer ${token}`)
        .reply(200, () => (served.push(secret), secretBody(host, secret, `value-of-${secret}`)));
    }
    const result = await readKeyVaultSecrets(inputs, userToken, ctx);
    publicToken.scope.done();
    govToken.scope.done();
    expect(served.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(result.outputs.map(({ name }) => name)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('says which audience the identity could not get a token for', async () => {
    const { inputs, ctx, userToken } = setUp('kv1/a');
    nock(IMDS).get(IMDS_TOKEN_PATH).query(true).reply(400, { error: 'invalid_request', error_description: 'Identity not found' });
    const message = await actionError(readKeyVaultSecrets(inputs, userToken, ctx));
    expect(message).toMatch(
      /^Could not read the secrets of 'key-vault-secrets': they need a token for https:\/\/vault\.azure\.net, and the identity did not get one\. IMDS .*Identity not found/
    );
  });
});

describe('all or nothing', () => {
  it('tries every secret, then fails with one line per secret that failed, handing nothing over', async () => {
    const { inputs, ctx, userToken } = setUp('kv1/ok-one\nkv1/denied > DENIED\nkv1/missing\nkv1/ok-two', { resource: PUBLIC });
    const host = 'kv1.vault.azure.net';
    const ok = [
      getSecret(host, 'ok-one').reply(200, secretBody(host, 'ok-one', 'first-value-1')),
      getSecret(host, 'ok-two').reply(200, secretBody(host, 'ok-two', 'second-value-2'))
    ];
    getSecret(host, 'denied').reply(403, {
      error: { code: 'Forbidden', message: 'Caller is not authorized', innererror: { code: 'ForbiddenByRbac' } }
    });
    getSecret(host, 'missing').reply(404, {
      error: { code: 'SecretNotFound', message: 'A secret with (name/id) missing was not found in this key vault.' }
    });
    const message = await actionError(feature.run(inputs, userToken, ctx));
    for (const scope of ok) scope.done();
    const lines = message.split('\n');
    expect(lines[0]).toBe("Could not read 2 of the 4 secrets of 'key-vault-secrets', so none was handed over:");
    expect(lines[1]).toMatch(
      /^- DENIED \(kv1\/denied, line 2\): The key vault kv1 .* refused the secret request: HTTP 403, .*\(ForbiddenByRbac\)/
    );
    expect(lines[2]).toMatch(/^- MISSING \(kv1\/missing, line 3\): The key vault kv1 .* HTTP 404, .*\(SecretNotFound\)/);
    expect(lines).toHaveLength(3);
    expect(message).not.toMatch(/first-value-1|second-value-2/);
  });

  it(`reads them all at once, at most ${MAX_IN_FLIGHT} at a time`, async () => {
    const raw = Array.from({ length: 20 }, (_, n) => `kv1/s${n}`).join('\n');
    const { inputs, ctx, userToken } = setUp(raw, { resource: PUBLIC });
    const host = 'kv1.vault.azure.net';
    let inFlight = 0;
    let most = 0;
    for (let n = 0; n < 20; n++) {
      getSecret(host, `s${n}`).reply(async () => {
        most = Math.max(most, ++inFlight);
        await sleep(15);
        inFlight--;
        return [200, secretBody(host, `s${n}`, `value-number-${n}`)];
      });
    }
    const result = await readKeyVaultSecrets(inputs, userToken, ctx);
    expect(most).toBe(MAX_IN_FLIGHT);
    expect(result.outputs.map(({ value }) => value)).toEqual(Array.from({ length: 20 }, (_, n) => `value-number-${n}`));
  });

  it('the pool keeps the order and settles every item', async () => {
    const outcomes = await settledInPool([3, 1, 2, 0], 2, async (n) => {
      await sleep(n * 5);
      if (n === 1) throw new Error('one');
      return n * 10;
    });
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 30 },
      { status: 'rejected', reason: new Error('one') },
      { status: 'fulfilled', value: 20 },
      { status: 'fulfilled', value: 0 }
    ]);
    await expect(settledInPool([], 8, async () => 1)).resolves.toEqual([]);
  });
});

describe('handing over', () => {
  it('sets each output in order, exports only with export-secrets, and returns summary rows without values', async () => {
    for (const exportSecrets of [false, true]) {
      const { inputs, ctx, userToken } = setUp(`kv1/db-password\nkv1/api-key/${'cd'.repeat(16)} > API`, {
        resource: PUBLIC,
        exportSecrets
      });
      const host = 'kv1.vault.azure.net';
      getSecret(host, 'db-password').reply(200, {
        ...secretBody(host, 'db-password', 'pa55-word-xyz', { exp: NOW / 1000 + 90 * DAY_S }),
        contentType: 'text/plain'
      });
      vault(host)
        .get(`/secrets/api-key/${'cd'.repeat(16)}`)
        .query({ 'api-version': KEY_VAULT_API_VERSION })
        .reply(200, { value: 'key-0123-abcd', id: `https://${host}/secrets/api-key/${'cd'.repeat(16)}` });
      const result = await feature.run(inputs, userToken, ctx);
      expect(result.outputs).toEqual([
        ['DB_PASSWORD', 'pa55-word-xyz'],
        ['API', 'key-0123-abcd']
      ]);
      expect(result.exports).toEqual(exportSecrets ? result.outputs : []);
      expect(result.summary.rows).toEqual([
        ['DB_PASSWORD', 'kv1/db-password, version abababab, expires 2027-02-19T12:00:00Z'],
        ['API', 'kv1/api-key, version cdcdcdcd']
      ]);
      expect(result.log).toEqual([
        'Read the secret kv1/db-password (version abababab, content type text/plain) as DB_PASSWORD.',
        `Read the secret kv1/api-key/${'cd'.repeat(16)} (version cdcdcdcd) as API.`,
        `  handed over as 2 step outputs${exportSecrets ? ' and environment variables' : ''} named as above (masked in logs).`
      ]);
      expect(JSON.stringify(result.summary)).not.toMatch(/pa55-word-xyz|key-0123-abcd/);
      expect(ctx.lines.filter((l) => l.level === 'warning')).toEqual([]);
    }
  });

  it('is wanted only when key-vault-secrets has entries', async () => {
    const entry = FEATURES.find((candidate) => candidate.wanted(setUp('kv1/x').inputs));
    expect(await entry?.load()).toMatchObject({ feature: { name: 'Key Vault secrets' } });
    expect(FEATURES.filter((candidate) => candidate.wanted(setUp('').inputs))).toEqual([]);
  });

  it('hands over an empty value', async () => {
    const { inputs, ctx, userToken } = setUp('kv1/empty', { resource: PUBLIC });
    getSecret('kv1.vault.azure.net', 'empty').reply(200, secretBody('kv1.vault.azure.net', 'empty', ''));
    const result = await readKeyVaultSecrets(inputs, userToken, ctx);
    expect(result.outputs).toEqual([{ name: 'EMPTY', value: '' }]);
    expect(ctx.lines.filter((l) => l.level === 'warning')).toEqual([]);
  });
});

describe('warnings', () => {
  const host = 'kv1.vault.azure.net';
  async function warningsFor(value: string, attributes: Record<string, unknown> = {}): Promise<string[]> {
    const { inputs, ctx, userToken } = setUp('kv1/the-secret > THE_SECRET', { resource: PUBLIC });
    getSecret(host, 'the-secret').reply(200, secretBody(host, 'the-secret', value, attributes));
    await readKeyVaultSecrets(inputs, userToken, ctx);
    return ctx.lines.filter((l) => l.level === 'warning').map((l) => l.message);
  }

  it.each([
    [
      'expired',
      { exp: NOW / 1000 - DAY_S },
      'The secret THE_SECRET (kv1/the-secret) expired at 2026-11-20T12:00:00Z. Key Vault still returns it, but whoever set the expiry meant it to be replaced: set a new version, or a later expiry date.'
    ],
    [
      'expiring within 7 days',
      { exp: NOW / 1000 + 3 * DAY_S - 60 },
      'The secret THE_SECRET (kv1/the-secret) expires at 2026-11-24T11:59:00Z, within 3 day(s): set a new version, or a later expiry date, before then.'
    ],
    [
      'not valid yet',
      { nbf: NOW / 1000 + DAY_S },
      'The secret THE_SECRET (kv1/the-secret) is not valid before 2026-11-22T12:00:00Z (its activation date). Key Vault returns it anyway; what it unlocks may not accept it yet.'
    ]
  ])('warns about a secret %s, and still hands it over', async (_, attributes, warning) => {
    await expect(warningsFor('a-good-long-value', attributes)).resolves.toEqual([warning]);
  });

  it('says nothing of dates further away, or in the past for nbf', async () => {
    await expect(warningsFor('a-good-long-value', { exp: NOW / 1000 + 8 * DAY_S, nbf: NOW / 1000 - DAY_S })).resolves.toEqual([]);
  });

  it('warns once about the short lines of a pretty-printed JSON secret, without showing them', async () => {
    const value = JSON.stringify({ user: 'deployer-account', password: 'hunter2-hunter2', port: 5432, ok: [1] }, null, 2);
    const warnings = await warningsFor(value);
    expect(warnings).toEqual([
      'The secret THE_SECRET (kv1/the-secret) has 4 lines shorter than 4 characters (such as the braces of pretty-printed JSON). The ' +
        "runner masks every line of a secret, so those short strings will be hidden everywhere in this job's log, wherever they appear. " +
        'Store the value compact instead: JSON on one line (jq -c), or the whole value in base64.'
    ]);
  });

  it('warns about a short single-line value', async () => {
    await expect(warningsFor('abc')).resolves.toEqual([
      "The secret THE_SECRET (kv1/the-secret) is shorter than 4 characters. The runner masks it, so that string will be hidden everywhere in this job's log, wherever it appears. A longer value avoids that."
    ]);
  });

  it('does not warn about blank lines or a PEM', async () => {
    await expect(warningsFor('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n\n-----END CERTIFICATE-----\n')).resolves.toEqual([]);
  });
});

describe('no value leaks', () => {
  const PEM =
    '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nq8Zk3mF9vQx2LrT0pYw1sEaHnJcUoKd\n-----END PRIVATE KEY-----';
  const VALUES = ['Server=db;Database=app;Password=s3cr3t-P@ss', PEM, '::warning::pwned\n##[error]value-line', 'ünïcødé-sécret-☃'];

  it('nothing logged, thrown or summarised holds a value or a line of one, whatever the vault answers', async () => {
    const host = 'kv1.vault.azure.net';
    const raw = VALUES.map((_, n) => `kv1/v${n}`).join('\n') + '\nkv1/echo\nkv1/other-id\nkv1/throttled';
    const { inputs, ctx, userToken } = setUp(raw, { resource: PUBLIC });
    VALUES.forEach((value, n) => getSecret(host, `v${n}`).reply(200, secretBody(host, `v${n}`, value, { exp: NOW / 1000 - 1 })));
    // A vault that echoes the other values in its error, one that answers for another secret, one that throttles.
    getSecret(host, 'echo').reply(400, { error: { code: 'BadParameter', message: `bad: ${VALUES.join(' | ')}` } });
    getSecret(host, 'other-id').reply(200, secretBody(host, 'somebody-else', 'value-for-someone-else'));
    getSecret(host, 'throttled').reply(429, { error: { code: 'Throttled', message: `slow ${PEM}` } });
    getSecret(host, 'throttled').reply(200, secretBody(host, 'throttled', 'late-value-1234'));
    const message = await actionError(readKeyVaultSecrets(inputs, userToken, ctx));
    expect(message.split('\n')).toHaveLength(3);
    // Retries of secrets read side by side name the secret.
    const retries = ctx.lines.filter((l) => l.level === 'info').map((l) => l.message);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatch(/^kv1\/throttled: HTTP 429 \(Throttled: slow .*\); retrying in 1\.0 s \(attempt 2\)\.$/);

    const everything = [message, ...ctx.lines.map((l) => l.message)].map((text) => ctx.secrets.redact(text)).join('\n');
    const fragments = [...VALUES, 'value-for-someone-else', 'late-value-1234'].flatMap((value) => [
      value,
      ...value
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.length >= 4)
    ]);
    for (const fragment of fragments) expect(everything).not.toContain(fragment);
    // Every value was masked on arrival, including the one refused as another secret's.
    expect(ctx.values.sort()).toEqual([...VALUES, 'value-for-someone-else', 'late-value-1234'].sort());
  });

  it("the action's own messages lose the value whole and line by line, but no ordinary word", () => {
    const secrets = new Secrets();
    secrets.addValue('Server=db.example;Database=app;Password=hunter2-hunter2');
    secrets.addValue(PEM);
    secrets.addValue('{\n  "a": 1\n}');
    secrets.addValue('abc');
    const shown = secrets.redact(
      'Database=other https://kv1.vault.azure.net got Server=db.example;Database=app;Password=hunter2-hunter2 and ' +
        'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7 and { "a": 1 } abc'
    );
    // `{ "a": 1 }` is the JSON value folded onto one line, as an error body quoting it shows it: the value whole.
    expect(shown).toBe('Database=other https://kv1.vault.azure.net got *** and *** and *** abc');
  });
});
