/**
 * Azure Container Registry without the Azure CLI: the identity's Microsoft Entra token for the
 * registry audience is exchanged at the registry for a registry password (an ACR refresh token),
 * which `docker login`, Helm and ORAS take with the fixed user name below.
 *
 * What the exchange is, from Azure/acr `docs/AAD-OAuth.md` ("Calling POST /oauth2/exchange"):
 * `POST https://<login server>/oauth2/exchange`, `application/x-www-form-urlencoded`, with
 * `grant_type=access_token`, `service=<login server>`, `tenant=<the token's tenant>`,
 * `access_token=<the Entra token>`; the answer is `{"refresh_token": "…"}`, a JWT whose `exp` says
 * when it stops working (about 3 hours: "Microsoft Entra token must be renewed every 3 hours",
 * learn.microsoft.com/azure/container-registry/container-registry-authentication). Errors come in
 * the Docker registry's shape, `{"errors": [{"code": "…", "message": "…"}]}`.
 *
 * Which audience: registries accept tokens for Resource Manager unless "authentication-as-arm" is
 * disabled (policy azureADAuthenticationAsArmPolicy), and always accept tokens for the registry
 * audience `https://containerregistry.azure.net` (learn.microsoft.com/azure/container-registry/
 * container-registry-disable-authentication-as-arm: `az login --scope
 * https://containerregistry.azure.net/.default`). So the action always asks for that audience.
 * Sovereign clouds use the same audience: the Azure CLI builds it as `https://{}.azure.net` from
 * ACR_AUDIENCE_RESOURCE_NAME = "containerregistry" whatever the cloud (acr `_docker_utils.py`,
 * `_get_aad_token_after_challenge`), and Flux (fluxcd/pkg `auth/azure`) asks for
 * `https://containerregistry.azure.net/.default` for *.azurecr.io, *.azurecr.us and *.azurecr.cn
 * alike. The older SDK "audience" enums (KnownContainerRegistryAudience: management.azure.com,
 * management.usgovcloudapi.net, management.chinacloudapi.cn) name ARM audiences, which a registry
 * with authentication-as-arm disabled refuses. Azure Germany (azurecr.de) is retired (the Java
 * SDK deprecates its audience: "Germany government cloud is no longer supported").
 */
import type { Call, CallContext } from '../http/call.js';
import { callWithRetries } from '../http/call.js';
import { urlFrom } from '../http/endpoint-url.js';
import { ActionError } from '../text/errors.js';
import { inert } from '../text/inert.js';
import type { Inputs } from '../inputs.js';
import { getToken } from '../sources/choose.js';
import type { SourceContext } from '../sources/context.js';
import type { AccessToken } from '../types.js';
import { TOKEN_SHAPE } from '../token/response.js';

/** The Microsoft Entra audience (resource) of Azure Container Registry, in every cloud. */
export const ACR_AUDIENCE = 'https://containerregistry.azure.net';

/** The user name ACR expects with a refresh token as the password: the null GUID. */
export const ACR_TOKEN_USER_NAME = '00000000-0000-0000-0000-000000000000';

/** What ACR documents for the refresh token's lifetime, when the token does not say. */
const TYPICAL_LIFETIME_MS = 3 * 3600 * 1000;

/** Whether a token's audience already is the registry's, so the user's own token can be exchanged. */
function isAcrAudience(audience: string): boolean {
  return audience.replace(/\/+$/, '').toLowerCase() === ACR_AUDIENCE;
}

export interface RegistryPassword {
  readonly loginServer: string;
  readonly password: string;
  readonly expiresOn: Date;
  /** false: the password's own expiry could not be read, and `expiresOn` is ACR's typical 3 hours. */
  readonly expiryStated: boolean;
}

/**
 * A password for `loginServer` from the identity that gave `token`. The registry only ever sees a
 * token for its own audience: unless the user's token already is one, the same identity (and
 * source) gets a separate one, masked and handed to no one.
 */
export async function getRegistryPassword(
  loginServer: string,
  inputs: Inputs,
  token: AccessToken,
  ctx: SourceContext
): Promise<RegistryPassword> {
  let acrToken = token;
  if (!isAcrAudience(token.audience || token.resource)) {
    ctx.log.info(`Getting a separate token for ${ACR_AUDIENCE} to exchange at ${loginServer} (it is not handed over).`);
    acrToken = await getToken({ ...inputs, source: token.source, resource: ACR_AUDIENCE }, ctx);
  }
  return registryPassword(loginServer, acrToken, ctx);
}

/**
 * Gets a registry password for `loginServer` from `acrToken`, a token of the identity for
 * ACR_AUDIENCE (never a token for another resource: the caller gets one for this).
 */
