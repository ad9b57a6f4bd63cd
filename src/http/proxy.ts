/**
 * The one place that decides whether a request goes through the runner's proxy. Only https://
 * calls to the internet do (Resource Manager, Entra ID), following HTTPS_PROXY and NO_PROXY
 * with the rules @actions/http-client applies for every other action. Managed identity
 * endpoints are local (plain http:// to this machine) and never go through a proxy.
 *
 * Written here rather than calling http-client's getProxyUrl: that one reads process.env (not
 * the environment the action was given), treats any host name starting with "127." as loopback,
 * and ends a malformed HTTPS_PROXY in a bare "Invalid URL".
 */
import { isLocalHost, withoutCredentials } from './endpoint-url.js';
import { ActionError } from '../text/errors.js';
import { inert } from '../text/inert.js';

type Env = Readonly<Record<string, string | undefined>>;

export function proxyFor(url: URL, env: Env): URL | undefined {
  if (url.protocol !== 'https:' || isLocalHost(url.hostname)) return undefined;
  const name = env['https_proxy'] ? 'https_proxy' : env['HTTPS_PROXY'] ? 'HTTPS_PROXY' : undefined;
  if (name === undefined || bypassed(url, env['no_proxy'] || env['NO_PROXY'] || '')) return undefined;
  return parseProxy(name, env[name]!);
}

/** NO_PROXY as http-client reads it: `*`, host or host:port, and domain suffixes with or without a leading dot. */
function bypassed(url: URL, noProxy: string): boolean {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const hosts = [url.hostname.toUpperCase(), `${url.hostname.toUpperCase()}:${port}`];
  return noProxy
    .split(',')
    .map((item) => item.trim().toUpperCase())
    .filter(Boolean)
    .some(
      (item) =>
        item === '*' || hosts.some((host) => host === item || host.endsWith(`.${item}`) || (item.startsWith('.') && host.endsWith(item)))
    );
}

function parseProxy(name: string, raw: string): URL {
  // Proxies are often written without a scheme ("proxy.corp:3128"), which means http://.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  const url = URL.canParse(text) ? new URL(text) : undefined;
  const problem = !url
    ? 'is not a URL'
    : !['http:', 'https:'].includes(url.protocol)
      ? 'does not start with http:// or https://'
      : url.hostname === ''
        ? 'names no host'
        : url.search || url.hash || url.pathname !== '/'
          ? 'has a path, query or fragment'
          : !decodable(url.username) || !decodable(url.password)
            ? 'has a user name or password that is not valid percent-encoding'
            : undefined;
  if (problem === undefined) return url!;
  const shown = withoutCredentials(raw);
  throw new ActionError(
    `The environment variable ${name} must be the runner's proxy as http://host:port (or https://, optionally with ` +
      `user:password@); it holds '${inert(shown, 120)}', which ${problem}. Fix it in the runner's environment (its .env file), ` +
      'or list the host this call goes to in NO_PROXY.'
  );
}

function decodable(part: string): boolean {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}
