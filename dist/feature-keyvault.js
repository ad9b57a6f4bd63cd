'use strict';

var index = require('./action.js');
var require$$0 = require('node:net');

const text = (value) => (typeof value === 'string' ? value : '');
const fieldsOf = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
const own = (fields, name) => (Object.hasOwn(fields, name) ? fields[name] : undefined);
function vaultCodes(body) {
    let json;
    try {
        json = JSON.parse(body);
    }
    catch {
        return { code: '', inner: '', message: '' };
    }
    const error = fieldsOf(own(fieldsOf(json), 'error'));
    return {
        code: text(own(error, 'code')),
        inner: text(own(fieldsOf(own(error, 'innererror')), 'code')),
        message: text(own(error, 'message')).slice(0, 4096)
    };
}
const header = (response, name) => {
    const value = Object.hasOwn(response.headers, name) ? response.headers[name] : undefined;
    return (Array.isArray(value) ? value[0] : value)?.slice(0, 1024) ?? '';
};
function clientAddress(response, message) {
    const fromHeader = /(?:^|;)\s*addr=([^;\s]+)/i.exec(header(response, 'x-ms-keyvault-network-info'))?.[1];
    const fromMessage = /Client address: ?([0-9A-Fa-f.:]+)/.exec(message)?.[1];
    return [fromHeader, fromMessage].find((address) => address !== undefined && require$$0.isIP(address) !== 0);
}
function challengeTenant(response) {
    const tenant = /authorization="?https:\/\/[^/"\s]+\/([^/"\s,]+)/i.exec(header(response, 'www-authenticate'))?.[1];
    return tenant && index.GUID.test(tenant) ? tenant : undefined;
}
function explainVaultRefusal(status, response, entry, token) {
    const { code, inner, message } = vaultCodes(response.body);
    const objectId = index.inert(token.objectId, 40);
    const identity = objectId
        ? `this identity (object ID ${objectId})`
        : `this identity (client ID ${index.inert(token.clientId, 40) || 'not stated'})`;
    const secret = entry.version ? `the version ${entry.version} of the secret ${entry.secret}` : `the secret ${entry.secret}`;
    const cloud = index.cloudOf(entry.vaultHost);
    if (status === 401)
        return explainUnauthorized(response, message, entry, token);
    if (status === 403) {
        switch (inner || code) {
            case 'ForbiddenByRbac':
                return (`The vault ${entry.vault} uses Azure RBAC, and ${identity} has no role that reads ${secret} (ForbiddenByRbac): assign it ` +
                    `Key Vault Secrets User on the vault or on the secret, for example az role assignment create --assignee-object-id ` +
                    `${objectId || '<object-id>'} --assignee-principal-type ServicePrincipal --role "Key Vault Secrets User" --scope ` +
                    '<vault resource ID>. New role assignments take a few minutes to apply.');
            case 'AccessDenied':
                return (`The vault ${entry.vault} uses access policies, and none lets ${identity} read secrets (AccessDenied): add one that ` +
                    `grants it Get on secrets, for example az keyvault set-policy --name ${entry.vault} --object-id ${objectId || '<object-id>'} ` +
                    '--secret-permissions get.');
            case 'ForbiddenByFirewall': {
                const address = clientAddress(response, message);
                return (`The firewall of the vault ${entry.vault} refused the runner's address${address ? ` ${address}` : ''} (ForbiddenByFirewall): ` +
                    "allow it under the vault's Networking settings (its firewall takes public IPv4 addresses), or reach the vault through a " +
                    "private endpoint from the runner's network.");
            }
            case 'ForbiddenByConnection':
                return (`The vault ${entry.vault} has public network access disabled (ForbiddenByConnection): reach it through a private endpoint ` +
                    `from the runner's network, with the private DNS zone ${cloud.privateDnsZone} linked to that network so that ` +
                    `${entry.vaultHost} resolves to the endpoint; if the runner uses a proxy, list .${cloud.suffix} in NO_PROXY.`);
            case 'SecretDisabled':
                return (`${capital(secret)} is disabled (SecretDisabled): enable it (az keyvault secret set-attributes --vault-name ${entry.vault} ` +
                    `--name ${entry.secret}${entry.version ? ` --version ${entry.version}` : ''} --enabled true), or name an enabled version ` +
                    `on line ${entry.line} of 'key-vault-secrets'.`);
        }
    }
    if (status === 404 && (code === 'SecretNotFound' || inner === 'SecretNotFound')) {
        return (`The vault ${entry.vault} has no ${secret.replace(/^the /, '')} (SecretNotFound): check line ${entry.line} of ` +
            "'key-vault-secrets'. A secret deleted recently can be recovered: az keyvault secret list-deleted --vault-name " +
            `${entry.vault}, then az keyvault secret recover --vault-name ${entry.vault} --name ${entry.secret}.`);
    }
    return undefined;
}
const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
function explainUnauthorized(response, message, entry, token) {
    const akv = /^\s*(AKV\d{5})\b/.exec(message)?.[1];
    const notFollowed = "The action does not follow the vault's WWW-Authenticate challenge.";
    if (akv === 'AKV10022') {
        return (`The vault refused the token's audience (AKV10022): the action asked for a token for ${entry.audience}, exactly, and the ` +
            `identity endpoint issued one for another audience (${index.inert(token.audience || token.resource, 100) || 'not stated'}). Check ` +
            `what answers at the token endpoint (the 'endpoint' input, or a proxy in its place). ${notFollowed}`);
    }
    if (akv === 'AKV10032') {
        const vaultTenant = challengeTenant(response);
        const tenants = vaultTenant
            ? `: the vault's tenant is ${vaultTenant}, the identity's ${index.inert(token.tenantId, 40) || 'not stated'}`
            : '';
        return (`The vault ${entry.vault} belongs to another Microsoft Entra tenant than this identity (AKV10032)${tenants}. A managed ` +
            "identity reads only vaults of its own tenant: use a vault in the identity's tenant, or run with an identity of the vault's " +
            `tenant. ${notFollowed}`);
    }
    return (`The vault did not accept the token for ${entry.audience}${akv ? ` (${akv})` : ''}: the token may have expired, or the ` +
        `vault may be in another tenant than the identity. ${notFollowed}`);
}

const KEY_VAULT_API_VERSION = '7.6';
const MAX_SECRET_BODY_BYTES = 64 * 1024;
const VERSION = /^[0-9a-f]{32}$/i;
const PLAUSIBLE_SECONDS = (value) => typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 1e11;
function secretUrl(entry) {
    const path = `/secrets/${entry.secret}${entry.version ? `/${entry.version}` : ''}`;
    return index.urlFrom(`https://${entry.vaultHost}`, path, { 'api-version': KEY_VAULT_API_VERSION });
}
const secretLabel = (entry) => `${entry.vault}/${entry.secret}${entry.version ? `/${entry.version}` : ''}`;
function secretCall(entry, vaultToken, maskValue) {
    const origin = `https://${entry.vaultHost}`;
    return {
        name: `the key vault ${entry.vault}`,
        purpose: `reading the secret ${secretLabel(entry)}`,
        request: 'secret request',
        url: secretUrl(entry),
        headers: { Authorization: `Bearer ${vaultToken.token}`, Accept: 'application/json' },
        credential: { name: `the token for ${entry.audience}`, origin },
        viaRunnerProxy: true,
        maxBodyBytes: MAX_SECRET_BODY_BYTES,
        isTransient: (status) => status === 429 || (status >= 500 && status <= 599),
        parse: (response, { where }) => readSecret(response.body, entry, where, maskValue),
        explain: (status, _details, response) => explainVaultRefusal(status, response, entry, vaultToken),
        explainUnreachable: (failure) => failure.code === 'ENOTFOUND'
            ? `No vault answers at ${entry.vaultHost}: there is no vault named ${entry.vault} in ${index.cloudOf(entry.vaultHost).cloud} ` +
                `(check line ${entry.line} of 'key-vault-secrets'), or the vault is reached through a private endpoint whose private DNS ` +
                `zone (${index.cloudOf(entry.vaultHost).privateDnsZone}) is not linked to the network of this runner's DNS resolver.`
            : undefined
    };
}
const asFields = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
const field = (fields, name) => fields && Object.hasOwn(fields, name) ? fields[name] : undefined;
const kindOf = (value) => value === undefined
    ? 'missing'
    : value === null
        ? 'null'
        : Array.isArray(value)
            ? 'an array'
            : typeof value === 'object'
                ? 'an object'
                : `a ${typeof value}`;
function readSecret(body, entry, where, maskValue) {
    let json;
    try {
        json = JSON.parse(body);
    }
    catch {
        throw new index.ActionError(`${where} answered HTTP 200, but the body (${body.length} characters) is not JSON, so it holds no secret.`);
    }
    const fields = asFields(json);
    const value = field(fields, 'value');
    if (typeof value !== 'string') {
        throw new index.ActionError(`${where} answered HTTP 200, but its value is ${kindOf(value)}, not a string: that is not a Key Vault secret, and nothing was handed over.`);
    }
    maskValue(value);
    const version = idVersion(field(fields, 'id'), entry, where);
    const attributes = asFields(field(fields, 'attributes'));
    const contentType = field(fields, 'contentType');
    const enabled = field(attributes, 'enabled');
    const exp = field(attributes, 'exp');
    const nbf = field(attributes, 'nbf');
    return {
        entry,
        value,
        version,
        contentType: typeof contentType === 'string' && contentType !== '' ? index.inert(contentType, 100) : undefined,
        enabled: typeof enabled === 'boolean' ? enabled : undefined,
        expires: PLAUSIBLE_SECONDS(exp) ? new Date(exp * 1000) : undefined,
        notBefore: PLAUSIBLE_SECONDS(nbf) ? new Date(nbf * 1000) : undefined
    };
}
function idVersion(id, entry, where) {
    const parts = typeof id === 'string' ? /^https:\/\/([^/?#@:]+)\/secrets\/([^/?#]+)(?:\/([^/?#]+))?\/?$/i.exec(id) : null;
    const matches = parts !== null &&
        parts[1].toLowerCase() === entry.vaultHost &&
        parts[2].toLowerCase() === entry.secret.toLowerCase() &&
        (entry.version === undefined || parts[3]?.toLowerCase() === entry.version);
    if (!matches) {
        const said = typeof id === 'string' ? `names ${index.inert(id, 200)}` : `has no id (${kindOf(id)})`;
        throw new index.ActionError(`${where} answered HTTP 200 with a secret that ${said}, not https://${entry.vaultHost}/secrets/${secretLabel(entry).slice(entry.vault.length + 1)}: ` +
            'an answer for another secret is refused, and nothing was handed over. Something other than the vault may be answering (a proxy or a redirecting DNS name).');
    }
    const version = parts[3] ?? '';
    return VERSION.test(version) ? version.toLowerCase() : '';
}

const DAY_MS = 86_400_000;
const EXPIRY_WARNING_DAYS = 7;
function secretWarnings({ entry, value, expires, notBefore, enabled }, now) {
    const which = `The secret ${entry.name} (${secretLabel(entry)})`;
    const warnings = [];
    if (expires && expires.getTime() <= now) {
        warnings.push(`${which} expired at ${index.isoSeconds(expires)}. Key Vault still returns it, but whoever set the expiry meant it to be replaced: ` +
            'set a new version, or a later expiry date.');
    }
    else if (expires && expires.getTime() - now <= EXPIRY_WARNING_DAYS * DAY_MS) {
        const days = Math.max(1, Math.ceil((expires.getTime() - now) / DAY_MS));
        warnings.push(`${which} expires at ${index.isoSeconds(expires)}, within ${days} day(s): set a new version, or a later expiry date, before then.`);
    }
    if (notBefore && notBefore.getTime() > now) {
        warnings.push(`${which} is not valid before ${index.isoSeconds(notBefore)} (its activation date). Key Vault returns it anyway; what it unlocks may not accept it yet.`);
    }
    if (enabled === false)
        warnings.push(`${which} came back although the vault says it is disabled; check its state in the vault.`);
    const short = value.split(/\r?\n/).filter((line) => {
        const length = line.trim().length;
        return length > 0 && length < index.VALUE_LINE_MIN_CHARS;
    }).length;
    if (short > 0) {
        warnings.push(value.includes('\n')
            ? `${which} has ${short === 1 ? 'a line' : `${short} lines`} shorter than ${index.VALUE_LINE_MIN_CHARS} characters (such as the ` +
                "braces of pretty-printed JSON). The runner masks every line of a secret, so those short strings will be hidden everywhere in this job's " +
                'log, wherever they appear. Store the value compact instead: JSON on one line (jq -c), or the whole value in base64.'
            : `${which} is shorter than ${index.VALUE_LINE_MIN_CHARS} characters. The runner masks it, so that string will be hidden everywhere in ` +
                "this job's log, wherever it appears. A longer value avoids that.");
    }
    return warnings;
}

const MAX_IN_FLIGHT = 8;
async function readKeyVaultSecrets(inputs, token, ctx) {
    const entries = inputs.keyVaultSecrets;
    const tokens = await vaultTokens(inputs, token, ctx);
    const outcomes = await settledInPool(entries, MAX_IN_FLIGHT, (entry) => index.callWithRetries(secretCall(entry, tokens.get(entry.audience), ctx.maskValue), {
        ...ctx,
        log: { ...ctx.log, info: (message) => ctx.log.info(`${secretLabel(entry)}: ${message}`) }
    }));
    const failed = outcomes.flatMap((outcome, index) => outcome.status === 'rejected' ? [{ entry: entries[index], error: outcome.reason }] : []);
    const bug = failed.find(({ error }) => !(error instanceof index.ActionError));
    if (bug)
        throw bug.error;
    if (failed.length > 0) {
        throw new index.ActionError(`Could not read ${failed.length} of the ${entries.length} secrets of 'key-vault-secrets', so none was handed over:\n` +
            failed
                .map(({ entry, error }) => `- ${entry.name} (${secretLabel(entry)}, line ${entry.line}): ${index.errorMessage(error).replace(/\s*\n\s*/g, ' ')}`)
                .join('\n'));
    }
    const read = outcomes.map((outcome) => outcome.value);
    for (const secret of read)
        for (const warning of secretWarnings(secret, ctx.clock.now()))
            ctx.log.warning(warning);
    const outputs = read.map(({ entry, value }) => ({ name: entry.name, value }));
    return {
        outputs,
        exports: inputs.exportSecrets ? outputs : [],
        summary: read.map(({ entry, version, expires }) => ({
            name: entry.name,
            secret: `${entry.vault}/${entry.secret}`,
            version: index.inert(version.slice(0, 8), 8),
            expires: expires ? index.isoSeconds(expires) : undefined
        })),
        read
    };
}
const unknownResourceHint = "the vaults on 'key-vault-secrets' need it, and a managed identity gets tokens only for the Key Vault of its own cloud " +
    '(https://vault.azure.net in Azure, https://vault.usgovcloudapi.net in Azure Government, https://vault.azure.cn in Azure ' +
    'China): read a vault of another cloud with an identity of that cloud.';
const isFor = (token, audience) => (token.audience || token.resource).toLowerCase() === audience;
async function vaultTokens(inputs, token, ctx) {
    const tokens = new Map();
    for (const audience of new Set(inputs.keyVaultSecrets.map((entry) => entry.audience))) {
        if (isFor(token, audience)) {
            tokens.set(audience, token);
            continue;
        }
        ctx.log.info(`Getting a separate token for ${audience} to read the key vault secrets with (it is not handed over).`);
        try {
            tokens.set(audience, await index.getToken({ ...inputs, source: token.source, resource: audience, unknownResourceHint }, ctx));
        }
        catch (error) {
            if (!(error instanceof index.ActionError))
                throw error;
            throw new index.ActionError(`Could not read the secrets of 'key-vault-secrets': they need a token for ${audience}, and the identity did not get one. ${error.message}`);
        }
    }
    return tokens;
}
async function settledInPool(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            try {
                results[index] = { status: 'fulfilled', value: await work(items[index]) };
            }
            catch (reason) {
                results[index] = { status: 'rejected', reason };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

const feature = {
    name: 'Key Vault secrets',
    async run(inputs, token, ctx) {
        const { outputs, exports, read, summary } = await readKeyVaultSecrets(inputs, token, ctx);
        const count = outputs.length;
        return {
            outputs: outputs.map(({ name, value }) => [name, value]),
            exports: exports.map(({ name, value }) => [name, value]),
            log: [
                ...read.map(({ entry, version, contentType }) => {
                    const details = [version && `version ${version.slice(0, 8)}`, contentType && `content type ${contentType}`].filter(Boolean);
                    return `Read the secret ${secretLabel(entry)}${details.length > 0 ? ` (${details.join(', ')})` : ''} as ${entry.name}.`;
                }),
                `  handed over as ${count === 1 ? 'the step output' : `${count} step outputs`}${inputs.exportSecrets ? ' and environment variables' : ''} ` +
                    'named as above (masked in logs).'
            ],
            summary: {
                rows: summary.map(({ name, secret, version, expires }) => [
                    name,
                    [secret, version && `version ${version}`, expires && `expires ${expires}`].filter(Boolean).join(', ')
                ])
            }
        };
    }
};

exports.feature = feature;
//# sourceMappingURL=feature-keyvault.js.map
