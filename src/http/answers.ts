/**
 * What endpoints answer when they do not give what was asked: their error bodies, shown in their
 * own words on one bounded line with the IDs Microsoft support asks for, and the signs of a proxy
 * answering in their place. Every body is treated as a stranger's text: only a bounded prefix is
 * read, patterns run in linear time, and what is shown has passed through `inert.ts`.
 */
import type { HttpResponse } from './send.js';
import { bounded, escapeControls, hideSecretShapes } from '../text/inert.js';
import type { Secrets } from '../text/secrets.js';

/** Error bodies are read this far and no further (real ones are a few hundred bytes). */
const MAX_READ_CHARS = 64 * 1024;
const MAX_SHOWN_ERROR_CHARS = 300;

/** For calls that connect directly (managed identity endpoints): the proxy is on the network path. */
export const DIRECT_PROXY_HINT =
  'Something other than the managed identity endpoint answered, most likely a proxy. The action connects to it directly ' +
  'and ignores HTTP_PROXY/HTTPS_PROXY, so the interception happens on the network path (a transparent proxy, a firewall, ' +
  'or a container network): exempt the endpoint from it, because IMDS only answers requests sent directly from the VM.';

/** For calls that go through the runner's proxy on purpose (ARM, Entra ID). */
const proxiedHint = (proxy: URL, host: string): string =>
  `The answer looks like the proxy's (${proxy.origin}) rather than ${host}'s: check that the proxy lets the runner reach ` +
  `${host}, or list ${host} in NO_PROXY if the runner can reach it directly.`;

/** For calls to the internet (ARM, Entra ID, a registry) made directly, because no proxy is set for them. */
const internetDirectHint = (host: string): string =>
  `The answer looks like it came from something other than ${host}: a proxy or firewall on the network path may be ` +
  `intercepting the connection. If the runner must go through a proxy, set HTTPS_PROXY in its environment (and list in ` +
  'NO_PROXY the hosts it reaches directly).';

/** The hint that fits how the call was made: to a local endpoint, or to the internet with or without the runner's proxy. */
export function proxyHintFor(proxy: URL | undefined, url: URL, internet: boolean): string {
  if (proxy) return proxiedHint(proxy, url.host);
  return internet ? internetDirectHint(url.host) : DIRECT_PROXY_HINT;
}

export function looksLikeHtml(body: string): boolean {
  return /^\s{0,100}<(!doctype|html|head|body|\?xml)/i.test(body.slice(0, 1024));
}

export function looksLikeProxy(response: HttpResponse): boolean {
  return (
    response.status === 407 ||
    ['via', 'proxy-agent', 'x-squid-error', 'proxy-connection'].some((name) => Object.hasOwn(response.headers, name)) ||
    looksLikeHtml(response.body) ||
    /proxy|x-forwarded-for|directly connect/i.test(response.body.slice(0, MAX_READ_CHARS))
  );
}

/**
 * The endpoint's own words from an error body on one bounded line, without any secret, followed
 * by its correlation and trace IDs, which are kept whatever the length of the rest.
 */
export function describeErrorBody(response: Pick<HttpResponse, 'body' | 'headers'>, secrets: Secrets): string {
  const { text, ids } = errorText(response.body.slice(0, MAX_READ_CHARS));
  const oneLine = hideSecretShapes(secrets.redact(text)).replace(/\s+/g, ' ').trim();
  const words = oneLine === '' ? 'no error details' : bounded(escapeControls(oneLine), MAX_SHOWN_ERROR_CHARS);
  const shownIds = [...new Map([...ids, ...headerIds(response.headers)].filter(([, id]) => ID.test(id))).entries()];
  return shownIds.length === 0 ? words : `${words} (${shownIds.map(([name, id]) => `${name} ${id}`).join(', ')})`;
}

type Ids = [name: string, id: string][];
/**
 * Correlation, trace and request IDs are GUIDs, and Entra's timestamp a date: anything else in
 * their place is not shown (an endpoint could put a token there).
 */
const ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d{1,7})?Z?)$/i;
const ID_FIELDS: Readonly<Record<string, string>> = {
  correlation_id: 'correlation ID',
  correlationId: 'correlation ID',
  trace_id: 'trace ID',
  traceId: 'trace ID',
  timestamp: 'timestamp'
};
/** Entra ID writes its IDs into error_description too: "…\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …". */
const IDS_IN_TEXT = /(Trace ID|Correlation ID|Timestamp): ?([0-9A-Fa-f-]{36}|\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)/g;

