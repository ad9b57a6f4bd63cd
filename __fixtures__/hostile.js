// @ts-check
/* eslint-disable no-control-regex -- finding control characters is what these checks are for */
/**
 * Loopback servers written to attack the action, and the checks that judge what it did.
 *
 * - `startScripted`: an HTTP(S) server whose every answer a test writes (an impostor IMDS, Arc
 *   agent, App Service endpoint, Entra ID or ARM); it records every request and connection.
 * - `startRecorder`: the "evil" server, by default on 127.0.0.2: it records every connection
 *   and answers nothing, so a test can prove a credential never reached it.
 * - `startStallingProxy`: a proxy that accepts TCP and never answers CONNECT, or answers 200
 *   and then hangs (a stalled TLS handshake).
 * - `runHostile`: runs the bundle (run-action.js) with this file preloaded in the child
 *   (`--import`, HOSTILE_PRELOAD=1), where it resolves the test's host names (HOSTILE_RESOLVE,
 *   "name=127.0.0.2,*.attacker.example=127.0.0.2") and refuses any TCP connection off loopback,
 *   so an attacked action can never reach the real network.
 * - The checks: workflow commands on stdout the action did not mean, control characters,
 *   Markdown/HTML made from outside values in the summary, and fragments of secrets anywhere.
 *
 * Plain JavaScript with no dependencies, so the child can preload it.
 */
import dns from 'node:dns';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { startProxy } from './proxy.js';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runAction } from './run-action.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TLS = join(HERE, 'tls');
export const TEST_CA = join(TLS, 'ca.pem');

/* ------------------------------------------------------------------ preload, in the child */

if (process.env['HOSTILE_PRELOAD'] === '1') {
  /** @type {[string, string][]} */
  const names = (process.env['HOSTILE_RESOLVE'] ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => /** @type {[string, string]} */ (pair.split('=')));
  /** @param {string} host */
  const mapped = (host) =>
    names.find(([name]) => (name.startsWith('*.') ? host.toLowerCase().endsWith(name.slice(1)) : host.toLowerCase() === name))?.[1];
  const realLookup = dns.lookup;
  /** @type {any} */
  const lookup = function (/** @type {string} */ host, /** @type {any} */ options, /** @type {any} */ callback) {
    if (typeof options === 'function') [callback, options] = [options, {}];
    const address = mapped(host) ?? (net.isIP(host) ? host : host === 'localhost' ? '127.0.0.1' : undefined);
    if (!address) {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host });
      return process.nextTick(() => callback(error));
    }
    const family = net.isIP(address);
    if (options && typeof options === 'object' && options.all) return process.nextTick(() => callback(null, [{ address, family }]));
    return /** @type {any} */ (realLookup).call(dns, address, options, callback);
  };
  dns.lookup = lookup;
  // Below every JavaScript layer, as loopback-only.ts does for the test process.
  const { TCP } = /** @type {any} */ (process).binding('tcp_wrap');
  for (const method of ['connect', 'connect6']) {
    const real = TCP.prototype[method];
    TCP.prototype[method] = function (/** @type {unknown} */ request, /** @type {string} */ address, /** @type {unknown[]} */ ...rest) {
      if (/^127\./.test(address) || address === '::1') return real.call(this, request, address, ...rest);
      return -101; // ENETUNREACH
    };
  }
}

/* ------------------------------------------------------------------ tokens */

/** @param {unknown} value */
const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * An unsigned JWT-shaped token (random signature) with these claims, the way IMDS's look.
 * @param {Record<string, unknown>} [claims] @param {number} [signatureBytes]
 */
export function unsignedJwt(claims = {}, signatureBytes = 256) {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    aud: 'https://management.azure.com/',
    iss: 'https://sts.windows.net/00000000-0000-0000-0000-00000000aaaa/',
    iat: now,
    nbf: now,
    exp: now + 3600,
    appid: '00000000-0000-0000-0001-000000000000',
    oid: '00000000-0000-0000-0002-000000000000',
    tid: '00000000-0000-0000-0000-00000000aaaa',
    sub: '00000000-0000-0000-0002-000000000000',
    xms_mirid:
      '/subscriptions/00000000-0000-0000-0000-00000000bbbb/resourcegroups/rg-runners/providers/Microsoft.Compute/virtualMachines/vm-runner-01',
    nonce: randomText(24),
    ...claims
  };
  const signature = Buffer.alloc(signatureBytes);
  for (let i = 0; i < signatureBytes; i++) signature[i] = Math.floor(Math.random() * 256);
  return `${b64({ typ: 'JWT', alg: 'RS256', kid: 'hostile' })}.${b64(payload)}.${signature.toString('base64url')}`;
}

