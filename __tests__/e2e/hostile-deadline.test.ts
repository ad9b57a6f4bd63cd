/**
 * Hostile endpoints against timeout-seconds: whatever a proxy, an endpoint or a file does, the
 * PROCESS ends within timeout-seconds + 1 s (measured from spawn to exit, so node's start-up is
 * included against the action), and it stays polite with an endpoint that asks it not to be.
 */
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { temporaryFolder } from '../../__fixtures__/cleanup.js';
import {
  armVm,
  errorLine,
  imdsAnswer,
  instanceMetadata,
  reply,
  runHostile,
  startRecorder,
  startScripted,
  startStallingProxy,
  unsignedJwt
} from '../../__fixtures__/hostile.js';
import type { ActionRun } from '../../__fixtures__/run-action.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const TIMEOUT_SECONDS = 2;
/** The kill comes long after the limit, so the test measures the action, not the kill. */
const KILL_AFTER_MS = 15_000;

function expectEndedInTime(run: ActionRun, timeoutSeconds = TIMEOUT_SECONDS): void {
  expect(run.signal).toBeNull();
  expect(run.code).toBe(1);
  // The margin is the process's own start and exit, which a busy machine (the suite runs 40
  // copies of the action at once elsewhere) stretches to a second or more; every attack here
  // would hold the step for minutes.
  expect(Math.round(run.durationMs)).toBeLessThanOrEqual(timeoutSeconds * 1000 + 2000);
}

/** Sends `body` one byte every second. */
function trickle(response: ServerResponse, body: string): void {
  response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
  let at = 0;
  const timer = setInterval(() => {
    if (response.destroyed || at >= body.length) return clearInterval(timer);
    response.write(body[at++]);
  }, 1000);
  response.on('close', () => clearInterval(timer));
}

type Route = (request: IncomingMessage, response: ServerResponse) => void;
async function imds({ token, metadata }: { token?: Route; metadata?: Route } = {}) {
  const tokens: string[] = [];
  const server = await startScripted({
    handler: (request, response, seen) => {
      if (seen.path === '/metadata/identity/oauth2/token') {
        if (token) return token(request, response);
        tokens.push(unsignedJwt());
        return reply(response, 200, imdsAnswer(tokens.at(-1)!));
      }
      if (seen.path === '/metadata/instance/compute')
        return metadata ? metadata(request, response) : reply(response, 200, instanceMetadata());
      reply(response, 404, { error: 'not_found' });
    }
  });
  closers.push(server.close);
  return { server, tokens };
}

async function federatedTokenFile(): Promise<string> {
  const folder = temporaryFolder('hostile-deadline-');
  writeFileSync(join(folder, 'token'), unsignedJwt({ sub: 'system:serviceaccount:runners:runner' }));
  return join(folder, 'token');
}

const workloadIdentityEnv = (tokenFile: string, authority: string): Record<string, string> => ({
  AZURE_FEDERATED_TOKEN_FILE: tokenFile,
  AZURE_CLIENT_ID: '00000000-0000-0000-0001-000000000001',
  AZURE_TENANT_ID: '00000000-0000-0000-0000-00000000aaaa',
  AZURE_AUTHORITY_HOST: authority
});

