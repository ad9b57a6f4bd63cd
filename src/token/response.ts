/**
 * Parses a token endpoint's success answer. It holds a secret, so nothing here ever puts any
 * part of it into a message.
 */
import { looksLikeHtml } from '../http/answers.js';
import type { Answerer } from '../http/call.js';
import { ActionError } from '../text/errors.js';

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

/** What every access token and registry password is made of (JWT, base64, base64url), and at least this long. */
export const TOKEN_SHAPE = /^[A-Za-z0-9._~+/=-]{16,}$/;

/**
 * Parses a 200 answer. `maskSecret` receives the token the moment it is found, before the rest
 * of the body is checked, so even a rejected answer cannot leak it later.
 */
export function parseTokenBody(body: string, now: number, from: Answerer, maskSecret: (secret: string) => void): ParsedToken {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ActionError(
      looksLikeHtml(body)
        ? `${from.where} answered HTTP 200, but the body (${body.length} characters) is an HTML page, not JSON, so it holds no token. ${from.proxyHint}`
        : `${from.where} answered HTTP 200, but the body (${body.length} characters) is not JSON, so it holds no token.`
    );
  }
  const fields = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const accessToken = Object.hasOwn(fields, 'access_token') ? fields['access_token'] : undefined;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new ActionError(`${from.where} answered HTTP 200, but the JSON body has no access_token string (${describeFields(fields)}).`);
  }
  maskSecret(accessToken);
  // A token is handed to later steps and into headers: one with spaces, quotes or control
  // characters is not a token, and could break what receives it.
  if (!TOKEN_SHAPE.test(accessToken)) {
    throw new ActionError(
      `${from.where} answered HTTP 200, but its access_token (${accessToken.length} characters) is not an access token: ` +
        'those are at least 16 characters, letters, digits and ._~+/=- only. It was not handed over.'
    );
  }

  const expiresOn = readExpiry(fields, now);
  if (expiresOn === undefined) {
    throw new ActionError(
      `${from.where} answered HTTP 200 with a token, but no readable expiry: expires_on is ${describeValue(fields['expires_on'])} ` +
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

/** Field names are shown only when short and plainly names: a token can arrive as a field name too. */
const HARMLESS_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,31}$/;

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
  const names = Object.keys(fields);
  if (names.length === 0) return 'no fields at all';
  const shown = names.filter((name) => HARMLESS_NAME.test(name)).slice(0, 12);
  const others = names.length - shown.length;
  return `fields: ${[...shown, ...(others > 0 ? [`${others} other${others === 1 ? '' : 's'} not shown`] : [])].join(', ')}`;
}
