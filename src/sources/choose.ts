/**
 * Picks the endpoint that serves this runner's managed identity and gets the token from it.
 * `auto` looks at what each platform announces, most specific first: AKS workload identity,
 * App Service / Container Apps, Azure Arc, and then an Azure VM's IMDS (with the legacy VM
 * extension as the last resort).
 */
import { existsSync } from 'node:fs';
import { EndpointUnreachable } from '../http/call.js';
import { ActionError } from '../text/errors.js';
import type { Inputs } from '../inputs.js';
import { requestToken, type TokenHints } from '../token/request.js';
import type { AccessToken } from '../types.js';
import { selectorProblem, type SourceName } from './table.js';
import { arcAgentBinary } from './arc-agent.js';
import type { SourceContext } from './context.js';
import { imdsTokenEndpoint } from './imds.js';

/**
 * IMDS is link-local and connects in well under a millisecond on a VM; an address that has not
 * connected in 3 s is not there. Only auto-detection uses this: an explicit `source: imds`
 * keeps retrying for the whole of timeout-seconds.
 */
const AUTO_CONNECT_TIMEOUT_MS = 3000;

export const NOT_AN_AZURE_VM_HINT =
  "Is this runner an Azure VM (or scale set instance) with a managed identity enabled? Turn one on under the VM's " +
  'Identity settings (system-assigned, or assign a user-assigned identity). IMDS must be reachable at 169.254.169.254 ' +
  'from where the action runs: a VM without a route to 169.254.169.254/32 times out, and in a container an iptables ' +
  'rule, an internal Docker network, a host firewall or a Kubernetes network policy can block it; check from there with ' +
  'curl -sS --max-time 5 --noproxy \'*\' -H Metadata:true "http://169.254.169.254/metadata/instance?api-version=2021-02-01" (the README\'s "Container ' +
  "jobs and Docker\" says what to do for each). If IMDS is only slow to connect, set source 'imds' to keep retrying for " +
  'timeout-seconds. On Container Apps, App Service, AKS workload identity or Azure Arc, the platform sets environment ' +
  'variables this action looks for (see the README); none of them is set here.';

type TokenInputs = Pick<Inputs, 'source' | 'resource' | 'identity' | 'endpoint' | 'tenantId'> & TokenHints;

/** The source `auto` picks from what the platform announces, and why; undefined: try IMDS. */
export function detectSource({
  env,
  platform
}: Pick<SourceContext, 'env' | 'platform'>): { source: SourceName; because: string } | undefined {
  if (env['AZURE_FEDERATED_TOKEN_FILE'])
    return { source: 'workload-identity', because: 'AZURE_FEDERATED_TOKEN_FILE is set (AKS workload identity)' };
  if (env['IDENTITY_ENDPOINT'] && env['IDENTITY_HEADER']) {
    return { source: 'app-service', because: 'IDENTITY_ENDPOINT and IDENTITY_HEADER are set (Container Apps, App Service or Functions)' };
  }
  if (env['IDENTITY_ENDPOINT'] && env['IMDS_ENDPOINT'])
    return { source: 'arc', because: 'IDENTITY_ENDPOINT and IMDS_ENDPOINT are set (Azure Arc)' };
  const agent = arcAgentBinary(platform, env);
  if (existsSync(agent)) return { source: 'arc', because: `the Azure Arc agent is installed (${agent})` };
  return undefined;
}

export async function getToken(inputs: TokenInputs, ctx: SourceContext): Promise<AccessToken> {
  if (inputs.source !== 'auto') return fromSource(inputs.source, inputs, ctx);
  const detected = detectSource(ctx);
  if (detected) {
    ctx.log.info(`Source: ${detected.source}, because ${detected.because}.`);
    const unsupported = inputs.identity && selectorProblem(detected.source, inputs.identity);
    if (unsupported) throw new ActionError(unsupported);
    return fromSource(detected.source, inputs, ctx);
  }
  // An explicit endpoint names the one place to ask: there is nothing to fall back to.
  if (inputs.endpoint !== undefined) return requestToken(imdsTokenEndpoint(inputs), ctx);
  return imdsThenVmExtension(inputs, ctx);
}

// Every source but IMDS is loaded only when it is the one asked: a step whose token comes from
// IMDS, the common case, does not compile the code of the other four (the bundle puts each in a
// file of its own; the VM extension comes when IMDS cannot be reached).
async function fromSource(source: SourceName, inputs: TokenInputs, ctx: SourceContext): Promise<AccessToken> {
  switch (source) {
    case 'workload-identity': {
      const { workloadIdentityTokenEndpoint } = await import('./workload-identity.js');
      return requestToken(workloadIdentityTokenEndpoint(inputs, ctx), ctx);
    }
    case 'app-service': {
      const { appServiceTokenEndpoint } = await import('./app-service.js');
      return requestToken(appServiceTokenEndpoint(inputs, ctx), ctx);
    }
    case 'arc': {
      const { arcToken } = await import('./arc.js');
      return arcToken(inputs, ctx);
    }
    case 'imds':
      return requestToken(imdsTokenEndpoint(inputs), ctx);
    case 'vm-extension': {
      const { DEPRECATION_WARNING, vmExtensionTokenEndpoint } = await import('./vm-extension.js');
      ctx.log.warning(DEPRECATION_WARNING);
      return requestToken(vmExtensionTokenEndpoint(inputs), ctx);
    }
  }
}

/**
 * The first request is the real IMDS token request, not a probe. Only when IMDS cannot be
 * connected to at all is the legacy VM extension tried.
 */
async function imdsThenVmExtension(inputs: TokenInputs, ctx: SourceContext): Promise<AccessToken> {
  let imdsProblem: string;
  try {
    return await requestToken(imdsTokenEndpoint(inputs), ctx, { giveUpIfUnreachable: true, connectTimeoutMs: AUTO_CONNECT_TIMEOUT_MS });
  } catch (error) {
    if (!(error instanceof EndpointUnreachable)) throw error;
    imdsProblem = error.message;
  }
  if (inputs.identity && selectorProblem('vm-extension', inputs.identity)) {
    throw new ActionError(
      `No managed identity endpoint answered: ${imdsProblem}, and the legacy VM extension cannot select an identity by ` +
        `'identity-resource-id'. ${NOT_AN_AZURE_VM_HINT}`
    );
  }
  ctx.log.info(`${imdsProblem}; trying the legacy VM extension.`);
  const { DEPRECATION_WARNING, vmExtensionTokenEndpoint } = await import('./vm-extension.js');
  const outcome = await requestToken(vmExtensionTokenEndpoint(inputs), ctx, { giveUpIfUnreachable: true }).catch((error: unknown) => ({
    error
  }));
  if ('error' in outcome && outcome.error instanceof EndpointUnreachable) {
    throw new ActionError(`No managed identity endpoint answered: ${imdsProblem}; ${outcome.error.message}. ${NOT_AN_AZURE_VM_HINT}`);
  }
  // Whether it gave a token or refused, the extension is what this VM runs: say it is deprecated.
  ctx.log.warning(DEPRECATION_WARNING);
  if ('error' in outcome) throw outcome.error;
  return outcome;
}
