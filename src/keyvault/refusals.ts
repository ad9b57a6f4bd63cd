/**
 * What to do about each refusal Key Vault gives, decided by its codes (`error.code`,
 * `error.innererror.code`), never by its wording, which has changed over the years
 * (../../shared/azure-key-vault.md §4). The one exception is a 401's `AKVnnnnn:` prefix: Key
 * Vault puts its stable error number there and nowhere else. The vault's own words and its
 * x-ms-request-id are already in the message (describeErrorBody); this adds the fix.
 */
import { isIP } from 'node:net';
import type { HttpResponse } from '../http/send.js';
import { inert } from '../text/inert.js';
import { GUID } from '../text/shapes.js';
import { cloudOf, type KeyVaultEntry } from '../inputs/key-vault-secrets.js';
import type { AccessToken } from '../types.js';

interface VaultCodes {
  readonly code: string;
  readonly inner: string;
  /** Only for the AKV number of a 401 and the client address of a firewall refusal. */
  readonly message: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const fieldsOf = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const own = (fields: Record<string, unknown>, name: string): unknown => (Object.hasOwn(fields, name) ? fields[name] : undefined);

function vaultCodes(body: string): VaultCodes {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { code: '', inner: '', message: '' };
  }
  const error = fieldsOf(own(fieldsOf(json), 'error'));
  return {
    code: text(own(error, 'code')),
    inner: text(own(fieldsOf(own(error, 'innererror')), 'code')),
    message: text(own(error, 'message')).slice(0, 4096)
  };
}

const header = (response: Pick<HttpResponse, 'headers'>, name: string): string => {
  const value = Object.hasOwn(response.headers, name) ? response.headers[name] : undefined;
  return (Array.isArray(value) ? value[0] : value)?.slice(0, 1024) ?? '';
};

/** The runner's address as the vault saw it: from x-ms-keyvault-network-info, else the message; an IP address or nothing. */
export function clientAddress(response: Pick<HttpResponse, 'headers'>, message: string): string | undefined {
  const fromHeader = /(?:^|;)\s*addr=([^;\s]+)/i.exec(header(response, 'x-ms-keyvault-network-info'))?.[1];
  const fromMessage = /Client address: ?([0-9A-Fa-f.:]+)/.exec(message)?.[1];
  return [fromHeader, fromMessage].find((address) => address !== undefined && isIP(address) !== 0);
}

/** The tenant the vault's challenge names (`authorization="https://login…/<tenant>"`), read, never followed. */
function challengeTenant(response: Pick<HttpResponse, 'headers'>): string | undefined {
  const tenant = /authorization="?https:\/\/[^/"\s]+\/([^/"\s,]+)/i.exec(header(response, 'www-authenticate'))?.[1];
  return tenant && GUID.test(tenant) ? tenant : undefined;
}

export function explainVaultRefusal(
  status: number,
  response: Pick<HttpResponse, 'body' | 'headers'>,
  entry: KeyVaultEntry,
  token: AccessToken
): string | undefined {
  const { code, inner, message } = vaultCodes(response.body);
  const objectId = inert(token.objectId, 40);
  const identity = objectId
    ? `this identity (object ID ${objectId})`
    : `this identity (client ID ${inert(token.clientId, 40) || 'not stated'})`;
  const secret = entry.version ? `the version ${entry.version} of the secret ${entry.secret}` : `the secret ${entry.secret}`;
  const cloud = cloudOf(entry.vaultHost);
  if (status === 401) return explainUnauthorized(response, message, entry, token);
  if (status === 403) {
    switch (inner || code) {
      case 'ForbiddenByRbac':
        return (
          `The vault ${entry.vault} uses Azure RBAC, and ${identity} has no role that reads ${secret} (ForbiddenByRbac): assign it ` +
          `Key Vault Secrets User on the vault or on the secret, for example az role assignment create --assignee-object-id ` +
          `${objectId || '<object-id>'} --assignee-principal-type ServicePrincipal --role "Key Vault Secrets User" --scope ` +
          '<vault resource ID>. New role assignments take a few minutes to apply.'
        );
      case 'AccessDenied':
        return (
          `The vault ${entry.vault} uses access policies, and none lets ${identity} read secrets (AccessDenied): add one that ` +
          `grants it Get on secrets, for example az keyvault set-policy --name ${entry.vault} --object-id ${objectId || '<object-id>'} ` +
          '--secret-permissions get.'
        );
      case 'ForbiddenByFirewall': {
        const address = clientAddress(response, message);
        return (
          `The firewall of the vault ${entry.vault} refused the runner's address${address ? ` ${address}` : ''} (ForbiddenByFirewall): ` +
          "allow it under the vault's Networking settings (its firewall takes public IPv4 addresses), or reach the vault through a " +
          "private endpoint from the runner's network."
        );
      }
      case 'ForbiddenByConnection':
        return (
          `The vault ${entry.vault} has public network access disabled (ForbiddenByConnection): reach it through a private endpoint ` +
          `from the runner's network, with the private DNS zone ${cloud.privateDnsZone} linked to that network so that ` +
          `${entry.vaultHost} resolves to the endpoint; if the runner uses a proxy, list .${cloud.suffix} in NO_PROXY.`
        );
      case 'SecretDisabled':
        return (
          `${capital(secret)} is disabled (SecretDisabled): enable it (az keyvault secret set-attributes --vault-name ${entry.vault} ` +
          `--name ${entry.secret}${entry.version ? ` --version ${entry.version}` : ''} --enabled true), or name an enabled version ` +
          `on line ${entry.line} of 'key-vault-secrets'.`
        );
    }
  }
  if (status === 404 && (code === 'SecretNotFound' || inner === 'SecretNotFound')) {
    return (
      `The vault ${entry.vault} has no ${secret.replace(/^the /, '')} (SecretNotFound): check line ${entry.line} of ` +
      "'key-vault-secrets'. A secret deleted recently can be recovered: az keyvault secret list-deleted --vault-name " +
      `${entry.vault}, then az keyvault secret recover --vault-name ${entry.vault} --name ${entry.secret}.`
    );
  }
  return undefined;
}

const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function explainUnauthorized(response: Pick<HttpResponse, 'headers'>, message: string, entry: KeyVaultEntry, token: AccessToken): string {
  const akv = /^\s*(AKV\d{5})\b/.exec(message)?.[1];
  const notFollowed = "The action does not follow the vault's WWW-Authenticate challenge.";
  if (akv === 'AKV10022') {
    return (
      `The vault refused the token's audience (AKV10022): the action asked for a token for ${entry.audience}, exactly, and the ` +
      `identity endpoint issued one for another audience (${inert(token.audience || token.resource, 100) || 'not stated'}). Check ` +
      `what answers at the token endpoint (the 'endpoint' input, or a proxy in its place). ${notFollowed}`
    );
  }
  if (akv === 'AKV10032') {
    const vaultTenant = challengeTenant(response);
    const tenants = vaultTenant
      ? `: the vault's tenant is ${vaultTenant}, the identity's ${inert(token.tenantId, 40) || 'not stated'}`
      : '';
    return (
      `The vault ${entry.vault} belongs to another Microsoft Entra tenant than this identity (AKV10032)${tenants}. A managed ` +
      "identity reads only vaults of its own tenant: use a vault in the identity's tenant, or run with an identity of the vault's " +
      `tenant. ${notFollowed}`
    );
  }
  return (
    `The vault did not accept the token for ${entry.audience}${akv ? ` (${akv})` : ''}: the token may have expired, or the ` +
    `vault may be in another tenant than the identity. ${notFollowed}`
  );
}