/** @param {number} length */
export function randomText(length) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(Math.random() * alphabet.length)];
  return text;
}

/** IMDS's 200, every field a string, with `fields` replacing or adding any. @param {string} token @param {Record<string, unknown>} [fields] */
export function imdsAnswer(token, fields = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    access_token: token,
    client_id: '00000000-0000-0000-0001-000000000000',
    expires_in: '3599',
    expires_on: String(now + 3599),
    ext_expires_in: '3599',
    not_before: String(now),
    resource: 'https://management.azure.com/',
    token_type: 'Bearer',
    ...fields
  };
}

export const VM_RESOURCE_ID =
  '/subscriptions/00000000-0000-0000-0000-00000000bbbb/resourceGroups/rg-runners/providers/Microsoft.Compute/virtualMachines/vm-runner-01';

/** IMDS's instance metadata (compute), with `fields` replacing any. @param {Record<string, unknown>} [fields] */
export function instanceMetadata(fields = {}) {
  return {
    azEnvironment: 'AzurePublicCloud',
    location: 'westeurope',
    name: 'vm-runner-01',
    osType: 'Linux',
    resourceGroupName: 'rg-runners',
    resourceId: VM_RESOURCE_ID,
    subscriptionId: '00000000-0000-0000-0000-00000000bbbb',
    vmId: '00000000-0000-0000-0003-000000000001',
    ...fields
  };
}

/** ARM's record of the VM, with `fields` replacing any. @param {Record<string, unknown>} [fields] */
export function armVm(fields = {}) {
  return {
    name: 'vm-runner-01',
    id: VM_RESOURCE_ID,
    type: 'Microsoft.Compute/virtualMachines',
    location: 'westeurope',
    properties: { vmId: '00000000-0000-0000-0003-000000000001', provisioningState: 'Succeeded' },
    ...fields
  };
}

/* ------------------------------------------------------------------ servers */

/**
 * @typedef {{ method: string, target: string, path: string, url: URL, headers: http.IncomingHttpHeaders, body: string, at: number }} Seen
 * @typedef {(request: http.IncomingMessage, response: http.ServerResponse, seen: Seen, index: number) => void} Handler
 */

/** @param {http.ServerResponse} response @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
export function reply(response, status, body, headers = {}) {
  if (response.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  try {
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  } catch {
    // A hostile header value Node itself refuses to send: send it raw instead.
    rawReply(response, status, text, headers);
    return;
  }
  response.end(text);
}

/** Writes the status line and headers byte for byte (values Node's writeHead would refuse). @param {http.ServerResponse} response @param {number} status @param {string} body @param {Record<string, string>} headers */
export function rawReply(response, status, body, headers = {}) {
  const lines = [`HTTP/1.1 ${status} Hostile`, 'Connection: close', `Content-Length: ${Buffer.byteLength(body)}`];
  for (const [name, value] of Object.entries({ 'Content-Type': 'application/json', ...headers })) lines.push(`${name}: ${value}`);
  const socket = response.socket;
  socket?.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), Buffer.from(body)]));
}

/**
 * An HTTP (or, with `tls`, HTTPS with the test certificate) server answering with `handler`.
 * @param {{ handler: Handler, host?: string, tls?: boolean }} options
 */
export async function startScripted({ handler, host = '127.0.0.1', tls = false }) {
  /** @type {Seen[]} */
  const requests = [];
  let connections = 0;
  /** @type {Set<import('node:stream').Duplex>} */
  const sockets = new Set();
  /** @type {http.RequestListener} */
  const listener = (request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      // Not new URL(request.url, base): a target such as "//host/x" would be read as another host.
      const target = request.url ?? '/';
      const url = new URL(`http://scripted${target.startsWith('/') ? '' : '/'}${target}`);
      const seen = { method: request.method ?? '', target, path: url.pathname, url, headers: request.headers, body, at: Date.now() };
      requests.push(seen);
      handler(request, response, seen, requests.length - 1);
    });
  };
  const server = tls
    ? https.createServer({ key: readFileSync(join(TLS, 'server.key')), cert: readFileSync(join(TLS, 'server.pem')) }, listener)
    : http.createServer(listener);
  server.on(tls ? 'secureConnection' : 'connection', () => connections++);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, host, () => resolve(undefined)));
  const { port } = /** @type {net.AddressInfo} */ (server.address());
  return {
    url: `${tls ? 'https' : 'http'}://${host}:${port}`,
    address: `${host}:${port}`,
    port,
    requests,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve(undefined));
      })
  };
}

