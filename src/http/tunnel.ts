/**
 * CONNECT tunnels through the runner's proxy, for the calls that go out to the internet (ARM,
 * Entra ID) — never for managed identity endpoints.
 *
 * Kept rather than Node's own proxy support (`http.Agent`'s proxyEnv, Node 24.5+), although every
 * runner that can still take jobs bundles a Node that has it (v2.329.0, the oldest GitHub accepts,
 * ships 24.10.0; v2.327.1 ships 24.4.0, which does not): here the CONNECT request and sockets are
 * handed to the caller, which destroys them at its deadline, so a proxy that never answers cannot
 * keep the process alive; NO_PROXY is read the way @actions/http-client reads it for every other
 * action (src/http/proxy.ts); and Node marks its proxy support as still in active development.
 */
import http from 'node:http';
import type { TLSSocket } from 'node:tls';

export type Https = typeof import('node:https');

/** Anything a request opens besides its own socket: a tunnel's CONNECT request, its socket, the TLS inside. */
export interface Owned {
  destroy(): void;
}

/**
 * An agent whose connections are CONNECT tunnels through `proxy`, with TLS to the target host
 * inside them, as @actions/http-client's tunnel agents make them. The proxy sees the host name
 * and port, never the request. `own` receives everything opened, to destroy at the deadline.
 */
export function tunnelAgent(https: Https, proxy: URL, own: (owned: Owned) => void): http.Agent {
  const agent = new https.Agent({ keepAlive: false, proxyEnv: {} });
  const credentials = proxy.username
    ? {
        'Proxy-Authorization': `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`
      }
    : {};
  type Connect = (options: Record<string, unknown>, done: (error: Error | null, socket?: TLSSocket) => void) => undefined;
  (agent as unknown as { createConnection: Connect }).createConnection = (options, done) => {
    const target = `${String(options['host'])}:${String(options['port'])}`;
    const connect = (proxy.protocol === 'https:' ? https : http).request({
      host: proxy.hostname,
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: target,
      headers: { Host: target, ...credentials },
      agent: false
    });
    own(connect);
    connect.once('connect', (response, socket) => {
      own(socket);
      if (response.statusCode !== 200) {
        socket.destroy();
        // 407 (credentials wanted) and 403 (not allowed) stay so on every retry; other refusals may pass.
        const permanent = response.statusCode === 407 || response.statusCode === 403;
        done(
          Object.assign(new Error(`the proxy ${proxy.origin} refused to open a tunnel to ${target} (HTTP ${response.statusCode})`), {
            code: permanent ? 'EPROXYREFUSED' : 'EPROXY',
            statusCode: response.statusCode
          })
        );
        return;
      }
      // Importing node:tls statically would load TLS for every run; https has loaded it by now.
      const tls = process.getBuiltinModule('node:tls');
      const secure = tls.connect({ ...options, socket, servername: String(options['servername'] ?? options['host']) });
      own(secure);
      done(null, secure);
    });
    connect.once('error', (error) => done(Object.assign(error, { message: `the proxy ${proxy.origin}: ${error.message}` })));
    connect.end();
    return undefined;
  };
  return agent;
}
