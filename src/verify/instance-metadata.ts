/**
 * What the VM says about itself, from IMDS's compute metadata: which VM (its ARM resource ID, so
 * scale set instances work too) and which cloud. Only verify asks for it.
 */
import { type Call, isTransientForImds } from '../http/call.js';
import { urlFrom } from '../http/endpoint-url.js';
import { IMDS_ORIGIN } from '../sources/imds.js';
import { ActionError } from '../text/errors.js';
import { inert } from '../text/inert.js';
import { VM_RESOURCE_ID } from '../text/shapes.js';

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
