/**
 * Reads who a token was issued to from its own claims. Only the payload is decoded: the token
 * came straight from the identity endpoint, and the claims only fill in outputs, so there is
 * nothing a signature check would protect here.
 */
export interface IdentityClaims {
  readonly clientId?: string;
  readonly objectId?: string;
  readonly tenantId?: string;
  readonly identityResourceId?: string;
  readonly audience?: string;
}

const stringClaim = (payload: Record<string, unknown>, name: string): string | undefined => {
  const value = payload[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** The identity claims of a JWT access token; empty when the token is not a readable JWT. */
export function readClaims(token: string): IdentityClaims {
  const payloadPart = token.split('.')[1];
  if (payloadPart === undefined) return {};
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return {};
  }
  if (typeof payload !== 'object' || payload === null) return {};
  const claims = payload as Record<string, unknown>;
  const audience = claims['aud'];
  return {
    // v1 tokens carry the client ID in appid, v2 tokens in azp.
    clientId: stringClaim(claims, 'appid') ?? stringClaim(claims, 'azp'),
    objectId: stringClaim(claims, 'oid'),
    tenantId: stringClaim(claims, 'tid'),
    // Managed identity tokens name the identity's ARM resource (for a system-assigned identity,
    // the VM itself) in xms_mirid.
    identityResourceId: stringClaim(claims, 'xms_mirid'),
    audience: typeof audience === 'string' ? audience : Array.isArray(audience) ? audience.join(' ') : undefined
  };
}