/** The evil server: records every TCP connection and the first bytes sent, answers nothing. */
export async function startRecorder(host = '127.0.0.2') {
  /** @type {{ from: string, data: string }[]} */
  const connections = [];
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  const server = net.createServer((socket) => {
    const record = { from: `${socket.remoteAddress}:${socket.remotePort}`, data: '' };
    connections.push(record);
    sockets.add(socket);
    socket.on('data', (chunk) => (record.data += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    socket.setTimeout(5000, () => socket.destroy());
  });
  await new Promise((resolve) => server.listen(0, host, () => resolve(undefined)));
  const { port } = /** @type {net.AddressInfo} */ (server.address());
  return {
    host,
    port,
    address: `${host}:${port}`,
    connections,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve(undefined));
      })
  };
}

/**
 * A proxy that never completes a tunnel. `silent`: accepts TCP and never answers CONNECT;
 * `hang-after-200`: answers 200 to CONNECT, then never sends a byte (the TLS handshake stalls).
 * @param {'silent' | 'hang-after-200'} mode
 */
export async function startStallingProxy(mode) {
  /** @type {string[]} */
  const seen = [];
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let head = '';
    socket.on('data', (chunk) => {
      if (head.includes('\r\n\r\n')) return;
      head += chunk.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        seen.push(head.split('\r\n')[0] ?? '');
        if (mode === 'hang-after-200') socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {net.AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve(undefined));
      })
  };
}

/**
 * A CONNECT proxy that tunnels every target to `to` (a loopback "host:port"), recording targets.
 * @param {string} to
 */
export async function startForwardingProxy(to) {
  const proxy = await startProxy({ tunnelEverythingTo: to });
  return {
    url: proxy.url,
    port: Number(new URL(proxy.url).port),
    /** Each request as "METHOD target". */
    get seen() {
      return proxy.seen.map((request) => `${request.method} ${request.target}`);
    },
    close: proxy.close
  };
}

/* ------------------------------------------------------------------ running */

/**
 * Runs the bundle with this file preloaded (host names of `resolve` go to loopback, nothing
 * leaves loopback), and NODE_EXTRA_CA_CERTS trusting the test CA. HOSTILE_BUNDLE in the test's
 * environment runs another copy of the bundle (e.g. the committed one while dist/ is rebuilt).
 * @param {{ inputs?: Record<string, string>, env?: Record<string, string>, resolve?: Record<string, string>, killAfterMs?: number }} options
 */
export function runHostile({ inputs = {}, env = {}, resolve = {}, killAfterMs = 20_000 }) {
  return runAction({
    entry: process.env['HOSTILE_BUNDLE'] || undefined,
    inputs,
    env: {
      NODE_OPTIONS: `--import ${pathToFileURL(join(HERE, 'hostile.js')).href}`,
      HOSTILE_PRELOAD: '1',
      HOSTILE_RESOLVE: Object.entries(resolve)
        .map(([name, address]) => `${name}=${address}`)
        .join(','),
      NODE_EXTRA_CA_CERTS: TEST_CA,
      ...env
    },
    killAfterMs
  });
}

/* ------------------------------------------------------------------ checks */

/** C0 and C1 control characters and DEL, except TAB (and LF where a text is multi-line). */
export const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const CONTROL_OR_LF = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;
const ALLOWED_COMMANDS = ['add-mask', 'debug', 'warning', 'error', 'notice'];

