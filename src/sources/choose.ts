/**
 * Picks the endpoint that serves this runner's managed identity and gets the token from it.
 */
import { ActionError } from '../errors.js';
import type { Inputs } from '../inputs.js';
import { type CallContext, EndpointUnreachable } from '../call.js';
import { type AccessToken, requestToken } from '../token-request.js';
import { imdsTokenEndpoint } from './imds.js';
import { DEPRECATION_WARNING, vmExtensionTokenEndpoint } from './vm-extension.js';

/**
 * IMDS is link-local and connects in well under a millisecond on a VM; an address that has not
 * connected in 3 s is not there. Only auto-detection uses this: an explicit `source: imds`
 * keeps retrying for the whole of timeout-seconds.
 */
export const AUTO_CONNECT_TIMEOUT_MS = 3000;

export const NOT_AN_AZURE_VM_HINT =
  'Is this runner an Azure VM (or scale set instance) with a managed identity enabled? Turn one on under the VM\'s ' +
  'Identity settings (system-assigned, or assign a user-assigned identity). IMDS must be reachable from the runner at ' +
  '169.254.169.254: a runner inside a container needs the host network, and a VM without a route to ' +
  "169.254.169.254/32 times out. If IMDS is only slow to connect, set source 'imds' to keep retrying for timeout-seconds.";

type TokenInputs = Pick<Inputs, 'source' | 'resource' | 'identity' | 'endpoint'>;

export async function getToken(inputs: TokenInputs, ctx: CallContext): Promise<AccessToken> {
  switch (inputs.source) {
    case 'imds':
      return requestToken(imdsTokenEndpoint(inputs), ctx);
    case 'vm-extension':
      ctx.log.warning(DEPRECATION_WARNING);
      return requestToken(vmExtensionTokenEndpoint(inputs), ctx);
    case 'auto':
      // An explicit endpoint names the one place to ask: there is nothing to fall back to.
      if (inputs.endpoint !== undefined) return requestToken(imdsTokenEndpoint(inputs), ctx);
      return imdsThenVmExtension(inputs, ctx);
  }
}

/**
 * The first request is the real IMDS token request, not a probe. Only when IMDS cannot be
 * connected to at all is the legacy VM extension tried.
 */
async function imdsThenVmExtension(inputs: TokenInputs, ctx: CallContext): Promise<AccessToken> {
  let imdsProblem: string;
  try {
    return await requestToken(imdsTokenEndpoint(inputs), ctx, { giveUpIfUnreachable: true, connectTimeoutMs: AUTO_CONNECT_TIMEOUT_MS });
  } catch (error) {
    if (!(error instanceof EndpointUnreachable)) throw error;
    imdsProblem = error.message;
  }
  if (inputs.identity?.input === 'identity-resource-id') {
    throw new ActionError(
      `No managed identity endpoint answered: ${imdsProblem}, and the legacy VM extension cannot select an identity by ` +
        `'identity-resource-id'. ${NOT_AN_AZURE_VM_HINT}`
    );
  }
  ctx.log.info(`${imdsProblem}; trying the legacy VM extension.`);
  const outcome = await requestToken(vmExtensionTokenEndpoint(inputs), ctx, { giveUpIfUnreachable: true }).catch((error: unknown) => ({ error }));
  if ('error' in outcome && outcome.error instanceof EndpointUnreachable) {
    throw new ActionError(`No managed identity endpoint answered: ${imdsProblem}; ${outcome.error.message}. ${NOT_AN_AZURE_VM_HINT}`);
  }
  // Whether it gave a token or refused, the extension is what this VM runs: say it is deprecated.
  ctx.log.warning(DEPRECATION_WARNING);
  if ('error' in outcome) throw outcome.error;
  return outcome;
}
