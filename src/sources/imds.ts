/**
 * Azure Instance Metadata Service, the managed identity endpoint of every Azure VM and scale set
 * instance: `GET http://169.254.169.254/metadata/identity/oauth2/token` with `Metadata: true`.
 */
import { DIRECT_PROXY_HINT } from '../http/answers.js';
import { urlFrom } from '../http/endpoint-url.js';
import { inert } from '../text/inert.js';
import type { Inputs } from '../inputs.js';
import type { IdentitySelector } from './table.js';
import type { TokenEndpoint, TokenHints } from '../token/request.js';
import type { AccessToken } from '../types.js';

export const IMDS_ORIGIN = 'http://169.254.169.254';
const TOKEN_PATH = '/metadata/identity/oauth2/token';
// Every Azure SDK still sends 2018-02-01, the version that introduced the identity endpoint.
const API_VERSION = '2018-02-01';

/** IMDS documents msi_res_id; the older mi_res_id spelling "leads to issues in some scenarios" (MSAL Java). */
const SELECTOR_PARAMETER = { 'client-id': 'client_id', 'object-id': 'object_id', 'identity-resource-id': 'msi_res_id' } as const;

type TokenInputs = Pick<Inputs, 'resource' | 'identity' | 'endpoint'> & TokenHints;

export function imdsTokenEndpoint({ resource, identity, endpoint, unknownResourceHint }: TokenInputs): TokenEndpoint {
  const url = urlFrom(endpoint ?? IMDS_ORIGIN, TOKEN_PATH, {
    'api-version': API_VERSION,
    resource,
    ...(identity && { [SELECTOR_PARAMETER[identity.input]]: identity.value })
  });
  return {
    source: 'imds',
    name: 'IMDS',
    url,
    headers: { Metadata: 'true' },
    resource,
    explain: (status, details) => explainRefusal(status, details, { resource, identity, unknownResourceHint })
  };
}

/** Fixes for the refusals IMDS and the VM extension are known to give (their bodies share a shape). */
export function explainRefusal(
  status: number,
  details: string,
  request: { resource: string; identity: IdentitySelector | undefined } & TokenHints
): string | undefined {
  if (status !== 400) return undefined;
  if (/identity not found/i.test(details)) {
    const { identity } = request;
    return identity
      ? `The identity with ${identity.input} ${identity.value} is probably not assigned to this VM: assign it ` +
          `(Azure portal → the VM → Identity → User assigned) or correct '${identity.input}'. A newly assigned identity ` +
          'can take a minute or two to become usable.'
      : 'This VM has no system-assigned managed identity: turn it on (Azure portal → the VM → Identity → System assigned), ' +
          "or pick a user-assigned identity with 'client-id', 'object-id' or 'identity-resource-id'.";
  }
  if (/multiple user assigned identities/i.test(details)) {
    return (
      'This VM has several user-assigned identities and no system-assigned one, so it cannot choose: set ' +
      "'client-id', 'object-id' or 'identity-resource-id' to the identity this workflow should use."
    );
  }
  if (/invalid_resource|AADSTS500011|AADSTS50001\b/i.test(details)) {
    return (
      `Microsoft Entra ID knows no resource '${inert(request.resource)}' in this tenant: ` +
      (request.unknownResourceHint ??
        "check the 'resource' input (for example https://management.azure.com/ for ARM, https://vault.azure.net for Key Vault, " +
          'https://storage.azure.com/ for Storage, https://graph.microsoft.com/ for Microsoft Graph).')
    );
  }
  if (/metadata header|x-forwarded-for/i.test(details)) {
    return `The action sends Metadata: true and no X-Forwarded-For, so a header was changed on the way. ${DIRECT_PROXY_HINT}`;
  }
  return undefined;
}

/**
 * The IMDS that gave this token, whose instance metadata describes the same VM: the `endpoint`
 * it was asked at (a test's emulator) for source imds, else the VM's own.
 */
export function imdsThatGave(token: Pick<AccessToken, 'source' | 'endpoint'>): string {
  if (token.source !== 'imds' || !token.endpoint.endsWith(TOKEN_PATH)) return IMDS_ORIGIN;
  return token.endpoint.slice(0, -TOKEN_PATH.length);
}