/** @param {string} text */
export const visible = (text) =>
  JSON.stringify(text.length > 160 ? `${text.slice(0, 160)}…` : text).replace(/[\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`);

/**
 * Every way stdout (and stderr, which the runner reads for commands too) could make the runner
 * obey a command the action did not mean: a line starting `::` with any other command, an
 * add-mask of anything but a secret the action holds, `##[` anywhere, a control character.
 * @param {{ stdout: string, stderr: string }} run @param {readonly string[]} secrets
 * @returns {string[]}
 */
export function commandProblems(run, secrets) {
  const problems = [];
  for (const [stream, text] of /** @type {const} */ ([
    ['stdout', run.stdout],
    ['stderr', run.stderr]
  ])) {
    for (const line of text.split('\n')) {
      const trimmed = line.trimStart();
      if (trimmed.startsWith('::')) {
        const command = /^::([^\s:]*)/.exec(trimmed)?.[1] ?? '';
        if (!ALLOWED_COMMANDS.includes(command)) problems.push(`${stream} command ${command}: ${visible(line)}`);
        if (command === 'add-mask') {
          const value = trimmed.slice('::add-mask::'.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
          if (!secrets.includes(value)) problems.push(`${stream} add-mask of a value that is no secret: ${visible(line)}`);
        }
      }
      if (line.includes('##[')) problems.push(`${stream} ##[ in ${visible(line)}`);
      if (CONTROL.test(line)) problems.push(`${stream} control character in ${visible(line)}`);
    }
  }
  return problems;
}

/**
 * Control characters in outputs, exported variables, the summary and the raw file-command files
 * (a value must not end its heredoc record or start another).
 * @param {import('./run-action.js').ActionRun} run
 * @returns {string[]}
 */
export function fileProblems(run) {
  const problems = [];
  for (const [name, value] of Object.entries(run.outputs)) {
    if (CONTROL_OR_LF.test(value)) problems.push(`output ${name} holds a control character: ${visible(value)}`);
  }
  for (const [name, value] of Object.entries(run.exported)) {
    if (CONTROL_OR_LF.test(value)) problems.push(`exported ${name} holds a control character: ${visible(value)}`);
  }
  for (const file of ['OUTPUT', 'ENV', 'STEP_SUMMARY']) {
    for (const line of (run.files[file] ?? '').split('\n')) {
      if (CONTROL.test(line)) problems.push(`GITHUB_${file} line with a control character: ${visible(line)}`);
    }
  }
  return problems;
}

/**
 * Markdown or HTML made from outside values in the summary: `markers` are strings only the
 * hostile values contain (the action's own text never holds them).
 * @param {string} summary @param {readonly string[]} markers
 */
export function markupProblems(summary, markers) {
  const problems = [];
  for (const line of summary.split('\n')) {
    if (!markers.some((marker) => line.includes(marker))) continue;
    // The action's own summary may be HTML (a table): only the hostile values' tags count.
    if (/<img|<script|<iframe|<svg|<a\s+href/i.test(line)) problems.push(`raw HTML: ${visible(line)}`);
    if (/\]\(|!\[/.test(line)) problems.push(`Markdown link or image: ${visible(line)}`);
    if (/^\s{0,3}#/.test(line)) problems.push(`Markdown heading: ${visible(line)}`);
  }
  return problems;
}

/**
 * Every `minLength`-character piece of each secret, found anywhere the action printed or wrote,
 * except the secret's own add-mask line, the `access-token` output (when `token` is that
 * secret) and the variable `exportedAs`.
 * @param {import('./run-action.js').ActionRun} run @param {readonly string[]} secrets
 * @param {{ minLength?: number, exportedAs?: string }} [options]
 * @returns {string[]}
 */
export function secretLeaks(run, secrets, { minLength = 8, exportedAs } = {}) {
  const leaks = [];
  const outputValue = run.outputs['access-token'];
  const exportedValue = exportedAs === undefined ? undefined : run.exported[exportedAs];
  /** @param {string} text @param {string} secret */
  const strip = (text, secret) =>
    text
      .split('\n')
      .filter((line) => line.trimStart() !== `::add-mask::${secret}`)
      .join('\n')
      .split(secret === outputValue || secret === exportedValue ? secret : '\u0000never\u0000')
      .join('');
  for (const secret of secrets) {
    if (secret.length < minLength) continue;
    const places = {
      stdout: strip(run.stdout, secret),
      stderr: strip(run.stderr, secret),
      ...Object.fromEntries(Object.entries(run.files).map(([name, text]) => [`GITHUB_${name}`, strip(text, secret)]))
    };
    for (const [place, text] of Object.entries(places)) {
      for (let at = 0; at + minLength <= secret.length; at++) {
        const piece = secret.slice(at, at + minLength);
        const found = text.indexOf(piece);
        if (found >= 0) {
          leaks.push(`${place} shows ${visible(piece)} of a secret: ${visible(text.slice(Math.max(0, found - 40), found + 60))}`);
          break;
        }
      }
    }
  }
  return leaks;
}

/** The failure line (`::error::…`, unescaped), or ''. @param {{ stdout: string }} run */
export function errorLine(run) {
  const line = run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
  return line.slice('::error::'.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** Warning lines, unescaped. @param {{ stdout: string }} run */
export function warningLines(run) {
  return run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::warning'))
    .map((l) =>
      l
        .replace(/^::warning[^:]*::/, '')
        .replace(/%0D/g, '\r')
        .replace(/%0A/g, '\n')
        .replace(/%25/g, '%')
    );
}
