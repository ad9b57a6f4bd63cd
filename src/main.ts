/**
 * The action: read the inputs, get the token, mask it, hand it over. This is the only module
 * with side effects on the runner (through `core`); everything it calls takes plain values and
 * throws, and the one failure is reported here.
 */
import { ActionError, errorMessage } from './errors.js';
import { forkPullRequest, forkWarning, readmeUrl } from './fork.js';
import { send, type Send } from './http.js';
import { type Inputs, readInputs } from './inputs.js';
import { type Clock, systemClock } from './retry.js';
import { ACR_AUDIENCE, ACR_TOKEN_USER_NAME, isAcrAudience, type RegistryPassword, registryPassword } from './registry.js';
import { getToken } from './sources/choose.js';
import type { SourceContext } from './sources/context.js';
import { type RegistrySummary, renderSummary } from './summary.js';
import { type VerifiedVm, verifyOnArm } from './verify.js';
import type { Log } from './call.js';
import type { AccessToken } from './token-request.js';
import { type Core, toolkitCore } from './toolkit.js';

export interface Dependencies {
  readonly send: Send;
  readonly clock: Clock;
  /** Where platforms announce their identity endpoints. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
}

const defaultDependencies: Dependencies = { send, clock: systemClock, env: process.env, platform: process.platform };

export async function run(core: Core = toolkitCore, { send, clock, env, platform }: Dependencies = defaultDependencies): Promise<void> {
  try {
    const inputs = readInputs((name) => core.getInput(name));
    const fork = forkPullRequest(env);
    if (fork) core.warning(forkWarning(fork, readmeUrl(env)));
    const log: Log = { info: (m) => core.info(m), warning: (m) => core.warning(m), debug: (m) => core.debug(m) };
    const ctx: SourceContext = {
      send,
      clock,
      env,
      platform,
      // One deadline for the whole step: the token, the registry password and the check on ARM.
      deadline: clock.now() + inputs.timeoutSeconds * 1000,
      timeoutSeconds: inputs.timeoutSeconds,
      log,
      // Every token is masked the moment its answer is parsed, before anything else touches it.
      maskSecret: (secret: string) => core.setSecret(secret)
    };
    const token = await getToken(inputs, ctx);
    const expiresOn = token.expiresOn.toISOString().replace(/\.\d{3}Z$/, 'Z');
    handOver(core, token, expiresOn, inputs);

    // After the token, the registry password and then the check on ARM; the summary says how each went.
    let registry: RegistrySummary | undefined;
    let verified: VerifiedVm | undefined;
    let verifyFailure: string | undefined;
    try {
      const loginServer = inputs.containerRegistry;
      if (loginServer) {
        const issued = await getRegistryPassword(loginServer, inputs, token, ctx).catch((error: unknown) => {
          registry = { loginServer, failure: errorMessage(error) };
          throw error;
        });
        registry = { loginServer, issued };
        handOverRegistryPassword(core, issued);
      }
      if (inputs.verify) {
        verified = await verifyOnArm(inputs, token, ctx).catch((error: unknown) => {
          verifyFailure = errorMessage(error);
          throw error;
        });
        reportVerified(core, verified);
      }
    } finally {
      if (inputs.jobSummary) writeSummary(core, renderSummary(token, expiresOn, verified, verifyFailure, registry));
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

/**
 * The registry only ever sees a token for its own audience: unless the user's token already is
 * one, the same identity (and source) gets a separate one, masked and handed to no one.
 */
async function getRegistryPassword(loginServer: string, inputs: Inputs, token: AccessToken, ctx: SourceContext): Promise<RegistryPassword> {
  let acrToken = token;
  if (!isAcrAudience(token.audience || token.resource)) {
    ctx.log.info(`Getting a separate token for ${ACR_AUDIENCE} to exchange at ${loginServer} (it is not handed over).`);
    acrToken = await getToken({ ...inputs, source: token.source, resource: ACR_AUDIENCE }, ctx);
  }
  return registryPassword(loginServer, acrToken, ctx);
}

function handOverRegistryPassword(core: Core, registry: RegistryPassword): void {
  // The password was masked the moment the registry's answer was read.
  core.setOutput('registry-username', ACR_TOKEN_USER_NAME);
  core.setOutput('registry-password', registry.password);
  const expires = registry.expiresOn.toISOString().replace(/\.\d{3}Z$/, 'Z');
  core.info(`Got a password for the container registry ${registry.loginServer}.`);
  core.info(
    `  expires:  ${registry.expiryStated ? expires : `about ${expires} (the registry did not say; its passwords last about 3 hours)`}`
  );
  core.info("  handed over as the step outputs 'registry-username' and 'registry-password' (masked in logs).");
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
function writeSummary(core: Core, markdown: string): void {
  try {
    core.appendSummary(markdown);
  } catch (error) {
    core.warning(`The job summary was not written: ${errorMessage(error)}`);
  }
}
