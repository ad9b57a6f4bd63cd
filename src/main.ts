/**
 * The action: read the inputs, get the token, mask it, hand it over. This is the only module
 * with side effects on the runner (through `core`); everything it calls takes plain values and
 * throws, and the one failure is reported here.
 */
import { ActionError, errorMessage } from './errors.js';
import { send, type Send } from './http.js';
import { type Inputs, readInputs } from './inputs.js';
import { type Clock, systemClock } from './retry.js';
import { getToken } from './sources/choose.js';
import type { AccessToken, Log } from './token-request.js';
import { type Core, toolkitCore } from './toolkit.js';

export interface Dependencies {
  readonly send: Send;
  readonly clock: Clock;
}

export const defaultDependencies: Dependencies = { send, clock: systemClock };

export async function run(core: Core = toolkitCore, { send, clock }: Dependencies = defaultDependencies): Promise<void> {
  try {
    const inputs = readInputs((name) => core.getInput(name));
    const log: Log = { info: (m) => core.info(m), warning: (m) => core.warning(m), debug: (m) => core.debug(m) };
    const token = await getToken(inputs, {
      send,
      clock,
      deadline: clock.now() + inputs.timeoutSeconds * 1000,
      timeoutSeconds: inputs.timeoutSeconds,
      log,
      // The token is masked the moment its answer is parsed, before anything else touches it.
      maskSecret: (secret) => core.setSecret(secret)
    });
    handOver(core, token, inputs);
  } catch (error) {
    core.setFailed(errorMessage(error));
    if (!(error instanceof ActionError) && error instanceof Error && error.stack) core.debug(error.stack);
  }
}

function handOver(core: Core, token: AccessToken, inputs: Inputs): void {
  const expiresOn = token.expiresOn.toISOString().replace(/\.\d{3}Z$/, 'Z');
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
