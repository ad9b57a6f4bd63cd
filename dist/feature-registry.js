'use strict';

var index = require('./action.js');

const ACR_AUDIENCE = 'https://containerregistry.azure.net';
const ACR_TOKEN_USER_NAME = '00000000-0000-0000-0000-000000000000';
const TYPICAL_LIFETIME_MS = 3 * 3600 * 1000;
function isAcrAudience(audience) {
    return audience.replace(/\/+$/, '').toLowerCase() === ACR_AUDIENCE;
}
async function getRegistryPassword(loginServer, inputs, token, ctx) {
    let acrToken = token;
    if (!isAcrAudience(token.audience || token.resource)) {
        ctx.log.info(`Getting a separate token for ${ACR_AUDIENCE} to exchange at ${loginServer} (it is not handed over).`);
        acrToken = await index.getToken({ ...inputs, source: token.source, resource: ACR_AUDIENCE }, ctx);
    }
    return registryPassword(loginServer, acrToken, ctx);
}
function registryPassword(loginServer, acrToken, ctx) {
    if (!acrToken.tenantId)
        ctx.log.debug('The token names no tenant (tid); exchanging it without one.');
    return index.callWithRetries(exchangeCall(loginServer, acrToken, ctx.maskSecret, () => ctx.clock.now()), ctx);
}
function exchangeCall(loginServer, acrToken, maskSecret, now) {
    const origin = `https://${loginServer}`;
    const url = index.urlFrom(origin, '/oauth2/exchange');
    const form = { grant_type: 'access_token', service: loginServer };
    if (acrToken.tenantId)
        form['tenant'] = acrToken.tenantId;
    return {
        name: `the container registry ${loginServer}`,
        purpose: 'getting a registry password',
        request: 'token exchange',
        url,
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: () => new URLSearchParams({ ...form, access_token: acrToken.token }).toString(),
        credential: { name: 'the registry-audience token', origin },
        viaRunnerProxy: true,
        isTransient: (status) => status === 429 || (status >= 500 && status <= 599),
        parse: (response, { where }) => {
            const password = readRefreshToken(response.body, where);
            maskSecret(password);
            if (!index.TOKEN_SHAPE.test(password)) {
                throw new index.ActionError(`${where} answered HTTP 200, but its refresh_token (${password.length} characters) is not a registry password: ` +
                    'those are at least 16 characters, letters, digits and ._~+/=- only. It was not handed over.');
            }
            const stated = expiryOf(password, now());
            return {
                loginServer,
                password,
                expiresOn: stated ?? new Date(now() + TYPICAL_LIFETIME_MS),
                expiryStated: stated !== undefined
            };
        },
        explain: (status, details) => explainRefusal(status, details, loginServer, acrToken),
        explainUnreachable: (failure) => failure.code === 'ENOTFOUND'
            ? `No registry is called ${loginServer}: check 'container-registry', which takes the login server shown on the registry's Overview page (az acr show -n <name> --query loginServer).`
            : undefined
    };
}
function readRefreshToken(body, where) {
    let json;
    try {
        json = JSON.parse(body);
    }
    catch {
        throw new index.ActionError(`${where} answered HTTP 200, but the body (${body.length} characters) is not JSON, so it holds no password.`);
    }
    const refreshToken = typeof json === 'object' && json !== null
        ? Object.hasOwn(json, 'refresh_token')
            ? json['refresh_token']
            : undefined
        : undefined;
    if (typeof refreshToken !== 'string' || refreshToken === '') {
        throw new index.ActionError(`${where} answered HTTP 200, but the JSON body has no refresh_token string, so it holds no password.`);
    }
    return refreshToken;
}
function expiryOf(token, now) {
    try {
        const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
        const exp = typeof payload === 'object' && payload !== null ? payload['exp'] : undefined;
        if (typeof exp === 'number' && exp * 1000 > now && exp * 1000 <= now + 86_400_000)
            return new Date(exp * 1000);
    }
    catch {
    }
    return undefined;
}
function explainRefusal(status, details, loginServer, token) {
    if (status === 403 && /not allowed access|firewall/i.test(details)) {
        return (`The registry's network rules refuse this runner's address: add the runner's public IP address to the registry's ` +
            'firewall (Networking), or reach the registry through its private endpoint from the runner.');
    }
    if (status === 401 || status === 403) {
        const who = token.objectId ? `object ID ${index.inert(token.objectId, 40)}` : `client ID ${index.inert(token.clientId, 40) || 'not stated'}`;
        return (`The identity (${who}) needs a role on the registry ${loginServer}: AcrPull to pull, AcrPush to push; on a registry ` +
            "whose role assignment mode is 'RBAC Registry + ABAC Repository Permissions', Container Registry Repository Reader to pull " +
            'and Container Registry Repository Writer to push instead. For example: az role assignment create --assignee-object-id ' +
            `${index.inert(token.objectId, 40) || '<object-id>'} --assignee-principal-type ServicePrincipal --role AcrPush --scope <registry resource ID>. ` +
            "Role assignments take a few minutes to apply; the registry must also be in the identity's tenant.");
    }
    return undefined;
}

const feature = {
    name: 'Registry password',
    async run(inputs, token, ctx) {
        const loginServer = inputs.containerRegistry;
        if (loginServer === undefined)
            throw new Error('The registry password was asked for without container-registry.');
        return issued(await getRegistryPassword(loginServer, inputs, token, ctx));
    },
    describeFailure: (message, inputs) => `not issued for ${inputs.containerRegistry}: ${message}`
};
function issued({ loginServer, password, expiresOn, expiryStated }) {
    const expires = index.isoSeconds(expiresOn);
    return {
        outputs: [
            ['registry-username', ACR_TOKEN_USER_NAME],
            ['registry-password', password]
        ],
        log: [
            `Got a password for the container registry ${loginServer}.`,
            `  expires:  ${expiryStated ? expires : `about ${expires} (the registry did not say; its passwords last about 3 hours)`}`,
            "  handed over as the step outputs 'registry-username' and 'registry-password' (masked in logs)."
        ],
        summary: { rows: [['Registry password', `issued for ${loginServer}, expires ${expiryStated ? expires : `about ${expires}`}`]] }
    };
}

exports.feature = feature;
exports.issued = issued;
//# sourceMappingURL=feature-registry.js.map
