/**
 * What an outside review of the hostile-answers work found, each now a test on the committed
 * bundle: pieces of secrets in IDs, echoes and escapes; a proxy password in a message; an answer
 * choosing what the runner masks; a system file or a FIFO where a file is read; a proxy that wants
 * credentials; a Retry-After longer than the action ever waits.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { temporaryFolder } from '../../__fixtures__/cleanup.js';
import {
  commandProblems,
  errorLine,
  imdsAnswer,
  randomText,
  reply,
  runHostile,
  secretLeaks,
  startScripted,
  unsignedJwt
} from '../../__fixtures__/hostile.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});
async function server(options: Parameters<typeof startScripted>[0]) {
  const started = await startScripted(options);
  closers.push(() => started.close());
  return started;
}
const fifo = (): string => {
  const path = join(temporaryFolder('msi-token-fifo-'), 'fifo');
  execFileSync('mkfifo', [path]);
  return path;
};
/** Every char of `text` \u-escaped as JSON allows: decoded by the parser, unseen by a raw match. */
const escaped = (text: string): string => `\\u${text.charCodeAt(0).toString(16).padStart(4, '0')}${text.slice(1)}`;

describe('pieces of secrets', () => {
  it('shows no piece of IDENTITY_HEADER or of a token, split up, in IDs or in headers', async () => {
    const header = randomText(80);
    const jwt = unsignedJwt();
    const endpoint = await server({
      handler: (_request, response, seen) => {
        const h = String(seen.headers['x-identity-header'] ?? '');
        reply(
          response,
          400,
          {
            message: `bad header ${h.slice(0, 20)} ${h.slice(20, 40)} token ${jwt.slice(0, 10)} ${jwt.slice(10, 60)}`,
            correlationId: h.slice(40, 80)
          },
          { 'x-ms-request-id': jwt.slice(0, 64) }
        );
      }
    });
    const run = await runHostile({
      inputs: { source: 'app-service', 'timeout-seconds': '5' },
      env: { IDENTITY_ENDPOINT: `${endpoint.url}/msi/token`, IDENTITY_HEADER: header }
    });
    expect(errorLine(run)).toContain('refused the token request: HTTP 400');
    expect(secretLeaks(run, [header, jwt])).toEqual([]);
  });

  it('shows no secret hidden behind a JSON escape in an answer of no known shape', async () => {
    const header = randomText(40);
    const jwt = unsignedJwt();
    const endpoint = await server({
      handler: (_request, response, seen) =>
        reply(
          response,
          400,
          `{"detail":"header ${escaped(String(seen.headers['x-identity-header']))} token ${escaped(jwt.slice(0, 120))}"}`
        )
    });
    const run = await runHostile({
      inputs: { source: 'app-service', 'timeout-seconds': '3' },
      env: { IDENTITY_ENDPOINT: `${endpoint.url}/msi/token`, IDENTITY_HEADER: header }
    });
    expect(errorLine(run)).toContain('refused the token request: HTTP 400');
    expect(secretLeaks(run, [header, jwt])).toEqual([]);
  });

  it('shows no secret a redirect puts in a host name, which comes back lower-cased', async () => {
    const header = randomText(40);
    const endpoint = await server({
      handler: (_request, response, seen) =>
        reply(response, 302, '', { Location: `https://${String(seen.headers['x-identity-header'])}.evil.example/x` })
    });
    const run = await runHostile({
      inputs: { source: 'app-service', 'timeout-seconds': '3' },
      env: { IDENTITY_ENDPOINT: `${endpoint.url}/msi/token`, IDENTITY_HEADER: header }
    });
    expect(errorLine(run)).toContain('a redirect');
    const everything = [run.stdout.replace(`::add-mask::${header}`, ''), run.stderr, ...Object.values(run.files)].join('\n').toLowerCase();
    expect(everything).not.toContain(header.toLowerCase().slice(0, 12));
  });

  it.each([' ', '|', ''])('shows no secret echoed in 7-character chunks joined by %j', async (separator) => {
    const header = randomText(40);
    const endpoint = await server({
      handler: (_request, response, seen) => {
        const echoed = (String(seen.headers['x-identity-header']).match(/.{1,7}/g) ?? []).join(separator);
        reply(response, 400, { message: `bad header ${echoed} here` });
      }
    });
    const run = await runHostile({
      inputs: { source: 'app-service', 'timeout-seconds': '3' },
      env: { IDENTITY_ENDPOINT: `${endpoint.url}/msi/token`, IDENTITY_HEADER: header }
    });
    expect(errorLine(run)).toContain('refused the token request: HTTP 400, bad header *** here');
    for (const chunk of header.match(/.{1,7}/g) ?? []) expect(errorLine(run)).not.toContain(chunk);
  });

  it.each(['http://deploy:Sup3rS3cret/Passw0rd@proxy.corp:3128', 'http://deploy:Sup3r@S3cretPassw0rd@proxy.corp:3128/x'])(
    'never shows the password of a malformed HTTPS_PROXY %s',
    async (proxy) => {
      const imds = await server({ handler: (_request, response) => reply(response, 200, imdsAnswer(unsignedJwt())) });
      const run = await runHostile({
        inputs: { endpoint: imds.url, source: 'imds', 'container-registry': 'myregistry.azurecr.io', 'timeout-seconds': '5' },
        env: { HTTPS_PROXY: proxy }
      });
      expect(errorLine(run)).toContain('The environment variable HTTPS_PROXY must be');
      expect(run.stdout).not.toMatch(/S3cret|Passw0rd|Sup3r/);
    }
  );
});