describe('3. timeout-seconds bounds the whole process', () => {
  describe.each(['silent', 'hang-after-200'] as const)('a proxy that is %s', (mode) => {
    it("the token path (Entra ID through the runner's proxy)", async () => {
      const proxy = await startStallingProxy(mode);
      closers.push(proxy.close);
      const run = await runHostile({
        inputs: { 'timeout-seconds': String(TIMEOUT_SECONDS) },
        env: { ...workloadIdentityEnv(await federatedTokenFile(), 'https://login.microsoftonline.com/'), HTTPS_PROXY: proxy.url },
        killAfterMs: KILL_AFTER_MS
      });
      expect(proxy.seen).toEqual(['CONNECT login.microsoftonline.com:443 HTTP/1.1']);
      expectEndedInTime(run);
    });

    it("verify's call to ARM through the runner's proxy", async () => {
      const { server } = await imds();
      const proxy = await startStallingProxy(mode);
      closers.push(proxy.close);
      const run = await runHostile({
        inputs: { endpoint: server.url, verify: 'true', 'timeout-seconds': String(TIMEOUT_SECONDS) },
        env: { HTTPS_PROXY: proxy.url },
        killAfterMs: KILL_AFTER_MS
      });
      expect(proxy.seen).toEqual(['CONNECT management.azure.com:443 HTTP/1.1']);
      expectEndedInTime(run);
    });
  });

  it('a TLS handshake that stalls at the server (ARM at arm-endpoint)', async () => {
    const { server } = await imds();
    const stall = await startRecorder('127.0.0.1');
    closers.push(stall.close);
    const run = await runHostile({
      inputs: {
        endpoint: server.url,
        verify: 'true',
        'arm-endpoint': `https://${stall.address}`,
        'timeout-seconds': String(TIMEOUT_SECONDS)
      },
      killAfterMs: KILL_AFTER_MS
    });
    expect(stall.connections).toHaveLength(1);
    expectEndedInTime(run);
  });

  it('a token answer trickling one byte a second', async () => {
    const { server } = await imds({ token: (_, response) => trickle(response, JSON.stringify(imdsAnswer(unsignedJwt()))) });
    const run = await runHostile({
      inputs: { endpoint: server.url, source: 'imds', 'timeout-seconds': String(TIMEOUT_SECONDS) },
      killAfterMs: KILL_AFTER_MS
    });
    expectEndedInTime(run);
  });

  it('instance metadata trickling one byte a second (verify)', async () => {
    const { server } = await imds({ metadata: (_, response) => trickle(response, JSON.stringify(instanceMetadata())) });
    const run = await runHostile({
      inputs: { endpoint: server.url, verify: 'true', 'timeout-seconds': String(TIMEOUT_SECONDS) },
      killAfterMs: KILL_AFTER_MS
    });
    expectEndedInTime(run);
  });

  it("ARM's answer trickling one byte a second (verify)", async () => {
    const { server } = await imds();
    const arm = await startScripted({ tls: true, handler: (_, response) => trickle(response, JSON.stringify(armVm())) });
    closers.push(arm.close);
    const run = await runHostile({
      inputs: { endpoint: server.url, verify: 'true', 'arm-endpoint': arm.url, 'timeout-seconds': String(TIMEOUT_SECONDS) },
      killAfterMs: KILL_AFTER_MS
    });
    expect(arm.requests).toHaveLength(1);
    expectEndedInTime(run);
  });

  it('an ARM that never answers (verify)', async () => {
    const { server } = await imds();
    const arm = await startScripted({ tls: true, handler: () => {} });
    closers.push(arm.close);
    const run = await runHostile({
      inputs: { endpoint: server.url, verify: 'true', 'arm-endpoint': arm.url, 'timeout-seconds': String(TIMEOUT_SECONDS) },
      killAfterMs: KILL_AFTER_MS
    });
    expectEndedInTime(run);
  });
});

describe('5. a federated token file that is not a regular file fails quickly', () => {
  it.each(['a FIFO', '/dev/zero'])('AZURE_FEDERATED_TOKEN_FILE is %s', async (kind) => {
    let file = '/dev/zero';
    if (kind === 'a FIFO') {
      file = join(temporaryFolder('hostile-fifo-'), 'token');
      execFileSync('mkfifo', [file]);
    }
    const entra = await startScripted({ tls: true, handler: (_, response) => reply(response, 400, { error: 'invalid_client' }) });
    closers.push(entra.close);
    const run = await runHostile({
      inputs: { 'timeout-seconds': '5' },
      env: workloadIdentityEnv(file, `${entra.url}/`),
      killAfterMs: KILL_AFTER_MS
    });
    expect(entra.requests.map((r) => `${r.method} ${r.target}`)).toEqual([]);
    expectEndedInTime(run, 5);
    expect(errorLine(run)).toContain('AZURE_FEDERATED_TOKEN_FILE');
  });
});

describe('7. retries stay polite', () => {
  it('a throttling IMDS answering 429 with Retry-After: 0 forever gets at most ~10 requests in 20 s', async () => {
    const { server } = await imds({
      token: (_, response) =>
        reply(response, 429, { error: 'too_many_requests', error_description: 'IMDS Throttle limit reached.' }, { 'Retry-After': '0' })
    });
    const run = await runHostile({ inputs: { endpoint: server.url, source: 'imds', 'timeout-seconds': '20' }, killAfterMs: 40_000 });
    expect(run.code).toBe(1);
    const times = server.requests.map((r) => r.at);
    expect(times.length).toBeLessThanOrEqual(10);
    // The first retry waits at least a second (IMDS guidance), whatever Retry-After says.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
  }, 45_000);

  it('an error body of 256 KiB of repeated "<title" is handled in well under a second', async () => {
    const body = `<html><head>${'<title'.repeat(Math.floor((256 * 1024 - 12) / 6))}`;
    const { server } = await imds({ token: (_, response) => reply(response, 400, body, { 'Content-Type': 'text/html' }) });
    const run = await runHostile({ inputs: { endpoint: server.url, source: 'imds', 'timeout-seconds': '20' }, killAfterMs: KILL_AFTER_MS });
    expect(server.requests).toHaveLength(1);
    // Node's start-up and the request are in this figure too; the parsing alone is measured in-process.
    expect(Math.round(run.durationMs)).toBeLessThan(1500);
    expect(run.code).toBe(1);
  });
});
