/**
 * The legacy Managed Identity VM extension (`Microsoft.ManagedIdentity`), which serves tokens at
 * `http://localhost:50342/oauth2/token`. Microsoft deprecated it in favour of IMDS; it is kept
 * for VMs that still run it. It knows `client_id` and `object_id`, not resource IDs, and takes
 * no api-version.
 */
import { urlFrom } from '../http/endpoint-url.js';
import type { Inputs } from '../inputs.js';
import { ActionError } from '../text/errors.js';
import { selectorProblem } from './table.js';
import type { TokenEndpoint, TokenHints } from '../token/request.js';
import { explainRefusal } from './imds.js';

const VM_EXTENSION_ORIGIN = 'http://localhost:50342';
const TOKEN_PATH = '/oauth2/token';

export const DEPRECATION_WARNING =
  'The token came from the legacy Managed Identity VM extension, which Microsoft has deprecated in favour of IMDS ' +
  '(http://169.254.169.254, built into every Azure VM, no extension needed). Remove the extension from the VM and ' +
  "let this action use IMDS (source 'auto' or 'imds').";

type TokenInputs = Pick<Inputs, 'resource' | 'identity' | 'endpoint'> & TokenHints;

export function vmExtensionTokenEndpoint({ resource, identity, endpoint, unknownResourceHint }: TokenInputs): TokenEndpoint {
  const unsupported = identity && selectorProblem('vm-extension', identity);
  if (unsupported) throw new ActionError(unsupported);
  const url = urlFrom(endpoint ?? VM_EXTENSION_ORIGIN, TOKEN_PATH, {
    resource,
    ...(identity && { [identity.input === 'client-id' ? 'client_id' : 'object_id']: identity.value })
  });
  return {
    source: 'vm-extension',
    name: 'the VM extension',
    url,
    headers: { Metadata: 'true' },
    resource,
    explain: (status, details) => explainRefusal(status, details, { resource, identity, unknownResourceHint })
  };
}