/**
 * The IDs an answer's headers carry (Resource Manager's, Key Vault's x-ms-request-id), as
 * ` (request ID …)`, or '' without any: for answers whose body is not shown (a redirect).
 */
export function headerIdsText(headers: HttpResponse['headers']): string {
  const shown = headerIds(headers).filter(([, id]) => ID.test(id));
  return shown.length === 0 ? '' : ` (${shown.map(([name, id]) => `${name} ${id}`).join(', ')})`;
}

function headerIds(headers: HttpResponse['headers']): Ids {
  const ids: Ids = [];
  const header = (name: string): string | undefined => {
    const value = Object.hasOwn(headers, name) ? headers[name] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  // Resource Manager's IDs for a request.
  const correlation = header('x-ms-correlation-request-id');
  const request = header('x-ms-request-id');
  if (correlation) ids.push(['correlation ID', correlation]);
  if (request) ids.push(['request ID', request]);
  return ids;
}

function idsIn(fields: Record<string, unknown>): Ids {
  return Object.entries(ID_FIELDS)
    .filter(([field]) => Object.hasOwn(fields, field) && typeof fields[field] === 'string')
    .map(([field, name]) => [name, fields[field] as string]);
}

/** Takes Entra's IDs out of a description, so they are shown once, at the end. */
function withoutIds(description: string, ids: Ids): string {
  return description.replace(IDS_IN_TEXT, (_, name: string, id: string) => {
    ids.push([name.charAt(0).toLowerCase() + name.slice(1), id]);
    return '';
  });
}

const optionalString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const asFields = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

function errorText(body: string): { text: string; ids: Ids } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { text: looksLikeHtml(body) ? htmlText(body) : body, ids: [] };
  }
  const fields = asFields(json);
  if (!fields) return { text: stringsIn(json), ids: [] };
  // Whatever the status, a body carrying a token is never quoted.
  if (['access_token', 'refresh_token'].some((name) => Object.hasOwn(fields, name))) {
    return { text: 'a body with a token field (not shown)', ids: [] };
  }
  const ids = idsIn(fields);
  const error = fields['error'];
  // Entra / IMDS: {"error": "invalid_request", "error_description": "..."}
  if (typeof error === 'string') {
    const description = optionalString(fields['error_description']);
    return { text: description ? `${error}: ${withoutIds(description, ids)}` : error, ids };
  }
  // ARM and Cloud Shell: {"error": {"code": "...", "message": "..."}}
  const armError = asFields(error);
  if (armError) {
    const text = [optionalString(armError['code']), optionalString(armError['message'])].filter(Boolean).join(': ');
    return { text: text || stringsIn(json), ids: [...ids, ...idsIn(armError)] };
  }
  // Container registries (the Docker registry API): {"errors": [{"code": "...", "message": "..."}]}
  const errors = Object.hasOwn(fields, 'errors') ? fields['errors'] : undefined;
  if (Array.isArray(errors)) {
    const described = errors
      .slice(0, 5)
      .map((entry: unknown) => asFields(entry) ?? {})
      .map((entry) => [optionalString(entry['code']), optionalString(entry['message'])].filter(Boolean).join(': '))
      .filter(Boolean);
    if (described.length > 0) return { text: described.join('; '), ids };
  }
  // App Service / Container Apps: {"statusCode": 400, "message": "...", "correlationId": "..."}
  const message = optionalString(fields['message']) ?? optionalString(fields['Message']);
  return { text: message ? withoutIds(message, ids) : stringsIn(json), ids };
}

/**
 * The words of a JSON answer of no known shape: its string values as decoded, never the raw
 * body (escapes such as \u0065 would slip a secret past the checks on what is shown).
 */
function stringsIn(json: unknown): string {
  const strings: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (strings.length >= 20 || depth > 5) return;
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) for (const item of value) visit(item, depth + 1);
    else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) visit(item, depth + 1);
  };
  visit(json, 0);
  return strings.length === 0 ? 'a JSON answer with no text' : strings.join('; ');
}

/** "an HTML page titled …", found with indexOf: a regex with nested scans is quadratic on a hostile page. */
function htmlText(body: string): string {
  const lower = body.toLowerCase();
  const open = lower.indexOf('<title');
  const start = open < 0 ? -1 : lower.indexOf('>', open);
  const end = start < 0 ? -1 : lower.indexOf('</title', start);
  const title = end < 0 ? '' : body.slice(start + 1, end).trim();
  return title ? `an HTML page titled "${title}"` : 'an HTML page';
}
