// @ts-check
/**
 * A recording HTTP proxy on loopback: it notes every request it is asked to carry, plain
 * (absolute-form) or tunnelled (CONNECT). Tests set HTTP_PROXY/HTTPS_PROXY to it and then check
 * what it saw: the managed identity endpoints must never appear here; ARM calls must.
 * It only ever tunnels to loopback: `tunnels` maps the hosts a test plays (management.azure.com:443)
 * to the loopback emulator playing them, so a test can never use it to reach further.
 */
import http from 'node:http';
import net from 'node:net';

/** @typedef {{ method: string, target: string, headers: http.IncomingHttpHeaders }} ProxiedRequest */

/**
 * @param {{ tunnels?: Record<string, string>, tunnelEverythingTo?: string }} [options]
 *   `tunnels`: target "host:port" → loopback "127.0.0.1:port"; `tunnelEverythingTo`: one loopback
 *   "host:port" for every other target.
 */
export async function startProxy({ tunnels = {}, tunnelEverythingTo } = {}) {
  /** @type {ProxiedRequest[]} */
  const seen = [];
  /** @type {Set<import('node:stream').Duplex>} */
  const sockets = new Set();
  const server = http.createServer((request, response) => {
    seen.push({ method: request.method ?? '', target: request.url ?? '', headers: request.headers });
    // A corporate proxy cannot reach 169.254.169.254 on the runner's behalf: answer as one does.
    response.writeHead(502, { 'Content-Type': 'text/html', Via: '1.1 recording-proxy' });
    response.end('<html><head><title>502 Bad Gateway</title></head><body>recording proxy</body></html>');
  });
  server.on('connect', (request, client, head) => {
    const target = request.url ?? '';
    seen.push({ method: 'CONNECT', target, headers: request.headers });
    const routed = tunnels[target] ?? tunnelEverythingTo ?? target;
    const [host = '', port = '443'] = routed.startsWith('[')
      ? [routed.slice(1, routed.indexOf(']')), routed.split(']:')[1]]
      : routed.split(':');
    if (!/^(127\.|localhost$|::1$)/.test(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [upstream, client]) {
      sockets.add(socket);
      socket.on('error', () => {
        upstream.destroy();
        client.destroy();
      });
      socket.on('close', () => sockets.delete(socket));
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
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
