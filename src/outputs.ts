/**
 * What the step hands to later steps, each value from an answer checked against the form it must
 * have. A value that does not fit is not handed over at all (a later step could run it), and
 * one warning names what was left out. The log and the summary show the same checked values.
 */
import type { VerifiedVm } from './verify/verify.js';
import type { AccessToken } from './types.js';
import {
  ARM_RESOURCE_ID,
  CLOUD_NAME,
  GUID,
  LOCATION,
  RESOURCE,
  RESOURCE_GROUP_NAME,
  type Shape,
  TOKEN_TYPE,
  VM_NAME,
  VM_RESOURCE_ID
} from './text/shapes.js';

export interface Checked {
  /** Output name → value; '' where the answer did not say. */
  readonly values: Readonly<Record<string, string>>;
  /** "client-id (not a GUID)", for the one warning. */
  readonly dropped: readonly string[];
}

type Candidates = Record<string, readonly [value: string, shape: Shape, form: string]>;

function checked(candidates: Candidates): Checked {
  const values: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [name, [value, shape, form]] of Object.entries(candidates)) {
    if (value === '' || shape.test(value)) values[name] = value;
    else dropped.push(`${name} (not ${form})`);
  }
  return { values, dropped };
}

/** The token's outputs besides the token itself. `expiresOn` and `source` are the action's own. */
export function tokenOutputs(token: AccessToken, expiresOn: string): Checked {
  const result = checked({
    'token-type': [token.tokenType, TOKEN_TYPE, 'a word'],
    resource: [token.resource, RESOURCE, 'a resource URI'],
    'client-id': [token.clientId, GUID, 'a GUID'],
    'object-id': [token.objectId, GUID, 'a GUID'],
    'tenant-id': [token.tenantId, GUID, 'a GUID'],
    'identity-resource-id': [token.identityResourceId, ARM_RESOURCE_ID, 'an ARM resource ID']
  });
  return { values: { 'expires-on': expiresOn, ...result.values, source: token.source }, dropped: result.dropped };
}

/** The verified VM's outputs: name, ID and location from its ARM record, else from instance metadata. */
export function vmOutputs({ metadata, vm }: VerifiedVm): Checked {
  return checked({
    'subscription-id': [metadata.subscriptionId, GUID, 'a GUID'],
    'resource-group': [metadata.resourceGroupName, RESOURCE_GROUP_NAME, 'a resource group name'],
    'vm-name': [vm.name || metadata.name, VM_NAME, 'a VM name'],
    'vm-id': [vm.vmId || metadata.vmId, GUID, 'a GUID'],
    'vm-resource-id': [vm.id, VM_RESOURCE_ID, "a VM's ARM resource ID"],
    location: [vm.location || metadata.location, LOCATION, 'an Azure region'],
    'azure-environment': [metadata.azEnvironment, CLOUD_NAME, 'a cloud name']
  });
}
