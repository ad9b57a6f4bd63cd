/**
 * Asks one managed identity token endpoint for a token. Each source (IMDS, the VM extension, …)
 * describes its endpoint as a `TokenEndpoint`; the request, retries and failure messages are
 * `callWithRetries`'s, and the answer is read and masked by `parseTokenBody`.
 */
import { type Call, type CallContext, type CallOptions, callWithRetries, isTransientForImds } from '../http/call.js';
import type { AccessToken, SourceName } from '../types.js';
import { readClaims } from './claims.js';
import { displayUrl } from '../http/endpoint-url.js';
import { parseTokenBody } from './response.js';

/**
 * A token endpoint: what to send (a `Call`'s request fields; only Entra ID goes through a proxy), with
 * IMDS's retry guidance unless it says otherwise.
 */
export type TokenEndpoint = Pick<
  Call<AccessToken>,
  'name' | 'url' | 'method' | 'headers' | 'body' | 'credential' | 'viaRunnerProxy' | 'explain'
> &
  Partial<Pick<Call<AccessToken>, 'isTransient'>> & {
    readonly source: SourceName;
    /** The resource asked for, reported when the answer does not echo it. */
    readonly resource: string;
  };

/**
 * What a caller that asks for a token on the user's behalf can add to the messages: a feature
 * that picks the resource itself (Key Vault's audience) says what to check instead of the
 * 'resource' input.
 */
export interface TokenHints {
  /** Completes "Entra ID knows no resource '…' in this tenant: …" as a whole sentence. */
  readonly unknownResourceHint?: string;
}

export function requestToken(endpoint: TokenEndpoint, ctx: CallContext, options: CallOptions = {}): Promise<AccessToken> {
  return callWithRetries(
    {
      ...endpoint,
      purpose: 'getting a token',
      request: 'token request',
      isTransient: endpoint.isTransient ?? isTransientForImds,
      parse: (response, from) => {
        const parsed = parseTokenBody(response.body, ctx.clock.now(), from, ctx.maskSecret);
        const claims = readClaims(parsed.accessToken);
        return {
          token: parsed.accessToken,
          expiresOn: parsed.expiresOn,
          tokenType: parsed.tokenType,
          resource: parsed.resource ?? endpoint.resource,
          clientId: parsed.clientId ?? claims.clientId ?? '',
          objectId: parsed.objectId ?? claims.objectId ?? '',
          tenantId: claims.tenantId ?? '',
          identityResourceId: parsed.identityResourceId ?? claims.identityResourceId ?? '',
          audience: claims.audience ?? '',
          source: endpoint.source,
          endpoint: displayUrl(endpoint.url)
        };
      }
    },
    ctx,
    options
  );
}
