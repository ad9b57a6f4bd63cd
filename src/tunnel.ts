/**
 * CONNECT tunnels through the runner's proxy, for the calls that go out to the internet (ARM,
 * Entra ID) — never for managed identity endpoints.
 */
import http from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Https } from './http.js';

/**
 * An agent whose connections are CONNECT tunnels through `proxy`, with TLS to the target host
 * inside them, as @actions/http-client's tunnel agents make them. The proxy sees the host name
 * and port, never the request.
 */
export function tunnelAgent(https: Https, proxy: URL): http.Agent {
  const agent = new https.Agent({ keepAlive: false });
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
    connect.once('connect', (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        done(
          Object.assign(new Error(`the proxy ${proxy.origin} refused to open a tunnel to ${target} (HTTP ${response.statusCode})`), {
            code: 'EPROXY'
          })
        );
        return;
      }
      // Importing node:tls statically would load TLS for every run; https has loaded it by now.
      const tls = process.getBuiltinModule('node:tls');
      done(null, tls.connect({ ...options, socket, servername: String(options['servername'] ?? options['host']) }));
    });
    connect.once('error', (error) => done(Object.assign(error, { message: `the proxy ${proxy.origin}: ${error.message}` })));
    connect.end();
    return undefined;
  };
  return agent;
}
