/**
 * The form of the `container-registry` input: an Azure Container Registry login server. Here, not
 * in src/registry/, so that reading the inputs depends on no feature it configures.
 */

/** Login server domains: Azure (public), Azure Government, Azure operated by 21Vianet (China). */
const LOGIN_SERVER_SUFFIXES = ['azurecr.io', 'azurecr.us', 'azurecr.cn'] as const;

/**
 * A registry name (5–50 letters and digits), or with a domain name label scope the name, a dash
 * and a hash: one DNS label either way.
 */
const REGISTRY_LABEL = /^[a-z0-9](?:[a-z0-9-]{3,61})[a-z0-9]$/;

/**
 * The login server in `raw` (`myregistry.azurecr.io`, with an optional leading https:// and
 * trailing slash), lower-cased; undefined when it is anything else (another domain, a path, a
 * port, a query, credentials, another scheme). The registry password's request goes to this host.
 */
export function loginServerOf(raw: string): string | undefined {
  const text = raw.replace(/^https:\/\//i, '').replace(/\/$/, '');
  if (!/^[a-z0-9.-]+$/i.test(text)) return undefined;
  const host = text.toLowerCase();
  const suffix = LOGIN_SERVER_SUFFIXES.find((domain) => host.endsWith(`.${domain}`));
  if (suffix === undefined) return undefined;
  return REGISTRY_LABEL.test(host.slice(0, -suffix.length - 1)) ? host : undefined;
}
