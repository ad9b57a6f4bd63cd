'use strict';

var path = require('node:path');
var index = require('./action.js');

const ARC_DEFAULT_ENDPOINT = 'http://127.0.0.1:40342/metadata/identity/oauth2/token';
const API_VERSION = '2020-06-01';
const MAX_KEY_BYTES = 4096;
const NAME = 'the Azure Arc agent';
function arcTokensFolder(platform, env) {
    return platform === 'win32'
        ? path.win32.join(env['ProgramData'] ?? 'C:\\ProgramData', 'AzureConnectedMachineAgent', 'Tokens')
        : '/var/opt/azcmagent/tokens';
}
async function arcToken(inputs, ctx, tokensFolder = arcTokensFolder(ctx.platform, ctx.env)) {
    if (inputs.identity)
        throw new index.ActionError(index.selectorProblem('arc', inputs.identity));
    const base = arcEndpoint(inputs, ctx.env);
    const url = index.urlFrom(base, '', { 'api-version': API_VERSION, resource: inputs.resource });
    const keyFile = await index.callWithRetries({
        name: NAME,
        purpose: 'getting a token',
        request: 'token request',
        url,
        headers: { Metadata: 'true' },
        isTransient: index.isTransientForImds,
        expect: 401,
        parse: (response, { where }) => {
            const realm = /^Basic realm=(.+)$/i.exec(String(response.headers['www-authenticate'] ?? '').trim())?.[1];
            if (!realm)
                throw new index.ActionError(`${where} answered 401 without the agent's "Basic realm=<key file>" challenge, so it is not an Azure Arc agent.`);
            return realm;
        }
    }, ctx);
    const key = readKey(keyFile, tokensFolder, ctx.platform);
    ctx.maskSecret(key);
    return index.requestToken({
        source: 'arc',
        name: NAME,
        url,
        headers: { Metadata: 'true', Authorization: `Basic ${key}` },
        credential: { name: "the Azure Arc agent's key", origin: base.origin },
        resource: inputs.resource
    }, ctx);
}
function arcEndpoint(inputs, env) {
    const example = 'http://127.0.0.1:40342/metadata/identity/oauth2/token';
    if (env['IMDS_ENDPOINT'])
        index.parseEndpointUrl(env['IMDS_ENDPOINT'], { holder: 'The environment variable IMDS_ENDPOINT', example: 'http://localhost:40342' });
    if (inputs.endpoint)
        return index.parseEndpointUrl(inputs.endpoint, { holder: "Input 'endpoint'", example });
    if (env['IDENTITY_ENDPOINT'])
        return index.parseEndpointUrl(env['IDENTITY_ENDPOINT'], { holder: 'The environment variable IDENTITY_ENDPOINT', example });
    return new URL(ARC_DEFAULT_ENDPOINT);
}
function readKey(file, folder, platform) {
    const paths = platform === 'win32' ? path.win32 : path.posix;
    const same = (a, b) => (platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b);
    const refuse = (why) => new index.ActionError(`${index.capitalized(NAME)} asked for the key file ${index.inert(file)}, which ${why}: refused as a possible attack (whatever answers on the agent's ` +
        `port could name any file, to have its content sent as a credential). The agent keeps its keys as .key files in ${folder}.`);
    if (!same(paths.dirname(paths.normalize(file)), folder) || paths.normalize(file) !== file)
        throw refuse(`is not directly inside ${folder}`);
    if (paths.extname(file).toLowerCase() !== '.key')
        throw refuse('is not a .key file');
    let key;
    try {
        key = index.readFileOnce(file, { maxBytes: MAX_KEY_BYTES, followLinks: false }).replace(/\r?\n$/, '');
    }
    catch (error) {
        if (error instanceof index.UnsafeFile)
            throw refuse(error.message);
        throw unreadable(file, error, platform);
    }
    if (!/^[\x21-\x7e]{8,}$/.test(key))
        throw refuse('does not hold a key (at least 8 printable characters, no spaces or line breaks)');
    return key;
}
function unreadable(file, error, platform) {
    const code = error.code ?? String(error);
    const fix = platform === 'win32'
        ? "run the runner service as a member of the local 'Hybrid agent extension applications' group (or Administrators)"
        : 'add the account the runner runs as to the himds group (sudo usermod -aG himds <runner-user>) and restart the runner service';
    return new index.ActionError(`${index.capitalized(NAME)} asked for its key file ${index.inert(file)}, which the runner cannot read (${index.inert(code)}): ${fix}.`);
}

exports.arcToken = arcToken;
exports.arcTokensFolder = arcTokensFolder;
exports.readKey = readKey;
//# sourceMappingURL=source-arc.js.map
