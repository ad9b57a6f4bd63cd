/**
 * Sample endpoint bodies. Error bodies are verbatim from Microsoft's documentation and SDK
 * recordings (see ../shared/azure-managed-identity.md §6); tokens are fake JWTs with clearly
 * fake IDs and a random signature.
 */
import { randomBytes } from 'node:crypto';
import type { AccessToken } from '../src/types.js';
import { IMDS, IMDS_TOKEN_PATH } from './vm.js';

export const IDS = {
  tenantId: '00000000-0000-0000-0000-00000000aaaa',
  clientId: '00000000-0000-0000-0001-000000000001',
  objectId: '00000000-0000-0000-0002-000000000001',
  resourceId:
    '/subscriptions/00000000-0000-0000-0000-00000000bbbb/resourceGroups/rg-runners/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-deployer'
} as const;

/** A JWT-shaped token with a managed identity's claims; a fresh random signature each call. */
export function fakeJwt(claims: Record<string, unknown> = {}): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = {
    aud: 'https://management.azure.com/',
    appid: IDS.clientId,
    oid: IDS.objectId,
    tid: IDS.tenantId,
    xms_mirid: IDS.resourceId,
    ...claims
  };
  return `${part({ typ: 'JWT', alg: 'RS256' })}.${part(payload)}.${randomBytes(128).toString('base64url')}`;
}

/** An IMDS success body, every field a string as IMDS sends it. */
export function imdsTokenBody(token: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    access_token: token,
    client_id: IDS.clientId,
    expires_in: '86399',
    expires_on: '1795348800', // 2026-11-22T12:00:00Z
    ext_expires_in: '86399',
    not_before: '1795262400',
    resource: 'https://management.azure.com/',
    token_type: 'Bearer',
    ...overrides
  };
}

export const IMDS_ERRORS = {
  identityNotFound: { error: 'invalid_request', error_description: 'Identity not found' },
  multipleIdentities: {
    error: 'invalid_request',
    error_description:
      'Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request'
  },
  missingMetadataHeader: { error: 'invalid_request', error_description: 'Required metadata header not specified' },
  unknownResource: {
    error: 'invalid_resource',
    error_description:
      'AADSTS500011: The resource principal named user.read was not found in the tenant named Microsoft. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.\r\nTrace ID: 2dff494a-0226-4f41-8859-d9f560ca8903\r\nCorrelation ID: 77145480-bc5a-4ebe-ae4d-e4a8b7d727cf\r\nTimestamp: 2022-11-10 23:12:37Z',
    error_codes: [500011]
  }
} as const;

/** What a corporate proxy sends when it cannot reach 169.254.169.254 itself. */
export const PROXY_ERROR_PAGE =
  '<!DOCTYPE html><html><head><title>ERROR: The requested URL could not be retrieved</title></head><body>Squid</body></html>';

/** What a source returns for an ARM token of the default identity, with `overrides`. */
export function accessToken(overrides: Partial<AccessToken> = {}): AccessToken {
  return {
    token: fakeJwt(),
    expiresOn: new Date('2026-11-22T12:00:00Z'),
    tokenType: 'Bearer',
    resource: 'https://management.azure.com/',
    clientId: IDS.clientId,
    objectId: IDS.objectId,
    tenantId: IDS.tenantId,
    identityResourceId: IDS.resourceId,
    audience: 'https://management.azure.com/',
    source: 'imds',
    endpoint: `${IMDS}${IMDS_TOKEN_PATH}`,
    ...overrides
  };
}
