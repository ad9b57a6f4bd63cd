/**
 * Azure Resource Manager: which one serves the VM's cloud, and reading the VM's own record with
 * the token. ARM is reached through the runner's proxy when HTTPS_PROXY says so (honouring
 * NO_PROXY, as @actions/http-client does for every other action), over TLS only.
 */
import type { Call } from '../http/call.js';
import { urlFrom } from '../http/endpoint-url.js';
import { ActionError } from '../text/errors.js';
import { inert } from '../text/inert.js';
import type { AccessToken } from '../types.js';

/**
 * Resource Manager of each cloud IMDS names in azEnvironment (compared case-insensitively). A
 * Map, because the key comes from an answer: "__proto__" must find nothing, not Object.prototype.
 */
const ARM_BY_CLOUD: ReadonlyMap<string, string> = new Map([
  ['azurepubliccloud', 'https://management.azure.com'],
  ['azureusgovernmentcloud', 'https://management.usgovcloudapi.net'],
  ['azurechinacloud', 'https://management.chinacloudapi.cn']
]);
const PUBLIC_ARM = ARM_BY_CLOUD.get('azurepubliccloud')!;

/** Stable Compute API version, available in every cloud (any version since 2017-12-01 reads a VM). */
export const COMPUTE_API_VERSION = '2024-11-01';

/**
 * Where ARM is, and which audience its tokens need: the cloud's ARM, unless 'arm-endpoint'
 * says where to send (a private endpoint, a test, Azure Stack Hub). The audience stays the
 * cloud's whenever the cloud is known.
 */
export function armEndpointFor(azEnvironment: string, override: string | undefined): { endpoint: string; audience: string } {
  const arm = ARM_BY_CLOUD.get(azEnvironment.toLowerCase());
  if (arm || override) return { endpoint: override ?? arm!, audience: `${arm ?? override}/` };
  throw new ActionError(
    `IMDS says this VM runs in the cloud '${inert(azEnvironment, 60)}', whose Resource Manager the action does not know ` +
      `(it knows ${[...ARM_BY_CLOUD.keys()].join(', ')}). Set 'arm-endpoint' to its https:// Resource Manager ` +
      "address (for Azure Stack Hub, e.g. https://management.<region>.<domain>), or turn 'verify' off."
  );
}

/** Whether ARM at `arm` accepts a token issued for this audience. */
export function isArmAudience(audience: string, arm: string): boolean {
  const plain = (uri: string): string => uri.replace(/\/+$/, '').toLowerCase();
  const accepted = [plain(arm)];
  // ARM in the public cloud also accepts tokens for its original App ID URI.
  if (plain(arm) === PUBLIC_ARM) accepted.push('https://management.core.windows.net');
  return accepted.includes(plain(audience));
}

export interface ArmVm {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly vmId: string;
}

export function readVmCall(arm: string, resourceId: string, token: AccessToken, armAudience = `${arm}/`): Call<ArmVm> {
  // resourceId has passed VM_RESOURCE_ID; set as the path, it cannot change the host either way.
  const url = urlFrom(arm, resourceId, { 'api-version': COMPUTE_API_VERSION });
  return {
    name: 'Azure Resource Manager',
    purpose: "reading the VM's record",
    request: "request for the VM's record",
    url,
    // The scheme is always Bearer: token_type comes from the answer, and a header is no place for it.
    headers: { Authorization: `Bearer ${token.token}`, Accept: 'application/json' },
    credential: { name: 'the ARM token', origin: new URL(arm).origin },
    viaRunnerProxy: true,
    // ARM's guidance: throttling (429, with Retry-After) and server errors are transient.
    isTransient: (status) => status === 429 || (status >= 500 && status <= 599),
    parse: (response, { where }) => {
      let vm: Record<string, unknown>;
      try {
        const json: unknown = JSON.parse(response.body);
        vm = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
      } catch {
        throw new ActionError(`${where} answered HTTP 200, but the VM's record is not JSON (${response.body.length} characters).`);
      }
      const properties = (typeof vm['properties'] === 'object' && vm['properties'] !== null ? vm['properties'] : {}) as Record<
        string,
        unknown
      >;
      const text = (value: unknown): string => (typeof value === 'string' ? value : '');
      return { id: text(vm['id']) || resourceId, name: text(vm['name']), location: text(vm['location']), vmId: text(properties['vmId']) };
    },
    explain: (status, details) => {
      if (status === 401) {
        const audience = inert(token.audience || token.resource);
        return isArmAudience(audience, armAudience)
          ? `The token is for ${audience}, which ARM accepts, so it is expired, from another tenant than the subscription's, ` +
              'or otherwise invalid: check that the identity belongs to the tenant of the subscription.'
          : `The token was issued for ${audience}, but ARM at ${arm} only accepts tokens for ${armAudience}.`;
      }
      if (status === 403 && /AuthorizationFailed/i.test(details)) {
        const who = token.objectId ? `object ID ${inert(token.objectId, 40)}` : `client ID ${inert(token.clientId, 40)}`;
        // A scale set instance is read with Reader on the scale set (or on the instance itself).
        const scaleSet = /^(.*\/virtualMachineScaleSets\/[^/]+)\/virtualMachines\/[^/]+$/i.exec(resourceId)?.[1];
        return (
          `The identity (${who}) can get tokens but lacks Microsoft.Compute/virtualMachines/read on this VM. Grant it the ` +
          `Reader role on the ${scaleSet ? 'scale set' : 'VM'}: az role assignment create --assignee-object-id ` +
          `${inert(token.objectId, 40) || '<object-id>'} --assignee-principal-type ServicePrincipal --role Reader --scope ` +
          `${scaleSet ?? resourceId}. Role assignments can take a few minutes to apply.`
        );
      }
      if (status === 404) {
        return `ARM has no resource ${resourceId}, the ID IMDS gave for this VM: check that the VM still exists and that the identity's tenant holds its subscription.`;
      }
      return undefined;
    }
  };
}
