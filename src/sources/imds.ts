/**
 * Azure Instance Metadata Service, the managed identity endpoint of every Azure VM and scale set
 * instance: `GET http://169.254.169.254/metadata/identity/oauth2/token` with `Metadata: true`.
 */
import { DIRECT_PROXY_HINT } from '../http/answers.js';
import { type Call, isTransientForImds } from '../http/call.js';
import { urlFrom } from '../http/endpoint-url.js';
import { ActionError } from '../text/errors.js';
import { inert } from '../text/inert.js';
import { VM_RESOURCE_ID } from '../text/shapes.js';
import type { IdentitySelector, Inputs } from '../inputs.js';
import type { TokenEndpoint } from '../token/request.js';

export const IMDS_ORIGIN = 'http://169.254.169.254';
const TOKEN_PATH = '/metadata/identity/oauth2/token';
// Every Azure SDK still sends 2018-02-01, the version that introduced the identity endpoint.
const API_VERSION = '2018-02-01';

/** IMDS documents msi_res_id; the older mi_res_id spelling "leads to issues in some scenarios" (MSAL Java). */
const SELECTOR_PARAMETER = { 'client-id': 'client_id', 'object-id': 'object_id', 'identity-resource-id': 'msi_res_id' } as const;

type TokenInputs = Pick<Inputs, 'resource' | 'identity' | 'endpoint'>;

export function imdsTokenEndpoint({ resource, identity, endpoint }: TokenInputs): TokenEndpoint {
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
    explain: (status, details) => explainRefusal(status, details, { resource, identity })
  };
}

/** Fixes for the refusals IMDS and the VM extension are known to give (their bodies share a shape). */
export function explainRefusal(
  status: number,
  details: string,
  request: { resource: string; identity: IdentitySelector | undefined }
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
      `Microsoft Entra ID knows no resource '${inert(request.resource)}' in this tenant: check the 'resource' input ` +
      '(for example https://management.azure.com/ for ARM, https://vault.azure.net for Key Vault, ' +
      'https://storage.azure.com/ for Storage, https://graph.microsoft.com/ for Microsoft Graph).'
    );
  }
  if (/metadata header|x-forwarded-for/i.test(details)) {
    return `The action sends Metadata: true and no X-Forwarded-For, so a header was changed on the way. ${DIRECT_PROXY_HINT}`;
  }
  return undefined;
}

/** What the VM says about itself, from IMDS's compute metadata. */
export interface InstanceMetadata {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly name: string;
  readonly vmId: string;
  /** The ARM path of this VM, or of this scale set instance. */
  readonly resourceId: string;
  readonly location: string;
  readonly azEnvironment: string;
}

// 2021-02-01 has every field used here (resourceId since 2019-03-11, azEnvironment since 2018-10-01).
const INSTANCE_API_VERSION = '2021-02-01';
const REQUIRED_FIELDS = ['subscriptionId', 'resourceGroupName', 'name', 'vmId', 'resourceId', 'location', 'azEnvironment'] as const;

export function instanceMetadataCall(base: string = IMDS_ORIGIN): Call<InstanceMetadata> {
  return {
    name: 'IMDS',
    purpose: 'reading the instance metadata',
    request: 'instance metadata request',
    url: urlFrom(base, '/metadata/instance/compute', { 'api-version': INSTANCE_API_VERSION }),
    headers: { Metadata: 'true' },
    isTransient: isTransientForImds,
    parse: (response, { where }) => {
      let compute: Record<string, unknown> = {};
      try {
        const json: unknown = JSON.parse(response.body);
        if (typeof json === 'object' && json !== null) compute = json as Record<string, unknown>;
      } catch {
        throw new ActionError(`${where} answered HTTP 200, but its instance metadata is not JSON (${response.body.length} characters).`);
      }
      const missing = REQUIRED_FIELDS.filter(
        (field) => !Object.hasOwn(compute, field) || typeof compute[field] !== 'string' || compute[field] === ''
      );
      if (missing.length > 0) {
        throw new ActionError(`${where} answered HTTP 200, but its instance metadata lacks ${missing.join(', ')}.`);
      }
      if (!VM_RESOURCE_ID.test(compute['resourceId'] as string)) {
        throw new ActionError(
          `${where} answered HTTP 200, but its instance metadata's resourceId '${inert(compute['resourceId'])}' is not the ARM ID of a ` +
            'VM (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>) or of a scale set ' +
            'instance, so verify does not know which record to read and sends the token nowhere. Something other than IMDS may be answering at its address.'
        );
      }
      return Object.fromEntries(REQUIRED_FIELDS.map((field) => [field, compute[field]])) as unknown as InstanceMetadata;
    }
  };
}
