/**
 * Endpoint addresses: read from inputs and environment variables under one rule, built from
 * parts, and checked before a credential leaves. A URL is never made by concatenating a string
 * from outside: the origin comes from a validated base, the path is set on `URL.pathname` (which
 * cannot change the host), and the query goes through `searchParams`.
 */
import { isIP } from 'node:net';
import { ActionError } from '../text/errors.js';
import { inert } from '../text/inert.js';

/**
 * Plain http:// goes only to addresses that never leave the machine: loopback, and IMDS's
 * link-local address, which the VM's host answers. A host name that merely starts with "127."
 * (127.attacker.example) is a name like any other.
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost' || host === '::1' || host === '169.254.169.254') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

const LOCAL_HOSTS = 'localhost, 127.0.0.0/8, [::1] or 169.254.169.254';

export interface EndpointRules {
  /** Who holds the value, as a message starts: "Input 'endpoint'", "The environment variable IDENTITY_ENDPOINT". */
  readonly holder: string;
  readonly example: string;
  /** Only https://, even to this machine (the address receives a token or a credential over the internet). */
  readonly httpsOnly?: boolean;
  /** An origin only (ARM), or a base URL whose path is kept (token endpoints). */
  readonly originOnly?: boolean;
}

/** Parses an endpoint address under the one rule; the error names the holder, what it holds and the accepted form. */
export function parseEndpointUrl(raw: string, rules: EndpointRules): URL {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  const problem = !url
    ? 'is not a URL'
    : !['http:', 'https:'].includes(url.protocol)
      ? 'does not start with http:// or https://'
      : url.protocol === 'http:' && (rules.httpsOnly || !isLocalHost(url.hostname))
        ? rules.httpsOnly
          ? 'is not https://'
          : `is plain http:// to ${url.hostname}, which is not this machine (${LOCAL_HOSTS})`
        : url.username || url.password
          ? 'holds credentials'
          : url.search || url.hash || (rules.originOnly && url.pathname !== '/')
            ? rules.originOnly
              ? 'has a path, query or fragment'
              : 'has a query or fragment'
            : undefined;
  if (problem === undefined) return url!;
  const shown = withoutCredentials(raw);
  const form = rules.httpsOnly ? 'an https:// URL' : `an https:// URL, or http:// to this machine (${LOCAL_HOSTS})`;
  throw new ActionError(
    `${rules.holder} must be ${form} such as ${rules.example}, without credentials, ${rules.originOnly ? 'path, ' : ''}query or fragment; ` +
      `it holds '${inert(shown, 120)}', which ${problem}.`
  );
}

/**
 * An address as written, for a message: everything up to its last '@' is hidden, whatever else
 * is wrong with it, since a user name and password (which may hold '/' or '@') sit there.
 */
export const withoutCredentials = (raw: string): string => raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[\s\S]*@/i, '$1***@');

/** `base` with `path` appended to its own path and `query` set: the origin stays `base`'s. */
export function urlFrom(base: URL | string, path: string, query: Readonly<Record<string, string | undefined>> = {}): URL {
  const url = new URL(base);
  if (path !== '') url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

/** An address as messages show it: never credentials, never the query (debug lines add the query, which holds only the resource, the API version and the identity selector). */
export const displayUrl = (url: URL): string => `${url.origin}${url.pathname}`;

/**
 * The last check before a credential leaves: it goes to its one intended origin or nowhere.
 * Every request that carries one names that origin (`Call.credentialOrigin`) and passes here.
 */
export function assertCredentialOrigin(url: URL, intendedOrigin: string, credential: string): void {
  const intended = new URL(intendedOrigin);
  if (url.origin === intended.origin && (url.protocol === 'https:' || isLocalHost(url.hostname))) return;
  throw new ActionError(
    `The action refused to send ${credential} to ${inert(url.origin, 120)}: it goes only to ${intended.origin}. The address was ` +
      'built from an answer or a setting that does not match the endpoint it came from; check the endpoint and the ' +
      'environment variables that name it.'
  );
}
