/**
 * Hostile endpoints quoting secrets back: no piece of any secret the action holds (tokens, the
 * separate ARM token, IDENTITY_HEADER, the Arc key, the federated assertion), nor of any
 * JWT-shaped string an answer holds, reaches stdout, stderr or any GITHUB_* file. The scan looks
 * for every 8-character piece of each secret (the runner masks whole values only, so a
 * shortened secret is a leak). And the Arc key file is read once, safely.
 */
import { linkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { defer, ensureFolder, temporaryFolder } from '../../__fixtures__/cleanup.js';
import {
  imdsAnswer,
  instanceMetadata,
  randomText,
  reply,
  runHostile,
  secretLeaks,
  startScripted,
  unsignedJwt
} from '../../__fixtures__/hostile.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** The shapes a token arrives in inside an error body. */
const SHAPES: [string, (token: string) => [body: string, contentType: string]][] = [
  ['a truncated token JSON', (t) => [`{"access_token":"${t}","expires_on":"17`, 'application/json']],
  ['a JSON array', (t) => [JSON.stringify([t]), 'application/json']],
  ['a nested object', (t) => [JSON.stringify({ data: { access_token: t } }), 'application/json']],
  ['an error object', (t) => [JSON.stringify({ error: { code: 'Bad', message: `token ${t}` } }), 'application/json']],
  ['a form-encoded body', (t) => [`access_token=${t}&token_type=Bearer`, 'application/x-www-form-urlencoded']],
  [
    'an error_description quoting it',
    (t) => [JSON.stringify({ error: 'invalid_request', error_description: `Token ${t} rejected` }), 'application/json']
  ],
  ['an HTML title', (t) => [`<html><head><title>${t}</title></head><body>x</body></html>`, 'text/html']],
  ['plain text', (t) => [`upstream said: ${t}`, 'text/plain']]
];

describe('4. no part of a secret in any message', () => {
  it.each(SHAPES)('a 502 then 400 quoting a token not yet issued, as %s', async (_, shape) => {
    // The token IMDS will hand out later, quoted early: nothing masks it yet, so only the
    // action's own scrubbing (of every JWT-shaped string) can keep it out of the log.
    const later = unsignedJwt();
    const imds = await startScripted({
      handler: (_, response, seen) => {
        const [body, type] = shape(later);
        if (seen.path !== '/metadata/identity/oauth2/token') return reply(response, 404, '{}');
        reply(response, imds.requests.length === 1 ? 502 : 400, body, { 'Content-Type': type });
      }
    });
    closers.push(imds.close);
    const run = await runHostile({ inputs: { endpoint: imds.url, source: 'imds', 'timeout-seconds': '10' } });
    expect(imds.requests).toHaveLength(2);
    expect(run.code).toBe(1);
    expect(secretLeaks(run, [later])).toEqual([]);
  });

  it.each([
    ...SHAPES,
    [
      'a 2,000-character token in an error_description',
      (t: string) => [JSON.stringify({ error: 'x', error_description: t }), 'application/json']
    ] as const
  ])('an error quoting the token the action holds, as %s (verify, separate ARM token)', async (_, shape) => {
    const tokens: string[] = [];
    const imds = await startScripted({
      handler: (_, response, seen) => {
        if (seen.path === '/metadata/instance/compute') return reply(response, 200, instanceMetadata());
        if (tokens.length === 0) {
          tokens.push(unsignedJwt({ aud: 'https://vault.azure.net' }, 1400));
          return reply(response, 200, imdsAnswer(tokens[0]!, { resource: 'https://vault.azure.net' }));
        }
        const [body, type] = (shape as (t: string) => [string, string])(tokens[0]!);
        reply(response, 400, body, { 'Content-Type': type });
      }
    });
    closers.push(imds.close);
    const run = await runHostile({
      inputs: { endpoint: imds.url, resource: 'https://vault.azure.net', verify: 'true', 'arm-endpoint': 'https://127.0.0.1:1' }
    });
    expect(run.code).toBe(1);
    expect(run.outputs['access-token']).toBe(tokens[0]);
    expect(tokens[0]!.length).toBeGreaterThan(1500);
    expect(secretLeaks(run, tokens)).toEqual([]);
  });

  it('a 200 whose field name is a token', async () => {
    const token = unsignedJwt();
    const imds = await startScripted({ handler: (_, response) => reply(response, 200, { [token]: 'x', expires_in: '3599' }) });
    closers.push(imds.close);
    const run = await runHostile({ inputs: { endpoint: imds.url, source: 'imds', 'timeout-seconds': '5' } });
    expect(run.code).toBe(1);
    expect(secretLeaks(run, [token])).toEqual([]);
  });

  it('an ARM 400 echoing "Authorization: Bearer <token>"', async () => {
    const tokens: string[] = [];
    const imds = await startScripted({
      handler: (_, response, seen) => {
        if (seen.path === '/metadata/instance/compute') return reply(response, 200, instanceMetadata());
        tokens.push(unsignedJwt());
        reply(response, 200, imdsAnswer(tokens.at(-1)!));
      }
    });
    const arm = await startScripted({
      tls: true,
      handler: (request, response) =>
        reply(response, 400, { error: { code: 'BadRequest', message: `Rejected header Authorization: ${request.headers.authorization}` } })
    });
    closers.push(imds.close, arm.close);
    const run = await runHostile({ inputs: { endpoint: imds.url, verify: 'true', 'arm-endpoint': arm.url } });
    expect(arm.requests).toHaveLength(1);
    expect(run.code).toBe(1);
    expect(secretLeaks(run, tokens)).toEqual([]);
  });

  it('App Service quoting IDENTITY_HEADER back in its error', async () => {
    const header = randomText(48);
    const endpoint = await startScripted({
      handler: (request, response) =>
        reply(response, 400, {
          statusCode: 400,
          message: `Header ${request.headers['x-identity-header']} is not valid for this app.`,
          correlationId: randomUUID()
        })
    });
    closers.push(endpoint.close);
    const run = await runHostile({
      inputs: { 'timeout-seconds': '5' },
      env: { IDENTITY_ENDPOINT: `${endpoint.url}/msi/token`, IDENTITY_HEADER: header }
    });
    expect(endpoint.requests[0]?.headers['x-identity-header']).toBe(header);
    expect(run.code).toBe(1);
    expect(secretLeaks(run, [header])).toEqual([]);
  });

  it('Entra ID quoting the federated assertion back in its error', async () => {
    const folder = temporaryFolder('hostile-wi-');
    const assertion = unsignedJwt({ sub: 'system:serviceaccount:runners:runner' }, 600);
    writeFileSync(join(folder, 'token'), assertion);
    const entra = await startScripted({
      tls: true,
      handler: (_, response, seen) => {
        const form = new URLSearchParams(seen.body);
        reply(response, 400, {
          error: 'invalid_client',
          error_description: `AADSTS70021: No matching federated identity record found for presented assertion ${form.get('client_assertion')}. Trace ID: 1 Correlation ID: 2 Timestamp: 3`
        });
      }
    });
    closers.push(entra.close);
    const run = await runHostile({
      inputs: { 'timeout-seconds': '5' },
      env: {
        AZURE_FEDERATED_TOKEN_FILE: join(folder, 'token'),
        AZURE_CLIENT_ID: '00000000-0000-0000-0001-000000000001',
        AZURE_TENANT_ID: '00000000-0000-0000-0000-00000000aaaa',
        AZURE_AUTHORITY_HOST: `${entra.url}/`
      }
    });
    expect(entra.requests).toHaveLength(1);
    expect(run.code).toBe(1);
    expect(secretLeaks(run, [assertion])).toEqual([]);
  });
});

const ARC_FOLDER = '/var/opt/azcmagent/tokens';
const root = process.getuid?.() === 0;
// The agent's folder is fixed (anything else is refused), so these tests need to write there.
(root ? describe : describe.skip)("Azure Arc's key (needs root to write the agent's key folder)", () => {
  // Made where missing, and removed after the whole run (other test files use it too).
  beforeAll(() => ensureFolder(ARC_FOLDER));

  /** An agent whose challenge names `keyFile`, and which answers a presented key with a token. */
  async function agent(keyFile: string, quoteKey = false) {
    const tokens: string[] = [];
    const server = await startScripted({
      handler: (request, response) => {
        const authorization = request.headers.authorization;
        if (!authorization) {
          return reply(response, 401, { error: 'unauthorized_client' }, { 'WWW-Authenticate': `Basic realm=${keyFile}` });
        }
        if (quoteKey) return reply(response, 400, { error: 'invalid_request', error_description: `Bad key in ${authorization}` });
        tokens.push(unsignedJwt());
        reply(response, 200, imdsAnswer(tokens.at(-1)!));
      }
    });
    closers.push(server.close);
    const run = await runHostile({
      inputs: { source: 'arc', endpoint: `${server.url}/metadata/identity/oauth2/token`, 'timeout-seconds': '5' }
    });
    return { run, tokens, presented: server.requests.map((r) => r.headers.authorization).filter(Boolean) };
  }

  const keyPath = (): string => {
    const file = join(ARC_FOLDER, `${randomUUID()}.key`);
    defer(() => rmSync(file, { force: true }));
    return file;
  };
  const secretOutside = (): { file: string; content: string } => {
    const file = `/var/opt/azcmagent/hostile-secret-${randomUUID()}`;
    const content = `not-an-arc-key-${randomText(32)}`;
    writeFileSync(file, content, { mode: 0o600 });
    defer(() => rmSync(file, { force: true }));
    return { file, content };
  };

  it('never sends the content of a file a symlinked key points to', async () => {
    const secret = secretOutside();
    const link = keyPath();
    symlinkSync(secret.file, link);
    const { run, presented } = await agent(link);
    expect(presented.filter((p) => p!.includes(secret.content))).toEqual([]);
    expect(presented).toEqual([]);
    expect(run.code).toBe(1);
  });

  it('never sends the content of a file hard-linked into the tokens folder', async () => {
    const secret = secretOutside();
    const link = keyPath();
    linkSync(secret.file, link);
    const { run, presented } = await agent(link);
    expect(presented).toEqual([]);
    expect(run.code).toBe(1);
    expect(secretLeaks(run, [secret.content])).toEqual([]);
  });

  it('never sends a key file larger than 4 KiB', async () => {
    const file = keyPath();
    writeFileSync(file, 'k'.repeat(4097));
    const { run, presented } = await agent(file);
    expect(presented).toEqual([]);
    expect(run.code).toBe(1);
  });

  it('sends a key without its trailing newline', async () => {
    const file = keyPath();
    const key = randomText(64);
    writeFileSync(file, `${key}\n`);
    const { run, presented, tokens } = await agent(file);
    expect(presented).toEqual([`Basic ${key}`]);
    expect(run.code).toBe(0);
    expect(secretLeaks(run, [key, ...tokens])).toEqual([]);
  });

  it('never shows the key an agent quotes back in its error', async () => {
    const file = keyPath();
    const key = randomText(64);
    writeFileSync(file, key);
    const { run, presented } = await agent(file, true);
    expect(presented).toEqual([`Basic ${key}`]);
    expect(run.code).toBe(1);
    expect(secretLeaks(run, [key])).toEqual([]);
  });
});
