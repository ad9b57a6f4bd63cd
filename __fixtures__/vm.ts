/**
 * The runner VM of the unit tests and the addresses it talks to, in one place. The VM is the one
 * the emulator plays for the end-to-end tests (emulator.js's `defaultVm`), so every test speaks
 * of the same machine.
 */
import { defaultVm } from './emulator.js';

export const IMDS = 'http://169.254.169.254';
export const IMDS_TOKEN_PATH = '/metadata/identity/oauth2/token';
export const IMDS_METADATA_PATH = '/metadata/instance/compute';
/** The deprecated VM extension's endpoint. */
export const VM_EXTENSION = 'http://localhost:50342';
/** Azure Resource Manager in the public cloud (the origin; the resource is ARM_RESOURCE). */
export const ARM = 'https://management.azure.com';
export const ARM_RESOURCE = `${ARM}/`;

export const RUNNER_VM = defaultVm();
/** The VM's resource ID. */
export const VM = RUNNER_VM.resourceId;

/** IMDS's instance metadata for the VM, as /metadata/instance/compute answers. */
export const compute = (azEnvironment = RUNNER_VM.azEnvironment) => ({
  azEnvironment,
  location: RUNNER_VM.location,
  name: RUNNER_VM.name,
  resourceGroupName: RUNNER_VM.resourceGroup,
  resourceId: VM,
  subscriptionId: RUNNER_VM.subscriptionId,
  vmId: RUNNER_VM.vmId
});

/** The VM's record in Resource Manager (the fields the action reads). */
export const vmRecord = { name: RUNNER_VM.name, id: VM, location: RUNNER_VM.location, properties: { vmId: RUNNER_VM.vmId } };
