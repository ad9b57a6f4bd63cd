/**
 * `verify: true`: the runner VM's own record read from Resource Manager with the identity
 * (verify.ts says how), handed over as the VM's outputs and shown in the summary.
 */
import type { Feature, FeatureResult } from '../features/feature.js';
import { droppedWarning } from '../outputs.js';
import { vmOutputs } from './outputs.js';
import { type VerifiedVm, verifyOnArm } from './verify.js';

export const feature: Feature = {
  name: 'Verification',
  run: async (inputs, token, ctx) => verifiedResult(await verifyOnArm(inputs, token, ctx))
};

/** What the step hands over and shows for a VM whose record the identity read. */
export function verifiedResult(verified: VerifiedVm): FeatureResult {
  const { values, dropped } = vmOutputs(verified);
  const warning = droppedWarning(dropped, "the VM's record");
  const stated = (value: string | undefined): string => value || 'not stated';
  const shown = (value: string | undefined): string => value || '—';
  return {
    // None of these is secret; masking one would make GitHub drop any job output containing it.
    outputs: Object.entries(values),
    warnings: warning ? [warning] : [],
    log: [
      `Verified: this identity read the runner VM's own record from ${verified.arm}.`,
      `  VM:       ${stated(values['vm-name'])} (VM ID ${stated(values['vm-id'])}), ${stated(values['location'])}, ${stated(values['azure-environment'])}`,
      `  resource: ${stated(values['vm-resource-id'] ?? verified.metadata.resourceId)}`
    ],
    summary: {
      headline: '✅ verified',
      rows: [
        ['Verified VM', `${shown(values['vm-name'])} (VM ID ${shown(values['vm-id'])})`],
        ['VM resource ID', shown(values['vm-resource-id'])],
        ['Location', shown(values['location'])],
        ['Cloud', `${shown(values['azure-environment'])} (${verified.arm})`]
      ]
    }
  };
}
