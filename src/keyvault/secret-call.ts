/**
 * Reading one secret: `GET https://<vault-host>/secrets/<secret>[/<version>]?api-version=…` with
 * the vault audience's token on the first request (../../shared/azure-key-vault.md §1, §3). The
 * host passed the input's check, and the token goes to exactly that origin (asserted by
 * callWithRetries before anything is sent), so skipping the SDKs' challenge round trip skips
 * none of its protection. A `WWW-Authenticate` challenge is never followed.
 */
import type { Call } from '../http/call.js';
import { urlFrom } from '../http/endpoint-url.js';
import { ActionError } from '../text/errors.js';
import { inert } from '../text/inert.js';
import { cloudOf, type KeyVaultEntry } from '../inputs/key-vault-secrets.js';
import type { AccessToken } from '../types.js';
import { explainVaultRefusal } from './refusals.js';

/** Every version since 7.0 reads a secret the same way; 2025-07-01 only adds certificate conversion. */
export const KEY_VAULT_API_VERSION = '7.6';

/** Key Vault values are at most 25 KB; JSON escaping can double that, and the rest of a bundle is small. */
export const MAX_SECRET_BODY_BYTES = 64 * 1024;

const VERSION = /^[0-9a-f]{32}$/i;
/** Seconds since 1970 that name a real date (up to the year 5138): anything else is not shown. */
const PLAUSIBLE_SECONDS = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 1e11;

export interface VaultSecret {
  readonly entry: KeyVaultEntry;
  /** Already masked when this exists. */
  readonly value: string;
  /** The version the vault answered with (from its `id`), lower case; '' when it did not say one. */
  readonly version: string;
  /** Inert and bounded; undefined when not set. */
  readonly contentType: string | undefined;
  readonly enabled: boolean | undefined;
  readonly expires: Date | undefined;
  readonly notBefore: Date | undefined;
}

/** The secret's address: the vault host and the secret's parts passed the input's check, and are set as the path. */
function secretUrl(entry: KeyVaultEntry): URL {
  const path = `/secrets/${entry.secret}${entry.version ? `/${entry.version}` : ''}`;
  return urlFrom(`https://${entry.vaultHost}`, path, { 'api-version': KEY_VAULT_API_VERSION });
}

/** `<vault>/<secret>[/<version>]`, for messages. */
export const secretLabel = (entry: KeyVaultEntry): string => `${entry.vault}/${entry.secret}${entry.version ? `/${entry.version}` : ''}`;

/**
 * The request for one secret as a Call. `vaultToken` is the identity's token for the entry's
 * audience (never the user's token for another resource); `maskValue` is called with the value
 * before anything else is done with it.
 */
export function secretCall(entry: KeyVaultEntry, vaultToken: AccessToken, maskValue: (value: string) => void): Call<VaultSecret> {
  const origin = `https://${entry.vaultHost}`;
  return {
    name: `the key vault ${entry.vault}`,
    purpose: `reading the secret ${secretLabel(entry)}`,
    request: 'secret request',
    url: secretUrl(entry),
    headers: { Authorization: `Bearer ${vaultToken.token}`, Accept: 'application/json' },
    credential: { name: `the token for ${entry.audience}`, origin },
    viaRunnerProxy: true,
    maxBodyBytes: MAX_SECRET_BODY_BYTES,
    // Throttling (429 Throttled, which does not count against the limit) and server errors pass;
    // every other 4xx says what to fix, and stays so on a retry.
    isTransient: (status) => status === 429 || (status >= 500 && status <= 599),
    parse: (response, { where }) => readSecret(response.body, entry, where, maskValue),
    explain: (status, _details, response) => explainVaultRefusal(status, response, entry, vaultToken),
    explainUnreachable: (failure) =>
      failure.code === 'ENOTFOUND'
        ? `No vault answers at ${entry.vaultHost}: there is no vault named ${entry.vault} in ${cloudOf(entry.vaultHost).cloud} ` +
          `(check line ${entry.line} of 'key-vault-secrets'), or the vault is reached through a private endpoint whose private DNS ` +
          `zone (${cloudOf(entry.vaultHost).privateDnsZone}) is not linked to the network of this runner's DNS resolver.`
        : undefined
  };
}

const asFields = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const field = (fields: Record<string, unknown> | undefined, name: string): unknown =>
  fields && Object.hasOwn(fields, name) ? fields[name] : undefined;
const kindOf = (value: unknown): string =>
  value === undefined
    ? 'missing'
    : value === null
      ? 'null'
      : Array.isArray(value)
        ? 'an array'
        : typeof value === 'object'
          ? 'an object'
          : `a ${typeof value}`;

/** Reads `value`, `id`, `contentType` and `attributes.enabled/exp/nbf`, and nothing else of the answer. */
function readSecret(body: string, entry: KeyVaultEntry, where: string, maskValue: (value: string) => void): VaultSecret {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ActionError(`${where} answered HTTP 200, but the body (${body.length} characters) is not JSON, so it holds no secret.`);
  }
  const fields = asFields(json);
  const value = field(fields, 'value');
  if (typeof value !== 'string') {
    throw new ActionError(
      `${where} answered HTTP 200, but its value is ${kindOf(value)}, not a string: that is not a Key Vault secret, and nothing was handed over.`
    );
  }
  // The value is a secret from here on, whatever else is wrong with the answer.
  maskValue(value);
  const version = idVersion(field(fields, 'id'), entry, where);
  const attributes = asFields(field(fields, 'attributes'));
  const contentType = field(fields, 'contentType');
  const enabled = field(attributes, 'enabled');
  const exp = field(attributes, 'exp');
  const nbf = field(attributes, 'nbf');
  return {
    entry,
    value,
    version,
    contentType: typeof contentType === 'string' && contentType !== '' ? inert(contentType, 100) : undefined,
    enabled: typeof enabled === 'boolean' ? enabled : undefined,
    expires: PLAUSIBLE_SECONDS(exp) ? new Date(exp * 1000) : undefined,
    notBefore: PLAUSIBLE_SECONDS(nbf) ? new Date(nbf * 1000) : undefined
  };
}

/**
 * The answer's `id` must name the vault and the secret asked for (and the version, when pinned),
 * ignoring case as Key Vault does: anything else is an answer for another secret, and refused.
 * Returns the version it names.
 */
function idVersion(id: unknown, entry: KeyVaultEntry, where: string): string {
  const parts = typeof id === 'string' ? /^https:\/\/([^/?#@:]+)\/secrets\/([^/?#]+)(?:\/([^/?#]+))?\/?$/i.exec(id) : null;
  const matches =
    parts !== null &&
    parts[1]!.toLowerCase() === entry.vaultHost &&
    parts[2]!.toLowerCase() === entry.secret.toLowerCase() &&
    (entry.version === undefined || parts[3]?.toLowerCase() === entry.version);
  if (!matches) {
    const said = typeof id === 'string' ? `names ${inert(id, 200)}` : `has no id (${kindOf(id)})`;
    throw new ActionError(
      `${where} answered HTTP 200 with a secret that ${said}, not https://${entry.vaultHost}/secrets/${secretLabel(entry).slice(entry.vault.length + 1)}: ` +
        'an answer for another secret is refused, and nothing was handed over. Something other than the vault may be answering (a proxy or a redirecting DNS name).'
    );
  }
  const version = parts[3] ?? '';
  return VERSION.test(version) ? version.toLowerCase() : '';
}
