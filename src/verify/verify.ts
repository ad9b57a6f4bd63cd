/**
 * `verify: true`: prove the token works by reading this VM's own record from Resource Manager,
 * with nothing for the user to fill in: IMDS says which VM and which cloud, and the identity
 * that got the token reads it.
 */
import { type ArmVm, armEndpointFor, isArmAudience, readVmCall } from './arm.js';
import { callWithRetries } from '../http/call.js';
import { ActionError } from '../text/errors.js';
import { inert } from '../text/inert.js';
import type { Inputs } from '../inputs.js';
import { getToken } from '../sources/choose.js';
import type { SourceContext } from '../sources/context.js';
import { imdsThatGave } from '../sources/imds.js';
import { type InstanceMetadata, instanceMetadataCall } from './instance-metadata.js';
import type { AccessToken } from '../types.js';

export interface VerifiedVm {
  readonly metadata: InstanceMetadata;
  readonly arm: string;
  readonly vm: ArmVm;
}

export async function verifyOnArm(inputs: Inputs, token: AccessToken, ctx: SourceContext): Promise<VerifiedVm> {
  if (token.source !== 'imds' && token.source !== 'vm-extension') {
    throw new ActionError(
      `verify reads the runner VM's own record, which IMDS describes; the token came from ${token.source}, which is not an Azure VM. ` +
        "Turn 'verify' off here, and prove the token with a call the workflow makes anyway."
    );
  }
  const metadata = await callWithRetries(instanceMetadataCall(imdsThatGave(token)), ctx);
  const { endpoint: arm, audience } = armEndpointFor(metadata.azEnvironment, inputs.armEndpoint);

  let armToken = token;
  if (!isArmAudience(token.audience || token.resource, audience)) {
    // The user's token is for another service and never goes to ARM: the same identity gets a
    // token for ARM just for the check. It is masked like any token and handed to no one.
    ctx.log.info(
      `The token is for ${inert(token.resource)}; getting a separate token for ${audience} to verify with (it is not handed over).`
    );
    armToken = await getToken({ ...inputs, source: token.source, resource: audience }, ctx);
  }
  const vm = await callWithRetries(readVmCall(arm, metadata.resourceId, armToken, audience), ctx);
  return { metadata, arm, vm };
}
