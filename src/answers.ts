/**
 * What endpoints answer when they do not give what was asked: their error bodies, shown in their
 * own words on one bounded line, and the signs of a proxy answering in their place.
 */
import type { HttpResponse } from './http.js';

const MAX_SHOWN_ERROR_CHARS = 300;

export const PROXY_HINT =
  'which means something other than the managed identity endpoint answered, most likely a proxy. This action always ' +
  'connects directly and ignores HTTP_PROXY/HTTPS_PROXY, so the interception happens on the network path (a transparent ' +
  'proxy, a firewall, or a container network): exempt the endpoint from it, because IMDS only answers requests sent ' +
  'directly from the VM.';

/** For calls that go through the runner's proxy on purpose (ARM, Entra ID). */
export const proxiedHint = (proxy: URL, host: string): string =>
  `which looks like the answer of the proxy (${proxy.origin}) rather than of ${host}: check that the proxy lets the ` +
  `runner reach ${host}, or list ${host} in NO_PROXY if the runner can reach it directly.`;

export function looksLikeHtml(body: string): boolean {
  return /^\s*<(!doctype|html|head|body|\?xml)/i.test(body);
}

/** The endpoint's own words from an error body, on one bounded line. */
export function describeErrorBody(body: string): string {
  const text = errorText(body).replace(/\s+/g, ' ').trim();
  if (text === '') return 'no error details';
  return text.length > MAX_SHOWN_ERROR_CHARS ? `${text.slice(0, MAX_SHOWN_ERROR_CHARS - 3)}...` : text;
}

const optionalString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function looksLikeProxy(response: HttpResponse): boolean {
  return (
    response.status === 407 ||
    ['via', 'proxy-agent', 'x-squid-error', 'proxy-connection'].some((name) => name in response.headers) ||
    looksLikeHtml(response.body) ||
    /proxy|x-forwarded-for|directly connect/i.test(response.body)
  );
}

function errorText(body: string): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    if (looksLikeHtml(body)) {
      const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
      return title ? `an HTML page titled "${title}"` : 'an HTML page';
    }
    return body;
  }
  if (typeof json !== 'object' || json === null) return body;
  const fields = json as Record<string, unknown>;
  // Whatever the status, a body carrying a token is never shown.
  if ('access_token' in fields) return 'a body with an access_token field (not shown)';
  const error = fields['error'];
  // Entra / IMDS: {"error": "invalid_request", "error_description": "..."}
  if (typeof error === 'string') {
    const description = optionalString(fields['error_description']);
    return description ? `${error}: ${description}` : error;
  }
  // ARM and Cloud Shell: {"error": {"code": "...", "message": "..."}}
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as Record<string, unknown>;
    return [optionalString(code), optionalString(message)].filter(Boolean).join(': ') || body;
  }
  // Container registries (the Docker registry API): {"errors": [{"code": "...", "message": "..."}]}
  const errors = fields['errors'];
  if (Array.isArray(errors)) {
    const described = errors
      .map((entry: unknown) => (typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {}))
      .map(({ code, message }) => [optionalString(code), optionalString(message)].filter(Boolean).join(': '))
      .filter(Boolean);
    if (described.length > 0) return described.join('; ');
  }
  // App Service / Container Apps: {"statusCode": 400, "message": "...", "correlationId": "..."}
  const message = optionalString(fields['message']) ?? optionalString(fields['Message']);
  if (message) {
    const correlationId = optionalString(fields['correlationId']) ?? optionalString(fields['correlation_id']);
    return correlationId ? `${message} (correlation ID ${correlationId})` : message;
  }
  return body;
}