describe('what the runner masks', () => {
  it.each(['e', 'Error', ' ', 'x\u001b[2J', '%'])('is not chosen by an answer offering %j as its token', async (token) => {
    const imds = await server({ handler: (_request, response) => reply(response, 200, imdsAnswer(token)) });
    const run = await runHostile({ inputs: { endpoint: imds.url, source: 'imds', 'timeout-seconds': '3' } });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('::add-mask::');
    expect(commandProblems(run, [])).toEqual([]);
    expect(errorLine(run)).toContain('is not an access token');
  });
});

describe('files', () => {
  it('sends nothing from a system file named as the federated token (a process environment, say)', async () => {
    const entra = await server({ tls: true, handler: (_request, response) => reply(response, 400, { error: 'invalid_client' }) });
    const run = await runHostile({
      inputs: { 'timeout-seconds': '5' },
      env: {
        AZURE_FEDERATED_TOKEN_FILE: '/proc/self/environ',
        AZURE_CLIENT_ID: '00000000-0000-0000-0001-000000000000',
        AZURE_TENANT_ID: '00000000-0000-0000-0000-00000000aaaa',
        AZURE_AUTHORITY_HOST: entra.url
      }
    });
    expect(entra.requests).toEqual([]);
    expect(errorLine(run)).toContain('is not read, because it is a file of the system');
  });

  it('sends nothing from a /sys file named as the federated token', async () => {
    const entra = await server({ tls: true, handler: (_request, response) => reply(response, 400, { error: 'invalid_client' }) });
    const run = await runHostile({
      inputs: { 'timeout-seconds': '5' },
      env: {
        AZURE_FEDERATED_TOKEN_FILE: '/sys/kernel/mm/transparent_hugepage/enabled',
        AZURE_CLIENT_ID: '00000000-0000-0000-0001-000000000000',
        AZURE_TENANT_ID: '00000000-0000-0000-0000-00000000aaaa',
        AZURE_AUTHORITY_HOST: entra.url
      }
    });
    expect(entra.requests).toEqual([]);
    expect(errorLine(run)).toContain('is not read, because it is a file of the system');
  });

  it('writes a summary to /dev/null without a word, as local runs do', async () => {
    const imds = await server({ handler: (_request, response) => reply(response, 200, imdsAnswer(unsignedJwt())) });
    const run = await runHostile({
      inputs: { endpoint: imds.url, source: 'imds', 'timeout-seconds': '2' },
      env: { GITHUB_STEP_SUMMARY: '/dev/null' }
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('::warning::');
  });

  it('is not held up by a FIFO as the event file, and warns of nothing it could not read', async () => {
    const imds = await server({ handler: (_request, response) => reply(response, 200, imdsAnswer(unsignedJwt())) });
    const run = await runHostile({
      inputs: { endpoint: imds.url, source: 'imds', 'timeout-seconds': '2' },
      env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: fifo() },
      killAfterMs: 8000
    });
    expect(run.code).toBe(0);
    expect(run.durationMs).toBeLessThan(3000);
  });

  it.each(['GITHUB_OUTPUT', 'GITHUB_ENV'])('is not held up by a FIFO as the %s file, and says so', async (file) => {
    const imds = await server({ handler: (_request, response) => reply(response, 200, imdsAnswer(unsignedJwt())) });
    const run = await runHostile({
      inputs: { endpoint: imds.url, source: 'imds', 'timeout-seconds': '2', 'export-variable': 'AZURE_TOKEN' },
      env: { [file]: fifo() },
      killAfterMs: 8000
    });
    expect(run.signal).toBeNull();
    expect(run.durationMs).toBeLessThan(3000);
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/is not a regular file/);
  });

  it('is not held up by a FIFO as the job summary file', async () => {
    const imds = await server({ handler: (_request, response) => reply(response, 200, imdsAnswer(unsignedJwt())) });
    const run = await runHostile({
      inputs: { endpoint: imds.url, source: 'imds', 'timeout-seconds': '2' },
      env: { GITHUB_STEP_SUMMARY: fifo() },
      killAfterMs: 8000
    });
    expect(run.code).toBe(0);
    expect(run.durationMs).toBeLessThan(3000);
    expect(run.stdout).toMatch(/^::warning::The job summary was not written: .* is not a regular file/m);
  });
});

describe('messages', () => {
  it('says a Retry-After longer than the action ever waits is that, not a matter of timeout-seconds', async () => {
    const imds = await server({ handler: (_request, response) => reply(response, 429, { error: 'throttled' }, { 'Retry-After': '100' }) });
    const run = await runHostile({ inputs: { endpoint: imds.url, source: 'imds', 'timeout-seconds': '600' } });
    expect(errorLine(run)).toContain('asked to wait 100 s (Retry-After), longer than the 60 s the action waits between attempts');
    expect(imds.requests).toHaveLength(1);
  });
});
