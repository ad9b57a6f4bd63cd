/**
 * Parses what token endpoints answer. A success body holds a secret, so nothing here ever puts
 * any part of it into a message; an error body (non-200) is shown, bounded, on one line.
 */
import { ActionError } from './errors.js';

export interface ParsedToken {
  readonly accessToken: string;
  readonly expiresOn: Date;
  readonly tokenType: string;
  readonly resource?: string;
  readonly clientId?: string;
  readonly objectId?: string;
  readonly identityResourceId?: string;
}

// Epoch seconds before 2001 or after 2200 are not an expiry but a misread field.
const PLAUSIBLE_EPOCH_SECONDS = { min: 978_307_200, max: 7_258_118_400 };
const MAX_SHOWN_ERROR_CHARS = 300;

/**
 * Parses a 200 answer. `maskSecret` receives the token the moment it is found, before the rest
 * of the body is checked, so even a rejected answer cannot leak it later. `where` names the
 * endpoint for error messages.
 */
export function parseTokenBody(body: string, now: number, where: string, maskSecret: (secret: string) => void): ParsedToken {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ActionError(
      `${where} answered HTTP 200, but the body (${body.length} characters) is not JSON, so it holds no token` +
        (looksLikeHtml(body) ? `: it is an HTML page, ${PROXY_HINT}` : '.')
    );
  }
  const fields = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const accessToken = fields['access_token'];
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new ActionError(`${where} answered HTTP 200, but the JSON body has no access_token string (${describeFields(fields)}).`);
  }
  maskSecret(accessToken);

  const expiresOn = readExpiry(fields, now);
  if (expiresOn === undefined) {
    throw new ActionError(
      `${where} answered HTTP 200 with a token, but no readable expiry: expires_on is ${describeValue(fields['expires_on'])} ` +
        `and expires_in is ${describeValue(fields['expires_in'])} (expected epoch seconds, a date, or a number of seconds).`
    );
  }
  return {
    accessToken,
    expiresOn,
    tokenType: optionalString(fields['token_type']) ?? 'Bearer',
    resource: optionalString(fields['resource']),
    clientId: optionalString(fields['client_id']),
    objectId: optionalString(fields['object_id']),
    identityResourceId: optionalString(fields['msi_res_id'])
  };
}

/** `expires_on` (epoch seconds as number or string, or a date string), else now + `expires_in`. */
function readExpiry(fields: Record<string, unknown>, now: number): Date | undefined {
  const expiresOn = fields['expires_on'];
  const asNumber = toNumber(expiresOn);
  if (asNumber !== undefined) {
    if (asNumber >= PLAUSIBLE_EPOCH_SECONDS.min && asNumber <= PLAUSIBLE_EPOCH_SECONDS.max) return new Date(asNumber * 1000);
  } else if (typeof expiresOn === 'string' && /\d{4}/.test(expiresOn)) {
    // Older App Service versions send dates such as "11/05/2021 15:18:31 +00:00".
    const parsed = Date.parse(expiresOn);
    if (!Number.isNaN(parsed) && parsed / 1000 >= PLAUSIBLE_EPOCH_SECONDS.min && parsed / 1000 <= PLAUSIBLE_EPOCH_SECONDS.max) {
      return new Date(parsed);
    }
  }
  const expiresIn = toNumber(fields['expires_in']);
  if (expiresIn !== undefined && expiresIn > 0 && expiresIn < 10 * 365 * 86_400) return new Date(now + expiresIn * 1000);
  return undefined;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

const optionalString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Names what a value is without showing it: success bodies are never quoted. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (toNumber(value) !== undefined) return 'a number out of range';
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : 'a string that is neither a number nor a date';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function describeFields(fields: Record<string, unknown>): string {
  const names = Object.keys(fields).slice(0, 12);
  return names.length === 0 ? 'no fields at all' : `fields: ${names.map((name) => name.slice(0, 40)).join(', ')}`;
}

export const PROXY_HINT =
  'which means something other than the managed identity endpoint answered, most likely a proxy. This action always ' +
  'connects directly and ignores HTTP_PROXY/HTTPS_PROXY, so the interception happens on the network path (a transparent ' +
  'proxy, a firewall, or a container network): exempt the endpoint from it, because IMDS only answers requests sent ' +
  'directly from the VM.';

export function looksLikeHtml(body: string): boolean {
  return /^\s*<(!doctype|html|head|body|\?xml)/i.test(body);
}

/** The endpoint's own words from an error body, on one bounded line. */
export function describeErrorBody(body: string): string {
  const text = errorText(body).replace(/\s+/g, ' ').trim();
  if (text === '') return 'no error details';
  return text.length > MAX_SHOWN_ERROR_CHARS ? `${text.slice(0, MAX_SHOWN_ERROR_CHARS - 3)}...` : text;
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
  // App Service / Container Apps: {"statusCode": 400, "message": "...", "correlationId": "..."}
  const message = optionalString(fields['message']) ?? optionalString(fields['Message']);
  if (message) {
    const correlationId = optionalString(fields['correlationId']) ?? optionalString(fields['correlation_id']);
    return correlationId ? `${message} (correlation ID ${correlationId})` : message;
  }
  return body;
}
