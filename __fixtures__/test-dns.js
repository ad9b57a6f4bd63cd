// @ts-check
/**
 * Name resolution for the bundle under test, as a hosts file would give it: preloaded into the
 * action's process (`NODE_OPTIONS=--import <this file>`, see `testDnsEnv`), it sends TLS
 * connections for the host:port pairs in MSI_TOKEN_TEST_ROUTES to their loopback emulator
 * (keeping the host name for SNI and certificate checks, and in the Host header), and answers
 * every other name lookup but localhost with ENOTFOUND, so that nothing in a test resolves or
 * reaches a real host. The bundle itself is unchanged: it connects to https://myregistry.azurecr.io as on a runner.
 *
 * Connections through a proxy (a socket given to tls.connect) are left alone: the proxy routes them.
 */
import dns from 'node:dns';
import tls from 'node:tls';

/** The environment that makes the action's process resolve `routes` ("host:443" → "127.0.0.1:port") only. */
export function testDnsEnv(/** @type {Record<string, string>} */ routes) {
  return { NODE_OPTIONS: `--import ${import.meta.url}`, MSI_TOKEN_TEST_ROUTES: JSON.stringify(routes) };
}

const raw = process.env['MSI_TOKEN_TEST_ROUTES'];
if (raw !== undefined) {
  /** @type {Record<string, string>} */
  const routes = JSON.parse(raw);
  const realConnect = tls.connect;
  /** @type {any} */ (tls).connect = function connect(/** @type {any[]} */ ...args) {
    const options = args[0];
    if (typeof options === 'object' && options !== null && !options.socket) {
      const target = routes[`${String(options.host).toLowerCase()}:${options.port ?? 443}`];
      if (target) {
        const [host, port] = target.split(':');
        args[0] = { ...options, host, port: Number(port), servername: options.servername || options.host };
      }
    }
    return realConnect.apply(this, /** @type {any} */ (args));
  };
  const realLookup = dns.lookup;
  /** @type {any} */ (dns).lookup = function lookup(
    /** @type {string} */ hostname,
    /** @type {unknown} */ options,
    /** @type {Function | undefined} */ callback
  ) {
    if (hostname === 'localhost') return realLookup.apply(dns, /** @type {any} */ ([hostname, options, callback].filter(Boolean)));
    const done = /** @type {Function} */ (typeof options === 'function' ? options : callback);
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname });
    process.nextTick(() => done(error));
  };
}
