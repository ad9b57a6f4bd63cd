/**
 * What verify hands to later steps: the verified VM's name, ID and location from its ARM record,
 * else from instance metadata, each checked against the form it must have (src/outputs.ts).
 */
import { type Checked, checked } from '../outputs.js';
import { CLOUD_NAME, GUID, LOCATION, RESOURCE_GROUP_NAME, VM_NAME, VM_RESOURCE_ID } from '../text/shapes.js';
import type { VerifiedVm } from './verify.js';

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
