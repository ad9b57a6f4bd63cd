/**
 * The action: read the inputs, get the token, mask it, hand it over. This is the only module
 * with side effects on the runner (through `core`); everything it calls takes plain values and
 * throws, and the one failure is reported here.
 */
import { debug, exportVariable, getInput, info, setFailed, setOutput, setSecret, summary, warning } from '@actions/core';
import { ActionError, errorMessage } from './errors.js';
import { send, type Send } from './http.js';
import { type Inputs, readInputs } from './inputs.js';
import { type Clock, systemClock } from './retry.js';
import { getToken } from './sources/choose.js';
import { renderSummary } from './summary.js';
import { type VerifiedVm, verifyOnArm } from './verify.js';
import type { Log } from './call.js';
import type { AccessToken } from './token-request.js';

/** Every side effect the action has on the runner, all through `@actions/core`: this type is the inventory. */
export type Core = Pick<
  typeof import('@actions/core'),
  'getInput' | 'setSecret' | 'setOutput' | 'exportVariable' | 'info' | 'warning' | 'debug' | 'setFailed'
> & {
  /** `core.summary.addRaw(markdown).write()`: the part of the job summary API the action uses. */
  readonly summary: { addRaw(markdown: string): { write(): Promise<unknown> } };
};

export interface Dependencies {
  readonly send: Send;
  readonly clock: Clock;
  /** Where platforms announce their identity endpoints. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
}

// Named imports, not the module's namespace: the bundle then keeps only these functions of
// `@actions/core` and drops the rest (getIDToken's HTTP client and undici).
const actionsCore: Core = { getInput, setSecret, setOutput, exportVariable, info, warning, debug, setFailed, summary };
const defaultDependencies: Dependencies = { send, clock: systemClock, env: process.env, platform: process.platform };

export async function run(core: Core = actionsCore, { send, clock, env, platform }: Dependencies = defaultDependencies): Promise<void> {
  try {
    const inputs = readInputs((name) => core.getInput(name));
    const log: Log = { info: (m) => core.info(m), warning: (m) => core.warning(m), debug: (m) => core.debug(m) };
    const ctx = {
      send,
      clock,
      env,
      platform,
      // One deadline for the whole step: the token and, with verify, the check on ARM.
      deadline: clock.now() + inputs.timeoutSeconds * 1000,
      timeoutSeconds: inputs.timeoutSeconds,
      log,
      // Every token is masked the moment its answer is parsed, before anything else touches it.
      maskSecret: (secret: string) => core.setSecret(secret)
    };
    const token = await getToken(inputs, ctx);
    const expiresOn = token.expiresOn.toISOString().replace(/\.\d{3}Z$/, 'Z');
    handOver(core, token, expiresOn, inputs);

    let verified: VerifiedVm | undefined;
    let failure: string | undefined;
    try {
      if (inputs.verify) {
        verified = await verifyOnArm(inputs, token, ctx);
        reportVerified(core, verified);
      }
    } catch (error) {
      failure = errorMessage(error);
      throw error;
    } finally {
      if (inputs.jobSummary) await writeSummary(core, renderSummary(token, expiresOn, verified, failure));
    }
  } catch (error) {
    core.setFailed(errorMessage(error));
    if (!(error instanceof ActionError) && error instanceof Error && error.stack) core.debug(error.stack);
  }
}

function handOver(core: Core, token: AccessToken, expiresOn: string, inputs: Inputs): void {
  core.setOutput('access-token', token.token);
  // None of these is secret; masking one would make GitHub drop any job output containing it.
  const outputs: Record<string, string> = {
    'expires-on': expiresOn,
    'token-type': token.tokenType,
    resource: token.resource,
    'client-id': token.clientId,
    'object-id': token.objectId,
    'tenant-id': token.tenantId,
    'identity-resource-id': token.identityResourceId,
    source: token.source
  };
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  if (inputs.exportVariable) {
    core.exportVariable(inputs.exportVariable, token.token);
  }

  const unknown = (value: string): string => value || 'not stated';
  core.info(`Got a ${token.tokenType} token for ${token.resource} from ${token.endpoint} (source: ${token.source}).`);
  core.info(`  identity: client ID ${unknown(token.clientId)}, object ID ${unknown(token.objectId)}, tenant ${unknown(token.tenantId)}`);
  core.info(`  expires:  ${expiresOn}`);
  core.info(
    inputs.exportVariable
      ? `  handed over as the step output 'access-token' and the environment variable ${inputs.exportVariable} (masked in logs).`
      : "  handed over as the step output 'access-token' (masked in logs)."
  );
}

function reportVerified(core: Core, { metadata, arm, vm }: VerifiedVm): void {
  const outputs: Record<string, string> = {
    'subscription-id': metadata.subscriptionId,
    'resource-group': metadata.resourceGroupName,
    'vm-name': vm.name || metadata.name,
    'vm-id': vm.vmId || metadata.vmId,
    'vm-resource-id': vm.id,
    location: vm.location || metadata.location,
    'azure-environment': metadata.azEnvironment
  };
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  core.info(`Verified: this identity read the runner VM's own record from ${arm}.`);
  core.info(`  VM:       ${outputs['vm-name']} (VM ID ${outputs['vm-id']}), ${outputs['location']}, ${metadata.azEnvironment}`);
  core.info(`  resource: ${vm.id}`);
}

/** A summary that cannot be written is worth a warning, not a failed step. */
async function writeSummary(core: Core, markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown).write();
  } catch (error) {
    core.warning(`The job summary was not written: ${errorMessage(error)}`);
  }
}