export function registryPassword(loginServer: string, acrToken: AccessToken, ctx: CallContext): Promise<RegistryPassword> {
  if (!acrToken.tenantId) ctx.log.debug('The token names no tenant (tid); exchanging it without one.');
  return callWithRetries(
    exchangeCall(loginServer, acrToken, ctx.maskSecret, () => ctx.clock.now()),
    ctx
  );
}

export function exchangeCall(
  loginServer: string,
  acrToken: AccessToken,
  maskSecret: (secret: string) => void,
  now: () => number
): Call<RegistryPassword> {
  // loginServer has passed loginServerOf (src/inputs/container-registry.ts): one DNS name under an ACR domain, nothing else.
  const origin = `https://${loginServer}`;
  const url = urlFrom(origin, '/oauth2/exchange');
  const form: Record<string, string> = { grant_type: 'access_token', service: loginServer };
  if (acrToken.tenantId) form['tenant'] = acrToken.tenantId;
  return {
    name: `the container registry ${loginServer}`,
    purpose: 'getting a registry password',
    request: 'token exchange',
    url,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: () => new URLSearchParams({ ...form, access_token: acrToken.token }).toString(),
    credential: { name: 'the registry-audience token', origin },
    viaRunnerProxy: true,
    // Throttling (429, with Retry-After) and server errors are transient, as for ARM.
    isTransient: (status) => status === 429 || (status >= 500 && status <= 599),
    parse: (response, { where }) => {
      const password = readRefreshToken(response.body, where);
      maskSecret(password);
      if (!TOKEN_SHAPE.test(password)) {
        throw new ActionError(
          `${where} answered HTTP 200, but its refresh_token (${password.length} characters) is not a registry password: ` +
            'those are at least 16 characters, letters, digits and ._~+/=- only. It was not handed over.'
        );
      }
      const stated = expiryOf(password, now());
      return {
        loginServer,
        password,
        expiresOn: stated ?? new Date(now() + TYPICAL_LIFETIME_MS),
        expiryStated: stated !== undefined
      };
    },
    explain: (status, details) => explainRefusal(status, details, loginServer, acrToken),
    explainUnreachable: (failure) =>
      failure.code === 'ENOTFOUND'
        ? `No registry is called ${loginServer}: check 'container-registry', which takes the login server shown on the registry's Overview page (az acr show -n <name> --query loginServer).`
        : undefined
  };
}

function readRefreshToken(body: string, where: string): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ActionError(`${where} answered HTTP 200, but the body (${body.length} characters) is not JSON, so it holds no password.`);
  }
  const refreshToken =
    typeof json === 'object' && json !== null
      ? Object.hasOwn(json, 'refresh_token')
        ? (json as Record<string, unknown>)['refresh_token']
        : undefined
      : undefined;
  if (typeof refreshToken !== 'string' || refreshToken === '') {
    throw new ActionError(`${where} answered HTTP 200, but the JSON body has no refresh_token string, so it holds no password.`);
  }
  return refreshToken;
}

/** The `exp` claim of a JWT, when it is readable and plausible (in the future, within a day). */
function expiryOf(token: string, now: number): Date | undefined {
  try {
    const payload: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const exp = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)['exp'] : undefined;
    if (typeof exp === 'number' && exp * 1000 > now && exp * 1000 <= now + 86_400_000) return new Date(exp * 1000);
  } catch {
    // Not a JWT: the typical lifetime applies.
  }
  return undefined;
}

function explainRefusal(status: number, details: string, loginServer: string, token: AccessToken): string | undefined {
  if (status === 403 && /not allowed access|firewall/i.test(details)) {
    return (
      `The registry's network rules refuse this runner's address: add the runner's public IP address to the registry's ` +
      'firewall (Networking), or reach the registry through its private endpoint from the runner.'
    );
  }
  if (status === 401 || status === 403) {
    const who = token.objectId ? `object ID ${inert(token.objectId, 40)}` : `client ID ${inert(token.clientId, 40) || 'not stated'}`;
    return (
      `The identity (${who}) needs a role on the registry ${loginServer}: AcrPull to pull, AcrPush to push; on a registry ` +
      "whose role assignment mode is 'RBAC Registry + ABAC Repository Permissions', Container Registry Repository Reader to pull " +
      'and Container Registry Repository Writer to push instead. For example: az role assignment create --assignee-object-id ' +
      `${inert(token.objectId, 40) || '<object-id>'} --assignee-principal-type ServicePrincipal --role AcrPush --scope <registry resource ID>. ` +
      "Role assignments take a few minutes to apply; the registry must also be in the identity's tenant."
    );
  }
  return undefined;
}
