/**
 * The one place that talks HTTP: one attempt, with a connect timeout, an attempt timeout and a
 * bounded body. It never follows redirects (node:http does not). It connects directly unless
 * the caller names a proxy, which only calls to ARM and Entra ID do: managed identity endpoints
 * must never see one.
 *
 * It never puts request or response headers or bodies into an error message; callers decide
 * what of an answer is safe to show.
 */
import http from 'node:http';
import { isLocalHost } from './endpoint-url.js';
import { type Https, type Owned, tunnelAgent } from './tunnel.js';

export interface HttpRequest {
  readonly method?: 'GET' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The whole attempt: connect, headers and body. */
  readonly timeoutMs: number;
  /** Connecting alone; defaults to the attempt timeout. */
  readonly connectTimeoutMs?: number;
  /** An http(s):// proxy to tunnel an https:// request through (CONNECT); none means direct. */
  readonly proxy?: URL | undefined;
  readonly maxBodyBytes?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export type Send = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * - `connect`: no connection was ever made (refused, unreachable, DNS, connect timeout).
 * - `timeout`: connected, but the answer did not complete in time.
 * - `reset`: connected, then the connection broke.
 * - `too-large`: the body passed the size cap.
 * - `tls`: the server's certificate was not trusted (retrying cannot help).
 * - `proxy`: the runner's proxy refused the tunnel for good (407 or 403); `code` holds the status.
 */
export type HttpFailureKind = 'connect' | 'timeout' | 'reset' | 'too-large' | 'tls' | 'proxy';

export class HttpFailure extends Error {
  override name = 'HttpFailure';
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
    /** The system error code behind it, when there is one (ENOTFOUND, ECONNREFUSED, …). */
    readonly code?: string,
    /** For `too-large`: the status and headers of the answer whose body was cut off (its IDs are worth showing). */
    readonly answer?: Pick<HttpResponse, 'status' | 'headers'>
  ) {
    super(message);
  }
}

/** Token answers are 1–10 KB; anything far larger is not a token answer. */
const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

let httpsModule: Https | undefined;
/**
 * node:https, loaded on first use. Through process.getBuiltinModule, not import(): in the
 * CommonJS bundle an import() of a built-in goes through Node's ES module loader, whose own
 * modules cost more to load than node:https itself.
 */
const loadHttps = (): Https => (httpsModule ??= process.getBuiltinModule('node:https'));

// Plain http (IMDS and the other local endpoints): one request per connection (keepAlive off).
// proxyEnv {}: a direct agent takes its proxy settings from an empty environment, so it stays
// direct even where NODE_USE_ENV_PROXY is set: Node 24.5+ reads the option, and under
// nodejs/node#64528 an agent created without one would follow NODE_USE_ENV_PROXY to the proxy.
// (#64528 documents null as the opt-out; @types/node 24 does not allow null, and {} is as direct
// on every Node 24 the runner ships; 24.4 ignores the option and never proxies an agent.)
const DIRECT = { keepAlive: false, proxyEnv: {} } as const;
const directHttpAgent = new http.Agent(DIRECT);
/**
 * Direct https (Resource Manager, registries, Key Vault): one agent whose connections are kept
 * for the next request to the same host, so that reading 20 secrets from a vault costs a few TLS
 * handshakes rather than 20 (each costs a few milliseconds of the step's one thread). An idle
 * kept connection does not keep the process alive (Node unrefs it), and a request in flight
 * still dies with its attempt.
 */
let directHttpsAgent: http.Agent | undefined;

/**
 * node:https (and with it TLS) is loaded only when an https URL is asked for, or ahead of one
 * (loadHttpsAhead): loading it costs about 10 ms, a quarter of a plain IMDS run, and IMDS itself
 * is plain HTTP.
 */
function transportFor(url: URL, proxy: URL | undefined, own: (owned: Owned) => void): Transport {
  if (url.protocol !== 'https:') {
    // Every plain-http endpoint is on this machine; a request elsewhere is a bug, never sent.
    if (proxy || !isLocalHost(url.hostname))
      throw new Error(`Plain http:// requests go only to this machine, directly, not to ${url.origin}.`);
    return { request: http.request, agent: directHttpAgent };
  }
  const https = loadHttps();
  if (proxy) return { request: https.request, agent: tunnelAgent(https, proxy, own) };
  return { request: https.request, agent: (directHttpsAgent ??= new https.Agent({ ...DIRECT, keepAlive: true })) };
}

