'use strict';

var index = require('./action.js');

const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com/';
const JWT = /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_ASSERTION_BYTES = 64 * 1024;
function workloadIdentityTokenEndpoint({ resource, identity, endpoint, tenantId, unknownResourceHint }, ctx) {
    const tokenFile = ctx.env['AZURE_FEDERATED_TOKEN_FILE'];
    const clientId = identity?.input === 'client-id' ? identity.value : ctx.env['AZURE_CLIENT_ID'];
    const tenant = tenantId ?? ctx.env['AZURE_TENANT_ID'];
    const missing = [
        tokenFile ? undefined : 'AZURE_FEDERATED_TOKEN_FILE',
        clientId ? undefined : "a client ID (input 'client-id' or AZURE_CLIENT_ID)",
        tenant ? undefined : "a tenant (input 'tenant-id' or AZURE_TENANT_ID)"
    ].filter(Boolean);
    if (missing.length > 0 || !tokenFile || !clientId || !tenant) {
        throw new index.ActionError(`Workload identity needs ${missing.join(', ')}. AKS sets AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID and AZURE_TENANT_ID ` +
            'in pods labelled azure.workload.identity/use: "true" whose service account is annotated azure.workload.identity/client-id.');
    }
    if (!index.GUID.test(clientId)) {
        throw new index.ActionError(`The environment variable AZURE_CLIENT_ID must be the identity's client ID (a GUID); it holds '${index.inert(clientId, 80)}'.`);
    }
    if (!index.TENANT.test(tenant)) {
        throw new index.ActionError(`The environment variable AZURE_TENANT_ID must be a tenant ID (GUID) or domain such as contoso.onmicrosoft.com; it holds '${index.inert(tenant, 80)}'.`);
    }
    const authority = index.parseEndpointUrl(endpoint ?? ctx.env['AZURE_AUTHORITY_HOST'] ?? DEFAULT_AUTHORITY, {
        holder: endpoint ? "Input 'endpoint'" : 'The environment variable AZURE_AUTHORITY_HOST',
        example: DEFAULT_AUTHORITY
    });
    const url = index.urlFrom(authority, `/${tenant}/oauth2/v2.0/token`);
    const scope = resource.endsWith('/') ? `${resource}.default` : `${resource}/.default`;
    let lastAssertion = '';
    return {
        source: 'workload-identity',
        name: 'Microsoft Entra ID (workload identity)',
        url,
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: () => {
            const assertion = readAssertion(tokenFile);
            if (!JWT.test(assertion)) {
                throw new index.ActionError(`The federated token file AZURE_FEDERATED_TOKEN_FILE=${index.inert(tokenFile)} does not hold a service account token (a JWT), ` +
                    'so nothing was sent: check that the variable names the projected token file the azure-workload-identity webhook mounts.');
            }
            if (assertion !== lastAssertion)
                ctx.maskSecret(assertion);
            lastAssertion = assertion;
            return new URLSearchParams({
                grant_type: 'client_credentials',
                client_id: clientId,
                scope,
                client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
                client_assertion: assertion
            }).toString();
        },
        credential: { name: 'the federated token from AZURE_FEDERATED_TOKEN_FILE', origin: authority.origin },
        viaRunnerProxy: true,
        isTransient: (status) => status === 408 || status === 429 || (status >= 500 && status <= 599),
        resource,
        explain: (_, details) => explainEntra(details, { clientId, tenant, resource, unknownResourceHint })
    };
}
function readAssertion(file) {
    const cannot = (why) => new index.ActionError(`The federated token file AZURE_FEDERATED_TOKEN_FILE=${index.inert(file)} ${why}: check that the pod mounts the projected ` +
        'service account token (the azure-workload-identity webhook adds it).');
    try {
        return index.readFileOnce(file, { maxBytes: MAX_ASSERTION_BYTES, followLinks: true }).trim();
    }
    catch (error) {
        if (error instanceof index.UnsafeFile)
            throw cannot(`is not read, because it ${error.message}`);
        throw cannot(`cannot be read (${index.inert(error.code ?? String(error))})`);
    }
}
function explainEntra(details, { clientId, tenant, resource, unknownResourceHint }) {
    if (/AADSTS70021|AADSTS700211|No matching federated identity record/i.test(details)) {
        return (`The identity ${clientId} has no federated credential matching this pod's service account token: add one with the ` +
            "AKS cluster's OIDC issuer URL as issuer and system:serviceaccount:<namespace>:<service-account> as subject.");
    }
    if (/AADSTS700016/i.test(details))
        return `No application or identity with client ID ${clientId} exists in tenant ${tenant}: check AZURE_CLIENT_ID / 'client-id' and the tenant.`;
    if (/AADSTS90002|AADSTS900023/i.test(details))
        return `Tenant ${tenant} is not known to Entra ID: check AZURE_TENANT_ID / 'tenant-id'.`;
    if (/AADSTS700024|AADSTS700027/i.test(details)) {
        return 'The service account token in AZURE_FEDERATED_TOKEN_FILE is expired or not yet valid: kubelet refreshes it; check the projected volume and the node clock.';
    }
    if (/AADSTS500011|invalid_resource|invalid_scope/i.test(details))
        return `Entra ID knows no resource '${index.inert(resource)}' in this tenant: ${unknownResourceHint ?? "check the 'resource' input."}`;
    return undefined;
}

exports.workloadIdentityTokenEndpoint = workloadIdentityTokenEndpoint;
//# sourceMappingURL=source-workload-identity.js.map
