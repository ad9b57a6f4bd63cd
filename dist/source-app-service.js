'use strict';

var index = require('./action.js');

const API_VERSION = '2019-08-01';
const HEADER_VALUE = /^[\x21-\x7e]+$/;
const SELECTOR_PARAMETER = { 'client-id': 'client_id', 'object-id': 'principal_id', 'identity-resource-id': 'mi_res_id' };
function appServiceTokenEndpoint({ resource, identity, endpoint }, ctx) {
    const identityEndpoint = endpoint ?? ctx.env['IDENTITY_ENDPOINT'];
    const header = ctx.env['IDENTITY_HEADER'];
    if (!identityEndpoint || !header) {
        throw new index.ActionError("Source 'app-service' needs IDENTITY_ENDPOINT and IDENTITY_HEADER, which App Service, Functions and Container Apps " +
            `set for a container whose app or job has a managed identity; this runner has ${identityEndpoint ? 'no IDENTITY_HEADER' : 'no IDENTITY_ENDPOINT'}. ` +
            'Turn on an identity for the app or job (Identity settings), and start the runner with the environment the platform gives it.');
    }
    ctx.maskSecret(header);
    if (!HEADER_VALUE.test(header)) {
        throw new index.ActionError(`The environment variable IDENTITY_HEADER holds characters an HTTP header cannot carry (only printable ASCII without spaces); ` +
            'its value is not shown because it is a secret. The platform sets it: start the runner with the environment the ' +
            'container was given, not a copy edited by hand.');
    }
    const base = index.parseEndpointUrl(identityEndpoint, {
        holder: endpoint ? "Input 'endpoint'" : 'The environment variable IDENTITY_ENDPOINT',
        example: 'http://localhost:42356/msi/token'
    });
    const url = index.urlFrom(base, '', {
        resource,
        'api-version': API_VERSION,
        ...(identity && { [SELECTOR_PARAMETER[identity.input]]: identity.value })
    });
    return {
        source: 'app-service',
        name: 'the App Service / Container Apps identity endpoint',
        url,
        headers: { 'X-IDENTITY-HEADER': header },
        credential: { name: 'IDENTITY_HEADER', origin: base.origin },
        resource,
        explain: (status, details) => {
            if (/No User Assigned or Delegated Managed Identity found/i.test(details)) {
                return identity
                    ? `The identity with ${identity.input} ${identity.value} is probably not assigned to this app or job: add it under its Identity settings (User assigned), or correct '${identity.input}'.`
                    : 'This app or job has no system-assigned identity: turn it on under its Identity settings, or pick a user-assigned one with client-id, object-id or identity-resource-id.';
            }
            if (status === 401 || status === 403) {
                return ('The endpoint refused the X-IDENTITY-HEADER value from IDENTITY_HEADER. The platform rotates it: the runner must take ' +
                    'IDENTITY_HEADER from the environment the container was started with, not from a copy in its configuration.');
            }
            return undefined;
        }
    };
}

exports.appServiceTokenEndpoint = appServiceTokenEndpoint;
//# sourceMappingURL=source-app-service.js.map
