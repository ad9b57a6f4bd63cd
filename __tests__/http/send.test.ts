/**
 * The HTTP layer. Answers come from nock; what only a real socket can show (a connection broken
 * mid-body, a body trickling in) comes from a server on loopback.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { isolateNetwork } from '../../__fixtures__/nock.js';
import { IMDS, IMDS_TOKEN_PATH } from '../../__fixtures__/vm.js';
import { HttpFailure, send } from '../../src/http/send.js';

const url = new URL(`${IMDS}${IMDS_TOKEN_PATH}?resource=x`);

isolateNetwork({ allowLoopback: true });

const failureOf = async (promise: Promise<unknown>): Promise<HttpFailure> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HttpFailure);
    return error as HttpFailure;
  }
  throw new Error('the request succeeded');
};

describe('send', () => {
  it('returns status, headers and body, sending exactly the given headers', async () => {
    const scope = nock(IMDS, { badheaders: ['x-forwarded-for', 'proxy-authorization'] })
      .get(IMDS_TOKEN_PATH)
      .query({ resource: 'x' })
      .matchHeader('metadata', 'true')
      .reply(200, '{"ok":true}', { 'Content-Type': 'application/json' });
    const response = await send({ url, headers: { Metadata: 'true' }, timeoutMs: 1000 });
    expect(response).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(response.headers['content-type']).toBe('application/json');
    scope.done();
  });

  it('sends a POST body with its length', async () => {
    const scope = nock('https://login.example.test').post('/token', 'a=1&b=2').matchHeader('content-length', '7').reply(200, 'ok');
    const response = await send({
      method: 'POST',
      url: new URL('https://login.example.test/token'),
      headers: {},
      body: 'a=1&b=2',
      timeoutMs: 1000
    });
    expect(response.status).toBe(200);
    scope.done();
  });

  it('does not follow redirects', async () => {
    nock(IMDS).get(/.*/).reply(302, '', { Location: 'http://elsewhere.example.test/' });
    const response = await send({ url, headers: {}, timeoutMs: 1000 });
    expect(response.status).toBe(302);
    expect(nock.isDone()).toBe(true);
  });

  it('classifies a refused connection as a connect failure', async () => {
    nock(IMDS)
      .get(/.*/)
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED 169.254.169.254:80'), { code: 'ECONNREFUSED' }));
    const failure = await failureOf(send({ url, headers: {}, timeoutMs: 1000 }));
    expect(failure).toMatchObject({ kind: 'connect', message: 'connection refused' });
  });

  it.each([
    ['EHOSTUNREACH', 'no route to the host (EHOSTUNREACH)'],
    ['ENETUNREACH', 'no route to the host (ENETUNREACH)'],
    ['ENOTFOUND', 'host name not found (ENOTFOUND)'],
    ['EACCES', 'could not connect (EACCES)']
  ])('classifies %s as a connect failure', async (code, message) => {
    nock(IMDS)
      .get(/.*/)
      .replyWithError(Object.assign(new Error(code), { code }));
    expect(await failureOf(send({ url, headers: {}, timeoutMs: 1000 }))).toMatchObject({ kind: 'connect', message });
  });

  it('times out an answer that does not come', async () => {
    nock(IMDS).get(/.*/).delay(2000).reply(200, 'late');
    const started = Date.now();
    const failure = await failureOf(send({ url, headers: {}, timeoutMs: 150 }));
    expect(failure).toMatchObject({ kind: 'timeout', message: 'no complete answer within 0.2 s' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('stops reading a body over the cap', async () => {
    nock(IMDS).get(/.*/).reply(200, 'x'.repeat(5000));
    const failure = await failureOf(send({ url, headers: {}, timeoutMs: 1000, maxBodyBytes: 4096 }));
    expect(failure).toMatchObject({ kind: 'too-large', message: 'an answer body larger than 4 KiB' });
  });

  describe('on a real socket', () => {
    let server: http.Server;
    let base: string;
    let handler: (request: http.IncomingMessage, response: http.ServerResponse) => void;
    beforeAll(async () => {
      server = http.createServer((request, response) => handler(request, response));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('reports a connection broken in the middle of the body as a reset', async () => {
      handler = (request, response) => {
        response.writeHead(200, { 'Content-Length': '1000' });
        response.write('{"access_token":"ey');
        setTimeout(() => request.socket.destroy(), 10);
      };
      const failure = await failureOf(send({ url: new URL(`${base}/x`), headers: {}, timeoutMs: 2000 }));
      expect(failure.kind).toBe('reset');
      expect(failure.message).toMatch(/^connection broke while reading the answer/);
    });

    it('reports a connection dropped before any answer as a reset, not a connect failure', async () => {
      handler = (request) => request.socket.destroy();
      const failure = await failureOf(send({ url: new URL(`${base}/x`), headers: {}, timeoutMs: 2000 }));
      expect(failure).toMatchObject({ kind: 'reset', message: 'connection broke before the answer was complete (ECONNRESET)' });
    });

    it('times out a body that trickles in slower than the attempt allows', async () => {
      const timers: NodeJS.Timeout[] = [];
      handler = (_, response) => {
        response.writeHead(200, { 'Content-Length': '100' });
        timers.push(setInterval(() => response.destroyed || response.write('x'), 50));
      };
      const failure = await failureOf(send({ url: new URL(`${base}/x`), headers: {}, timeoutMs: 300 }));
      timers.forEach(clearInterval);
      expect(failure).toMatchObject({ kind: 'timeout', message: 'no complete answer within 0.3 s' });
    });

    it('classifies a closed port as a connect failure', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const failure = await failureOf(send({ url: new URL(`http://127.0.0.1:${port}/x`), headers: {}, timeoutMs: 2000 }));
      expect(failure).toMatchObject({ kind: 'connect', message: 'connection refused' });
    });
  });
});
