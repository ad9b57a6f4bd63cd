'use strict';

var index = require('./action.js');

const VM_EXTENSION_ORIGIN = 'http://localhost:50342';
const TOKEN_PATH = '/oauth2/token';
const DEPRECATION_WARNING = 'The token came from the legacy Managed Identity VM extension, which Microsoft has deprecated in favour of IMDS ' +
    '(http://169.254.169.254, built into every Azure VM, no extension needed). Remove the extension from the VM and ' +
    "let this action use IMDS (source 'auto' or 'imds').";
function vmExtensionTokenEndpoint({ resource, identity, endpoint, unknownResourceHint }) {
    const unsupported = identity && index.selectorProblem('vm-extension', identity);
    if (unsupported)
        throw new index.ActionError(unsupported);
    const url = index.urlFrom(endpoint ?? VM_EXTENSION_ORIGIN, TOKEN_PATH, {
        resource,
        ...(identity && { [identity.input === 'client-id' ? 'client_id' : 'object_id']: identity.value })
    });
    return {
        source: 'vm-extension',
        name: 'the VM extension',
        url,
        headers: { Metadata: 'true' },
        resource,
        explain: (status, details) => index.explainRefusal(status, details, { resource, identity, unknownResourceHint })
    };
}

exports.DEPRECATION_WARNING = DEPRECATION_WARNING;
exports.vmExtensionTokenEndpoint = vmExtensionTokenEndpoint;
//# sourceMappingURL=source-vm-extension.js.map