type Transport = { request: typeof http.request; agent: http.Agent };

/**
 * node:https loaded before it is first needed, for a step whose later requests will need it.
 * Loading node:tls starts reading Node's root certificates (some 40 M instructions) on a thread of
 * their own: loaded here, ahead of the token request, that reading overlaps the token's round
 * trip on the machine's other core, rather than holding up the first TLS handshake while the
 * step's one thread waits for it (about 2 % of a verify run; BENCHMARKS.md).
 */
export function loadHttpsAhead(): void {
  loadHttps();
}

export const send: Send = async (request) => {
  // Whatever the attempt opened is destroyed when it ends, however it ends: a proxy that never
  // answers CONNECT must not keep the process alive past timeout-seconds.
  const owned = new Set<Owned>();
  try {
    return await attempt(
      request,
      transportFor(request.url, request.proxy, (item) => owned.add(item))
    );
  } finally {
    for (const item of owned) item.destroy();
  }
};

const attempt = (request: HttpRequest, transport: Transport): Promise<HttpResponse> =>
  new Promise<HttpResponse>((resolve, reject) => {
    const maxBodyBytes = request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    let connected = false;
    let settled = false;

    const outgoing = transport.request(request.url, {
      method: request.method ?? 'GET',
      headers: request.body === undefined ? request.headers : { ...request.headers, 'Content-Length': Buffer.byteLength(request.body) },
      agent: transport.agent
    });

    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(attemptTimer);
      clearTimeout(connectTimer);
      outcome();
    };
    const fail = (kind: HttpFailureKind, message: string, code?: string, answer?: HttpFailure['answer']): void =>
      finish(() => {
        outgoing.destroy();
        reject(new HttpFailure(kind, message, code, answer));
      });

    const attemptTimer = setTimeout(
      () =>
        fail(
          connected ? 'timeout' : 'connect',
          connected ? `no complete answer within ${seconds(request.timeoutMs)}` : `could not connect within ${seconds(request.timeoutMs)}`
        ),
      request.timeoutMs
    );
    const connectTimer = setTimeout(
      () => connected || fail('connect', `could not connect within ${seconds(request.connectTimeoutMs ?? request.timeoutMs)}`),
      request.connectTimeoutMs ?? request.timeoutMs
    );

    outgoing.on('socket', (socket) => {
      // A socket that already failed (ENETUNREACH comes back at once) is not connecting either:
      // only a remote address proves a connection. A tunnel's TLS socket reports secureConnect.
      // A kept socket is connected already: listeners added to it would never fire, and would pile up.
      if (!socket.connecting) {
        if (socket.remoteAddress !== undefined) connected = true;
        return;
      }
      const connect = (): void => void (connected = true);
      socket.once('connect', connect);
      socket.once('secureConnect', connect);
    });

    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPROXY') return fail('connect', error.message);
      if (error.code === 'EPROXYREFUSED') return fail('proxy', error.message, String((error as { statusCode?: number }).statusCode));
      const reason = error.code ? `${error.code}` : error.message;
      if (/CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS_|ERR_SSL_/.test(reason)) {
        return fail('tls', `the server's TLS certificate was not accepted (${reason}: ${error.message})`);
      }
      if (!connected) fail('connect', describeConnectError(reason), error.code);
      else fail('reset', `connection broke before the answer was complete (${reason})`);
    });

    outgoing.on('response', (response) => {
      connected = true;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) {
          fail('too-large', `an answer body larger than ${maxBodyBytes / 1024} KiB`, undefined, {
            status: response.statusCode ?? 0,
            headers: response.headers
          });
        } else chunks.push(chunk);
      });
      response.on('aborted', () => fail('reset', 'connection broke while reading the answer'));
      response.on('error', (error: NodeJS.ErrnoException) =>
        fail('reset', `connection broke while reading the answer (${error.code ?? error.message})`)
      );
      response.on('end', () =>
        finish(() => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }))
      );
    });

    outgoing.end(request.body);
  });

function describeConnectError(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to the host (${code})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host name not found (${code})`;
    default:
      return `could not connect (${code})`;
  }
}
