'use strict';

var node_fs = require('node:fs');
var http = require('node:http');
var require$$0 = require('node:net');
var path = require('node:path');

(undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}

class ActionError extends Error {
    name = 'ActionError';
}
const capitalized = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const sentence = (text) => (/[.!?]$/.test(text) ? text : `${text}.`);
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}

const FEATURES = [
    { wanted: (inputs) => inputs.containerRegistry !== undefined, load: () => Promise.resolve().then(function () { return require('./feature-registry.js'); }) },
    { wanted: (inputs) => inputs.verify, load: () => Promise.resolve().then(function () { return require('./feature-verify.js'); }) },
    { wanted: (inputs) => inputs.keyVaultSecrets.length > 0, load: () => Promise.resolve().then(function () { return require('./feature-keyvault.js'); }) }
];

const EOL = process.platform === 'win32' ? '\r\n' : '\n';
const escapeData = (text) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const commandValue = (value) => value === null || value === undefined ? '' : typeof value === 'string' || value instanceof String ? String(value) : JSON.stringify(value);
const annotation = (message) => (message instanceof Error ? message.toString() : message);
const pause = () => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
function writeLine(line, fd = 1, write = node_fs.writeSync) {
    const bytes = Buffer.from(`${line}${EOL}`, 'utf8');
    for (let done = 0; done < bytes.length;) {
        try {
            const written = write(fd, bytes, done);
            if (written <= 0)
                pause();
            done += Math.max(0, written);
        }
        catch (error) {
            if (error.code !== 'EAGAIN')
                throw error;
            pause();
        }
    }
}
const command = (name, value) => writeLine(`::${name}::${escapeData(commandValue(value))}`);
const info = (message) => writeLine(message);
const debug = (message) => command('debug', message);
const warning = (message) => command('warning', annotation(message));
const setSecret = (secret) => command('add-mask', secret);
function setFailed(message) {
    process.exitCode = 1;
    command('error', annotation(message));
}

const POOL_UUIDS = 16;
let pool;
let used = POOL_UUIDS;
function fromRandomDevice(bytes, device = '/dev/urandom') {
    let fd;
    try {
        fd = node_fs.openSync(device, 'r');
        if (!node_fs.fstatSync(fd).isCharacterDevice())
            return false;
        for (let filled = 0; filled < bytes.length;) {
            const read = node_fs.readSync(fd, bytes, filled, bytes.length - filled, null);
            if (read <= 0)
                return false;
            filled += read;
        }
        return true;
    }
    catch {
        return false;
    }
    finally {
        if (fd !== undefined)
            node_fs.closeSync(fd);
    }
}
function randomUuid() {
    if (!pool || used === POOL_UUIDS) {
        pool = new Uint8Array(16 * POOL_UUIDS);
        if (!fromRandomDevice(pool))
            process.getBuiltinModule('node:crypto').randomFillSync(pool);
        used = 0;
    }
    const bytes = pool.subarray(16 * used, 16 * ++used);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Buffer.from(bytes).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
function keyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${randomUuid()}`;
    const converted = commandValue(value);
    if (key.includes(delimiter))
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    if (converted.includes(delimiter))
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    return `${key}<<${delimiter}${EOL}${converted}${EOL}${delimiter}`;
}
const APPEND$1 = node_fs.constants.O_WRONLY | node_fs.constants.O_CREAT | node_fs.constants.O_APPEND | (node_fs.constants.O_NONBLOCK ?? 0);
function issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath)
        throw new Error(`Unable to find environment variable for file command ${command}`);
    if (!node_fs.existsSync(filePath))
        throw new Error(`Missing file at path: ${filePath}`);
    const kind = node_fs.statSync(filePath);
    if (!kind.isFile() && !kind.isCharacterDevice()) {
        throw new Error(`The file command file GITHUB_${command} (${filePath}) is not a regular file, so nothing was written to it.`);
    }
    const fd = node_fs.openSync(filePath, APPEND$1);
    try {
        node_fs.writeFileSync(fd, `${message}${EOL}`, { encoding: 'utf8' });
    }
    finally {
        node_fs.closeSync(fd);
    }
}
function issueCommand(command, name, message) {
    const property = name ? ` name=${escapeData(name).replace(/:/g, '%3A').replace(/,/g, '%2C')}` : '';
    writeLine(`::${command}${property}::${escapeData(message)}`);
}
function setOutput(name, value) {
    if (process.env['GITHUB_OUTPUT'])
        return issueFileCommand('OUTPUT', keyValueMessage(name, value));
    writeLine('');
    issueCommand('set-output', name, commandValue(value));
}
function exportVariable(name, value) {
    const converted = commandValue(value);
    process.env[name] = converted;
    if (process.env['GITHUB_ENV'])
        return issueFileCommand('ENV', keyValueMessage(name, value));
    issueCommand('set-env', name, converted);
}

const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const APPEND = node_fs.constants.O_WRONLY | node_fs.constants.O_CREAT | node_fs.constants.O_APPEND | (node_fs.constants.O_NONBLOCK ?? 0);
class JobSummary {
    #buffer = '';
    addRaw(text) {
        this.#buffer += text;
        return this;
    }
    async write() {
        const file = process.env[SUMMARY_ENV_VAR];
        if (!file) {
            throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
        }
        try {
            node_fs.accessSync(file, node_fs.constants.R_OK | node_fs.constants.W_OK);
        }
        catch {
            throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`);
        }
        const fd = node_fs.openSync(file, APPEND);
        try {
            node_fs.writeFileSync(fd, this.#buffer, { encoding: 'utf8' });
        }
        finally {
            node_fs.closeSync(fd);
        }
        this.#buffer = '';
        return this;
    }
}
const summary = new JobSummary();

const SYSTEM_FILESYSTEMS = new Set([0x9fa0, 0x62656572]);
class UnsafeFile extends Error {
    name = 'UnsafeFile';
}
function readFileOnce(file, { maxBytes, followLinks }) {
    const noFollow = !followLinks && node_fs.constants.O_NOFOLLOW !== undefined ? node_fs.constants.O_NOFOLLOW : 0;
    const byName = !followLinks && noFollow === 0 ? node_fs.lstatSync(file) : undefined;
    if (byName?.isSymbolicLink())
        throw new UnsafeFile('is a symbolic link, which could point anywhere');
    let fd;
    try {
        fd = node_fs.openSync(file, node_fs.constants.O_RDONLY | (node_fs.constants.O_NONBLOCK ?? 0) | noFollow);
    }
    catch (error) {
        if (error.code === 'ELOOP')
            throw new UnsafeFile('is a symbolic link, which could point anywhere');
        throw error;
    }
    try {
        const stat = node_fs.fstatSync(fd);
        if (!stat.isFile())
            throw new UnsafeFile('is not a regular file');
        if (process.platform === 'linux' && SYSTEM_FILESYSTEMS.has(node_fs.statfsSync(file).type)) {
            throw new UnsafeFile('is a file of the system (in /proc or /sys)');
        }
        if (byName && (byName.ino !== stat.ino || byName.dev !== stat.dev))
            throw new UnsafeFile('changed while it was being opened');
        if (!followLinks && stat.nlink !== 1)
            throw new UnsafeFile(`has ${stat.nlink} hard links, so it may be another file's content`);
        if (stat.size > maxBytes)
            throw new UnsafeFile(`is ${stat.size} bytes, more than the ${maxBytes} such a file ever holds`);
        const buffer = Buffer.alloc(stat.size + 1);
        let length = 0;
        for (let read = -1; read !== 0 && length < buffer.length; length += read)
            read = node_fs.readSync(fd, buffer, length, buffer.length - length, null);
        if (length > stat.size) {
            throw new UnsafeFile(stat.size === 0 ? 'is a file of the system (it reports no size but has content)' : 'grew while it was read');
        }
        return buffer.toString('utf8', 0, length);
    }
    finally {
        node_fs.closeSync(fd);
    }
}

const RUNS_THE_PULL_REQUEST = ['pull_request', 'pull_request_review', 'pull_request_review_comment'];
const FULL_NAME = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
const MAX_EVENT_BYTES = 25 * 1024 * 1024;
function forkPullRequest(env, readEvent = readEventFile) {
    const name = env['GITHUB_EVENT_NAME'] ?? '';
    const event = RUNS_THE_PULL_REQUEST.includes(name)
        ? 'pull_request'
        : name === 'pull_request_target'
            ? 'pull_request_target'
            : undefined;
    const path = env['GITHUB_EVENT_PATH'];
    if (event === undefined || !path)
        return undefined;
    const text = readEvent(path);
    if (text === undefined)
        return undefined;
    let payload;
    try {
        payload = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    const pullRequest = field(payload, 'pull_request');
    const base = field(field(pullRequest, 'base'), 'repo');
    if (base === undefined)
        return undefined;
    const head = field(field(pullRequest, 'head'), 'repo');
    const headName = stringField(head, 'full_name');
    if (head !== undefined && !differ(head, base))
        return undefined;
    return { event, head: headName !== undefined && FULL_NAME.test(headName) ? headName : undefined };
}
function forkWarning({ event, head }, readme) {
    const fork = head ? `the fork ${head}` : 'a fork';
    const recipe = `Run pull requests from forks on runners without the identity, or only after approval: ${readme}#pull-requests-from-forks`;
    return event === 'pull_request'
        ? `This job runs the code of a pull request from ${fork} on a runner whose managed identity that code can use. ${recipe}`
        : `This job was started by a pull request from ${fork} (pull_request_target) on a runner with a managed identity: any step ` +
            `that checks out or builds the pull request's code lets that code use the identity. ${recipe}`;
}
function readmeUrl(env) {
    const server = env['GITHUB_SERVER_URL'] ?? '';
    const repository = env['GITHUB_ACTION_REPOSITORY'] ?? '';
    if (/^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(server) && FULL_NAME.test(repository))
        return `${server}/${repository}`;
    return 'https://github.com/org/msi-token';
}
function differ(head, base) {
    const [headId, baseId] = [head['id'], base['id']];
    if (typeof headId === 'number' && typeof baseId === 'number')
        return headId !== baseId;
    const [headName, baseName] = [stringField(head, 'full_name'), stringField(base, 'full_name')];
    if (headName !== undefined && baseName !== undefined)
        return headName.toLowerCase() !== baseName.toLowerCase();
    return false;
}
function field(value, name) {
    if (typeof value !== 'object' || value === null)
        return undefined;
    const inner = Object.hasOwn(value, name) ? value[name] : undefined;
    return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner : undefined;
}
function stringField(value, name) {
    const inner = value && Object.hasOwn(value, name) ? value[name] : undefined;
    return typeof inner === 'string' ? inner : undefined;
}
function readEventFile(path) {
    try {
        return readFileOnce(path, { maxBytes: MAX_EVENT_BYTES, followLinks: true });
    }
    catch {
        return undefined;
    }
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const TOKEN_CHAR = /[A-Za-z0-9._~+/=-]/;
const LONG_RUN = 24;
const HIDDEN = '[hidden]';
const SECRET_SHAPES = [
    [/eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){0,2}/g, HIDDEN],
    [/\b([Bb][Ee][Aa][Rr][Ee][Rr]|[Bb][Aa][Ss][Ii][Cc])(\s+)(?![a-z]{1,7}(?![A-Za-z0-9._~+/=-]))[A-Za-z0-9._~+/=-]+/g, `$1$2${HIDDEN}`],
    [
        /((?:access|refresh|id)_token|client_assertion|client_secret|assertion|password|secret|authorization|x-identity-header)(["']?\s*[:=]\s*["']?)[^"'&,;\s}\]]+/gi,
        `$1$2${HIDDEN}`
    ]
];
const KEY_MATERIAL = /[A-Za-z0-9_+-]{32,}/g;
const looksLikeKey = (run) => /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);
function hideSecretShapes(text) {
    const shaped = SECRET_SHAPES.reduce((shown, [shape, replacement]) => shown.replace(shape, replacement), text);
    return shaped.replace(KEY_MATERIAL, (run) => (looksLikeKey(run) ? HIDDEN : run));
}
function escapeControls(text) {
    return text
        .replace(CONTROL, (c) => {
        if (c === '\n')
            return '\\n';
        if (c === '\r')
            return '\\r';
        if (c === '\t')
            return '\\t';
        const code = c.charCodeAt(0);
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    })
        .replace(/##\[/g, '##\\[');
}
function bounded(text, maxChars) {
    if (text.length <= maxChars)
        return text;
    let end = maxChars - 3;
    let start = end;
    while (start > 0 && TOKEN_CHAR.test(text[start - 1]))
        start--;
    let after = end;
    while (after < text.length && TOKEN_CHAR.test(text[after]))
        after++;
    if (after > end && after - start >= LONG_RUN)
        end = start;
    return end === 0 ? `(${text.length} characters, not shown)` : `${text.slice(0, end)}...`;
}
function inert(value, maxChars = 200) {
    const text = typeof value === 'string' ? value : value === undefined ? '' : (JSON.stringify(value) ?? String(value));
    return bounded(escapeControls(hideSecretShapes(text)), maxChars);
}
function loggable(message) {
    return message
        .split(/\r?\n/)
        .map((line) => escapeControls(line).replace(/^(\s*):(?=:)/, '$1: '))
        .join('\n');
}

function isLocalHost(hostname) {
    const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    if (host === 'localhost' || host === '::1' || host === '169.254.169.254')
        return true;
    return require$$0.isIP(host) === 4 && host.startsWith('127.');
}
const LOCAL_HOSTS = 'localhost, 127.0.0.0/8, [::1] or 169.254.169.254';
function parseEndpointUrl(raw, rules) {
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    const problem = !url
        ? 'is not a URL'
        : !['http:', 'https:'].includes(url.protocol)
            ? 'does not start with http:// or https://'
            : url.protocol === 'http:' && (rules.httpsOnly || !isLocalHost(url.hostname))
                ? rules.httpsOnly
                    ? 'is not https://'
                    : `is plain http:// to ${url.hostname}, which is not this machine (${LOCAL_HOSTS})`
                : url.username || url.password
                    ? 'holds credentials'
                    : url.search || url.hash || (rules.originOnly && url.pathname !== '/')
                        ? rules.originOnly
                            ? 'has a path, query or fragment'
                            : 'has a query or fragment'
                        : undefined;
    if (problem === undefined)
        return url;
    const shown = withoutCredentials(raw);
    const form = rules.httpsOnly ? 'an https:// URL' : `an https:// URL, or http:// to this machine (${LOCAL_HOSTS})`;
    throw new ActionError(`${rules.holder} must be ${form} such as ${rules.example}, without credentials, ${rules.originOnly ? 'path, ' : ''}query or fragment; ` +
        `it holds '${inert(shown, 120)}', which ${problem}.`);
}
const withoutCredentials = (raw) => raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[\s\S]*@/i, '$1***@');
function urlFrom(base, path, query = {}) {
    const url = new URL(base);
    if (path !== '')
        url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
    for (const [name, value] of Object.entries(query))
        if (value !== undefined)
            url.searchParams.set(name, value);
    return url;
}
const displayUrl = (url) => `${url.origin}${url.pathname}`;
function assertCredentialOrigin(url, intendedOrigin, credential) {
    const intended = new URL(intendedOrigin);
    if (url.origin === intended.origin && (url.protocol === 'https:' || isLocalHost(url.hostname)))
        return;
    throw new ActionError(`The action refused to send ${credential} to ${inert(url.origin, 120)}: it goes only to ${intended.origin}. The address was ` +
        'built from an answer or a setting that does not match the endpoint it came from; check the endpoint and the ' +
        'environment variables that name it.');
}

function tunnelAgent(https, proxy, own) {
    const agent = new https.Agent({ keepAlive: false, proxyEnv: {} });
    const credentials = proxy.username
        ? {
            'Proxy-Authorization': `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`
        }
        : {};
    agent.createConnection = (options, done) => {
        const target = `${String(options['host'])}:${String(options['port'])}`;
        const connect = (proxy.protocol === 'https:' ? https : http).request({
            host: proxy.hostname,
            port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
            method: 'CONNECT',
            path: target,
            headers: { Host: target, ...credentials },
            agent: false
        });
        own(connect);
        connect.once('connect', (response, socket) => {
            own(socket);
            if (response.statusCode !== 200) {
                socket.destroy();
                const permanent = response.statusCode === 407 || response.statusCode === 403;
                done(Object.assign(new Error(`the proxy ${proxy.origin} refused to open a tunnel to ${target} (HTTP ${response.statusCode})`), {
                    code: permanent ? 'EPROXYREFUSED' : 'EPROXY',
                    statusCode: response.statusCode
                }));
                return;
            }
            const tls = process.getBuiltinModule('node:tls');
            const secure = tls.connect({ ...options, socket, servername: String(options['servername'] ?? options['host']) });
            own(secure);
            done(null, secure);
        });
        connect.once('error', (error) => done(Object.assign(error, { message: `the proxy ${proxy.origin}: ${error.message}` })));
        connect.end();
        return undefined;
    };
    return agent;
}

class HttpFailure extends Error {
    kind;
    code;
    answer;
    name = 'HttpFailure';
    constructor(kind, message, code, answer) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.answer = answer;
    }
}
const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
const seconds = (ms) => `${Math.round(ms / 100) / 10} s`;
let httpsModule;
const loadHttps = () => (httpsModule ??= process.getBuiltinModule('node:https'));
const DIRECT = { keepAlive: false, proxyEnv: {} };
const directHttpAgent = new http.Agent(DIRECT);
let directHttpsAgent;
function transportFor(url, proxy, own) {
    if (url.protocol !== 'https:') {
        if (proxy || !isLocalHost(url.hostname))
            throw new Error(`Plain http:// requests go only to this machine, directly, not to ${url.origin}.`);
        return { request: http.request, agent: directHttpAgent };
    }
    const https = loadHttps();
    if (proxy)
        return { request: https.request, agent: tunnelAgent(https, proxy, own) };
    return { request: https.request, agent: (directHttpsAgent ??= new https.Agent({ ...DIRECT, keepAlive: true })) };
}
function loadHttpsAhead() {
    loadHttps();
}
const send = async (request) => {
    const owned = new Set();
    try {
        return await attempt(request, transportFor(request.url, request.proxy, (item) => owned.add(item)));
    }
    finally {
        for (const item of owned)
            item.destroy();
    }
};
const attempt = (request, transport) => new Promise((resolve, reject) => {
    const maxBodyBytes = request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    let connected = false;
    let settled = false;
    const outgoing = transport.request(request.url, {
        method: request.method ?? 'GET',
        headers: request.body === undefined ? request.headers : { ...request.headers, 'Content-Length': Buffer.byteLength(request.body) },
        agent: transport.agent
    });
    const finish = (outcome) => {
        if (settled)
            return;
        settled = true;
        clearTimeout(attemptTimer);
        clearTimeout(connectTimer);
        outcome();
    };
    const fail = (kind, message, code, answer) => finish(() => {
        outgoing.destroy();
        reject(new HttpFailure(kind, message, code, answer));
    });
    const attemptTimer = setTimeout(() => fail(connected ? 'timeout' : 'connect', connected ? `no complete answer within ${seconds(request.timeoutMs)}` : `could not connect within ${seconds(request.timeoutMs)}`), request.timeoutMs);
    const connectTimer = setTimeout(() => connected || fail('connect', `could not connect within ${seconds(request.connectTimeoutMs ?? request.timeoutMs)}`), request.connectTimeoutMs ?? request.timeoutMs);
    outgoing.on('socket', (socket) => {
        if (!socket.connecting) {
            if (socket.remoteAddress !== undefined)
                connected = true;
            return;
        }
        const connect = () => void (connected = true);
        socket.once('connect', connect);
        socket.once('secureConnect', connect);
    });
    outgoing.on('error', (error) => {
        if (error.code === 'EPROXY')
            return fail('connect', error.message);
        if (error.code === 'EPROXYREFUSED')
            return fail('proxy', error.message, String(error.statusCode));
        const reason = error.code ? `${error.code}` : error.message;
        if (/CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS_|ERR_SSL_/.test(reason)) {
            return fail('tls', `the server's TLS certificate was not accepted (${reason}: ${error.message})`);
        }
        if (!connected)
            fail('connect', describeConnectError(reason), error.code);
        else
            fail('reset', `connection broke before the answer was complete (${reason})`);
    });
    outgoing.on('response', (response) => {
        connected = true;
        const chunks = [];
        let size = 0;
        response.on('data', (chunk) => {
            size += chunk.length;
            if (size > maxBodyBytes) {
                fail('too-large', `an answer body larger than ${maxBodyBytes / 1024} KiB`, undefined, {
                    status: response.statusCode ?? 0,
                    headers: response.headers
                });
            }
            else
                chunks.push(chunk);
        });
        response.on('aborted', () => fail('reset', 'connection broke while reading the answer'));
        response.on('error', (error) => fail('reset', `connection broke while reading the answer (${error.code ?? error.message})`));
        response.on('end', () => finish(() => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') })));
    });
    outgoing.end(request.body);
});
function describeConnectError(code) {
    switch (code) {
        case 'ECONNREFUSED':
            return 'connection refused';
        case 'EHOSTUNREACH':
        case 'ENETUNREACH':
            return `no route to the host (${code})`;
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return `host name not found (${code})`;
        default:
            return `could not connect (${code})`;
    }
}

const isoSeconds = (moment) => `${new Date(moment).toISOString().slice(0, -5)}Z`;

const SELECTOR_INPUTS = ['client-id', 'object-id', 'identity-resource-id'];
const SOURCE_FACTS = {
    'workload-identity': {
        selectors: ['client-id'],
        otherwise: () => "Entra ID identifies the workload identity by its client ID. Use 'client-id' (or let AZURE_CLIENT_ID, which AKS sets from the service account, decide)."
    },
    'app-service': { selectors: SELECTOR_INPUTS, otherwise: () => '' },
    arc: {
        selectors: [],
        otherwise: (input) => `an Azure Arc-enabled server has only its own system-assigned identity. Remove '${input}'.`
    },
    imds: { selectors: SELECTOR_INPUTS, otherwise: () => '' },
    'vm-extension': {
        selectors: ['client-id', 'object-id'],
        otherwise: () => "the legacy VM extension only knows 'client-id' and 'object-id'. Use one of those, or source 'imds'."
    }
};
const SOURCE_NAMES = Object.keys(SOURCE_FACTS);
const SOURCE_CHOICES = ['auto', ...SOURCE_NAMES];
function selectorProblem(source, identity) {
    const facts = SOURCE_FACTS[source];
    if (facts.selectors.includes(identity.input))
        return undefined;
    return `Input '${identity.input}' cannot be used with source '${source}': ${facts.otherwise(identity.input)}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;
function unicodeAware(pattern) {
    const ascii = new RegExp(pattern('A-Za-z0-9'), 'i');
    let unicode;
    return {
        test: (value) => (/^[\x00-\x7f]*$/.test(value) ? ascii : (unicode ??= new RegExp(pattern('\\p{L}\\p{N}'), 'iu'))).test(value)
    };
}
const RESOURCE_GROUP = (letters) => `[${letters}_().-]{0,89}[${letters}_()-]`;
const SUBSCRIPTION = String.raw `/subscriptions/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`;
const ARM_RESOURCE_ID = unicodeAware((letters) => String.raw `^${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP(letters)}/providers/[A-Za-z0-9.]{1,80}(?:/[A-Za-z0-9_.()-]{1,120}/[A-Za-z0-9_.()-]{1,120}){1,4}$`);
const USER_ASSIGNED_IDENTITY_ID = unicodeAware((letters) => String.raw `^${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP(letters)}/providers/Microsoft\.ManagedIdentity/userAssignedIdentities/[A-Za-z0-9_-]{1,128}$`);
const VM_RESOURCE_ID = unicodeAware((letters) => String.raw `^${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP(letters)}/providers/Microsoft\.Compute/(?:virtualMachines/[A-Za-z0-9_.-]{1,80}|virtualMachineScaleSets/[A-Za-z0-9_.-]{1,80}/virtualMachines/\d{1,10})$`);
const RESOURCE_GROUP_NAME = unicodeAware((letters) => `^${RESOURCE_GROUP(letters)}$`);
const VM_NAME = /^[A-Za-z0-9_.-]{1,80}$/;
const LOCATION = /^[A-Za-z0-9]{1,40}$/;
const CLOUD_NAME = /^[A-Za-z]{1,40}$/;
const TOKEN_TYPE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const RESOURCE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z][a-z0-9+.-]{0,20}:\/\/[A-Za-z0-9.-]{1,253}(?::\d{1,5})?(?:\/[A-Za-z0-9._~%$&*+,;=:@/-]{0,1900})?)$/i;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const STEERING_VARIABLE = /^(PATH|PATHEXT|LD_\w*|DYLD_\w*|BASH_ENV|ENV|BASH_FUNC_\w*|SHELLOPTS|BASHOPTS|PS4|IFS|CDPATH|PROMPT_COMMAND|HOME|SHELL|TMPDIR|TEMP|TMP|NODE_\w*|PYTHON\w*|PERL5?OPT|PERL5?LIB|RUBYOPT|RUBYLIB|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|DOTNET_\w*|CORECLR_\w*|COMPLUS_\w*|GIT_\w*|SSH_\w*|\w*_PROXY|COMSPEC|PSMODULEPATH|SYSTEMROOT|GITHUB_\w*|RUNNER_\w*|ACTIONS_\w*|INPUT_\w*|STATE_\w*|CI)$/i;
const STEERING_VARIABLE_EXAMPLES = 'PATH, LD_*, BASH_ENV, ENV, NODE_OPTIONS, *_PROXY, GIT_*, GITHUB_*, RUNNER_* and the like';

const LOGIN_SERVER_SUFFIXES = ['azurecr.io', 'azurecr.us', 'azurecr.cn'];
const REGISTRY_LABEL = /^[a-z0-9](?:[a-z0-9-]{3,61})[a-z0-9]$/;
function loginServerOf(raw) {
    const text = raw.replace(/^https:\/\//i, '').replace(/\/$/, '');
    if (!/^[a-z0-9.-]+$/i.test(text))
        return undefined;
    const host = text.toLowerCase();
    const suffix = LOGIN_SERVER_SUFFIXES.find((domain) => host.endsWith(`.${domain}`));
    if (suffix === undefined)
        return undefined;
    return REGISTRY_LABEL.test(host.slice(0, -suffix.length - 1)) ? host : undefined;
}

const VAULT_CLOUDS = [
    { cloud: 'Azure', suffix: 'vault.azure.net', audience: 'https://vault.azure.net', privateDnsZone: 'privatelink.vaultcore.azure.net' },
    {
        cloud: 'Azure Government',
        suffix: 'vault.usgovcloudapi.net',
        audience: 'https://vault.usgovcloudapi.net',
        privateDnsZone: 'privatelink.vaultcore.usgovcloudapi.net'
    },
    { cloud: 'Azure China', suffix: 'vault.azure.cn', audience: 'https://vault.azure.cn', privateDnsZone: 'privatelink.vaultcore.azure.cn' }
];
const cloudOf = (vaultHost) => VAULT_CLOUDS.find(({ suffix }) => vaultHost.endsWith(`.${suffix}`));
const ACTION_OUTPUTS = [
    'access-token',
    'expires-on',
    'token-type',
    'resource',
    'client-id',
    'object-id',
    'tenant-id',
    'identity-resource-id',
    'source',
    'subscription-id',
    'resource-group',
    'vm-name',
    'vm-id',
    'vm-resource-id',
    'location',
    'azure-environment',
    'registry-username',
    'registry-password'
];
const MAX_KEY_VAULT_SECRETS = 100;
const INPUT = "Input 'key-vault-secrets'";
const VAULT_NAME = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{1,22}[A-Za-z0-9]$/;
const SECRET_NAME = /^[A-Za-z0-9-]{1,127}$/;
const VERSION = /^[0-9a-f]{32}$/i;
const LINE_FORM = '<vault>/<secret>[/<version>] or https://<vault>.vault.azure.net/secrets/<secret>[/<version>] ' +
    "(.vault.usgovcloudapi.net, .vault.azure.cn in the sovereign clouds), optionally followed by '> NAME'";
const VAULT_FORM = "3–24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, without '--'";
const SECRET_FORM = '1–127 letters, digits and hyphens';
const VERSION_FORM = '32 hexadecimal characters, as the secret identifier in the portal shows it (leave it out for the latest version)';
const NAME_FORM = 'letters, digits and _, not starting with a digit';
const URL_FORM = 'https://<vault-host>/secrets/<secret>[/<version>] without port, user name, query or fragment';
const HOSTS = VAULT_CLOUDS.map(({ suffix }) => `<vault>.${suffix}`).join(', ');
const quote$1 = (raw) => `'${inert(withoutCredentials(raw).replace(/\s+/g, ' '), 80)}'`;
const defaultName = (secret) => secret
    .toUpperCase()
    .replace(/-/g, '_')
    .replace(/^(?=\d)/, '_');
function parseKeyVaultSecrets(raw, { exportSecrets = false, exportVariable } = {}) {
    const problems = [];
    const parsed = [];
    const lines = raw.split(/\r?\n/);
    const entries = lines
        .map((text, index) => ({ text: text.trim(), line: index + 1 }))
        .filter(({ text }) => text !== '' && !text.startsWith('#'));
    if (entries.length > MAX_KEY_VAULT_SECRETS) {
        throw new ActionError(`${INPUT} has ${entries.length} entries; it takes at most ${MAX_KEY_VAULT_SECRETS}, one per line (${LINE_FORM}). ` +
            'Read the others in another step.');
    }
    for (const { text, line } of entries) {
        try {
            parsed.push(parseLine(text, line));
        }
        catch (error) {
            if (!(error instanceof ActionError))
                throw error;
            problems.push(error.message);
        }
    }
    problems.push(...nameProblems(parsed, exportSecrets, exportSecrets ? exportVariable : undefined));
    if (problems.length > 0)
        throw new ActionError(problems.join('\n'));
    return parsed.map(({ entry }) => entry);
}
function parseLine(text, line) {
    const at = `${INPUT} line ${line}`;
    const arrow = text.indexOf('>');
    const ref = (arrow < 0 ? text : text.slice(0, arrow)).trim();
    const given = arrow < 0 ? undefined : text.slice(arrow + 1).trim();
    const target = /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ? fromUrl(ref, at) : fromShortForm(ref, at);
    if (!SECRET_NAME.test(target.secret)) {
        throw new ActionError(`${at} names the secret ${quote$1(target.secret)}, which is not a secret name: ${SECRET_FORM}.`);
    }
    if (target.version !== undefined && !VERSION.test(target.version)) {
        throw new ActionError(`${at} names the version ${quote$1(target.version)}, which is not a secret version: ${VERSION_FORM}.`);
    }
    if (given !== undefined && !VARIABLE_NAME.test(given)) {
        throw new ActionError(`${at} gives the name ${quote$1(given)} after '>', which is not a name for a step output: ${NAME_FORM}.`);
    }
    const cloud = cloudOf(target.host);
    return {
        ref,
        entry: {
            line,
            vault: target.host.slice(0, -cloud.suffix.length - 1),
            vaultHost: target.host,
            secret: target.secret,
            version: target.version?.toLowerCase(),
            name: given ?? defaultName(target.secret),
            audience: cloud.audience
        }
    };
}
function fromShortForm(ref, at) {
    const parts = /^([^/\s]+)\/([^/\s]+)(?:\/([^/\s]+))?$/.exec(ref);
    if (!parts)
        throw new ActionError(`${at} must be ${LINE_FORM}; got ${quote$1(ref)}.`);
    const [, vault, secret, version] = parts;
    if (vault.includes('.')) {
        throw new ActionError(`${at} names the vault ${quote$1(vault)}, which is an address without https://: give the vault's name alone ` +
            `(<vault>/<secret>), or the whole secret identifier, https://<vault-host>/secrets/<secret>[/<version>].`);
    }
    if (!VAULT_NAME.test(vault))
        throw new ActionError(`${at} names the vault ${quote$1(vault)}, which is not a vault name: ${VAULT_FORM}.`);
    return { host: `${vault.toLowerCase()}.${VAULT_CLOUDS[0].suffix}`, secret, version };
}
function fromUrl(ref, at) {
    const parts = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(ref);
    if (!parts)
        throw new ActionError(`${at} must be ${LINE_FORM}; got ${quote$1(ref)}.`);
    const [, scheme, authority, path, query, fragment] = parts;
    const problem = scheme.toLowerCase() !== 'https'
        ? `is a ${scheme.toLowerCase()}:// address; the token goes to Key Vault over https:// only`
        : authority.includes('@')
            ? 'holds a user name or password'
            : authority.includes(':')
                ? 'names a port'
                : query !== undefined
                    ? 'has a query'
                    : fragment !== undefined
                        ? 'has a fragment'
                        : undefined;
    if (problem)
        throw new ActionError(`${at} ${problem}: the address must be ${URL_FORM}; got ${quote$1(ref)}.`);
    const host = /^[A-Za-z0-9.-]+$/.test(authority) ? authority.toLowerCase() : '';
    const cloud = VAULT_CLOUDS.find(({ suffix }) => host.endsWith(`.${suffix}`));
    const vault = cloud ? host.slice(0, -cloud.suffix.length - 1) : '';
    if (!cloud || !VAULT_NAME.test(vault)) {
        throw new ActionError(`${at} names the host ${quote$1(authority)}, which is not a key vault: the host must be ${HOSTS}, where <vault> is ` +
            `${VAULT_FORM}. A vault behind a private endpoint keeps this name (its private DNS zone resolves it).`);
    }
    const secretPath = /^\/secrets\/([^/]+)(?:\/([^/]+))?\/?$/i.exec(path);
    if (!secretPath) {
        throw new ActionError(`${at} has the path ${quote$1(path || '/')}, which is not a secret's: the address must be ${URL_FORM}.`);
    }
    return { host, secret: secretPath[1], version: secretPath[2] };
}
function nameProblems(parsed, exportSecrets, tokenVariable) {
    const problems = [];
    const taken = new Set(parsed.map(({ entry }) => entry.name.toUpperCase()));
    if (tokenVariable)
        taken.add(tokenVariable.toUpperCase());
    const firstWith = new Map();
    for (const item of parsed) {
        const { entry, ref } = item;
        const at = `${INPUT} line ${entry.line}`;
        const key = entry.name.toUpperCase();
        const suggestion = `'${inert(ref, 80)} > ${suggestName(entry, taken)}'`;
        const output = ACTION_OUTPUTS.find((name) => name.toUpperCase() === key);
        const earlier = firstWith.get(key);
        if (earlier) {
            problems.push(`${INPUT} lines ${earlier.entry.line} (${quote$1(earlier.ref)}) and ${entry.line} (${quote$1(ref)}) both hand over a secret as ` +
                `${entry.name} (names are compared ignoring case): give one another name with '> OTHER_NAME', such as ${suggestion}.`);
        }
        else if (output) {
            problems.push(`${at} hands over ${quote$1(ref)} as ${entry.name}, which is the action's own output '${output}' (names are compared ignoring ` +
                `case): give it another name with '> OTHER_NAME', such as ${suggestion}.`);
        }
        else if (tokenVariable && key === tokenVariable.toUpperCase()) {
            problems.push(`${at} hands over ${quote$1(ref)} as ${entry.name}, and export-secrets would export it over the token, which ` +
                `'export-variable' exports as ${tokenVariable} (names are compared ignoring case): give it another name with ` +
                `'> OTHER_NAME', such as ${suggestion}, or export the token under another name.`);
        }
        else if (exportSecrets && STEERING_VARIABLE.test(entry.name)) {
            problems.push(`${at} hands over ${quote$1(ref)} as ${entry.name}, which export-secrets would export, and that name changes how later steps ` +
                `run (${STEERING_VARIABLE_EXAMPLES}): give it another name with '> OTHER_NAME', such as ${suggestion}.`);
        }
        if (!earlier)
            firstWith.set(key, item);
    }
    return problems;
}
function suggestName(entry, taken) {
    const base = entry.name.replace(/^_+/, '') || defaultName(entry.secret).replace(/^_+/, '');
    const vault = defaultName(entry.vault);
    const candidates = [
        `${vault}_${base}`,
        `KV_${base}`,
        ...Array.from({ length: MAX_KEY_VAULT_SECRETS + 1 }, (_, n) => `KV_${base}_${n + 2}`)
    ];
    const free = (name) => VARIABLE_NAME.test(name) &&
        !taken.has(name.toUpperCase()) &&
        !STEERING_VARIABLE.test(name) &&
        !ACTION_OUTPUTS.some((output) => output.toUpperCase() === name.toUpperCase());
    return candidates.find(free);
}

const DEFAULT_RESOURCE = 'https://management.azure.com/';
const DEFAULT_TIMEOUT_SECONDS = 90;
const MAX_TIMEOUT_SECONDS = 3600;
const MAX_RESOURCE_CHARS = 2048;
const SCOPE_SUFFIX = '/.default';
const INPUT_DEFAULTS = {
    resource: DEFAULT_RESOURCE,
    'client-id': '',
    'object-id': '',
    'identity-resource-id': '',
    source: 'auto',
    endpoint: '',
    'tenant-id': '',
    'export-variable': '',
    'timeout-seconds': String(DEFAULT_TIMEOUT_SECONDS),
    verify: 'false',
    'job-summary': 'true',
    'arm-endpoint': '',
    'container-registry': '',
    'key-vault-secrets': '',
    'export-secrets': 'false'
};
const NO_SECRETS = [];
function readInputs(getInput) {
    const problems = [];
    const check = (read) => {
        try {
            return read();
        }
        catch (error) {
            if (!(error instanceof ActionError))
                throw error;
            problems.push(error.message);
            return undefined;
        }
    };
    const value = (name) => getInput(name).trim() || INPUT_DEFAULTS[name];
    const resource = check(() => parseResource(value('resource')));
    const identity = check(() => parseIdentity(value));
    const source = check(() => parseSource(value('source')));
    const endpoint = check(() => parseEndpoint(value('endpoint')));
    const exportVariable = check(() => parseVariableName(value('export-variable')));
    const timeoutSeconds = check(() => parseTimeout(value('timeout-seconds')));
    const verify = check(() => parseBoolean('verify', value('verify')));
    const jobSummary = check(() => parseBoolean('job-summary', value('job-summary')));
    const armEndpoint = check(() => parseArmEndpoint(value('arm-endpoint')));
    const tenantId = check(() => parseTenant(value('tenant-id')));
    const containerRegistry = check(() => parseContainerRegistry(value('container-registry')));
    const exportSecrets = check(() => parseBoolean('export-secrets', value('export-secrets')));
    const rawKeyVaultSecrets = getInput('key-vault-secrets', { trimWhitespace: false });
    const keyVaultSecrets = rawKeyVaultSecrets.trim() === ''
        ? NO_SECRETS
        : check(() => parseKeyVaultSecrets(rawKeyVaultSecrets, { exportSecrets: exportSecrets === true, exportVariable }));
    const unsupported = source && source !== 'auto' && identity ? selectorProblem(source, identity) : undefined;
    if (unsupported)
        problems.push(unsupported);
    if (problems.length > 0)
        throw new ActionError(problems.join('\n'));
    return {
        resource: resource,
        identity,
        source: source,
        endpoint,
        exportVariable,
        timeoutSeconds: timeoutSeconds,
        verify: verify,
        jobSummary: jobSummary,
        armEndpoint,
        tenantId,
        containerRegistry,
        keyVaultSecrets: keyVaultSecrets,
        exportSecrets: exportSecrets
    };
}
class InputError extends ActionError {
}
const quote = (raw) => `'${inert(raw.replace(/\s+/g, ' '), 80)}'`;
function parseResource(raw) {
    if (raw.length > MAX_RESOURCE_CHARS) {
        throw new InputError(`Input 'resource' must be one resource URI of at most ${MAX_RESOURCE_CHARS} characters; got ${raw.length} characters.`);
    }
    const accepted = "Input 'resource' must be one resource URI such as https://vault.azure.net " +
        '(or a scope ending in /.default, or an application ID GUID)';
    if (/[\s,;]/.test(raw)) {
        throw new InputError(`${accepted}; got ${quote(raw)}, which looks like several values: run the action once per resource.`);
    }
    const resource = raw.endsWith(SCOPE_SUFFIX) ? raw.slice(0, -SCOPE_SUFFIX.length) : raw;
    if (GUID.test(resource))
        return resource;
    if (!URL.canParse(resource) || !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i.test(resource) || /[?#]/.test(resource)) {
        throw new InputError(`${accepted}; got ${quote(raw)}.`);
    }
    return resource;
}
function parseIdentity(value) {
    const given = SELECTOR_INPUTS.map((input) => ({ input, value: value(input) })).filter((selector) => selector.value !== '');
    if (given.length > 1) {
        throw new InputError(`Inputs ${given.map((s) => `'${s.input}'`).join(' and ')} were both set: give at most one of ` +
            "'client-id', 'object-id' or 'identity-resource-id' to pick a user-assigned identity.");
    }
    const selector = given[0];
    if (selector === undefined)
        return undefined;
    if (selector.input === 'identity-resource-id') {
        if (!USER_ASSIGNED_IDENTITY_ID.test(selector.value)) {
            throw new InputError("Input 'identity-resource-id' must be the ARM resource ID of a user-assigned identity, " +
                '/subscriptions/<subscription-id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>; ' +
                `got ${quote(selector.value)}.`);
        }
    }
    else if (!GUID.test(selector.value)) {
        const what = selector.input === 'client-id' ? "the identity's client ID" : "the identity's object (principal) ID";
        throw new InputError(`Input '${selector.input}' must be a GUID (${what}, like 00000000-0000-0000-0000-000000000000); got ${quote(selector.value)}.`);
    }
    return selector;
}
function parseSource(raw) {
    const source = raw.toLowerCase();
    if (SOURCE_CHOICES.includes(source))
        return source;
    throw new InputError(`Input 'source' must be one of ${SOURCE_CHOICES.join(', ')}; got ${quote(raw)}.`);
}
function parseEndpoint(raw) {
    if (raw === '')
        return undefined;
    const url = parseEndpointUrl(raw, { holder: "Input 'endpoint'", example: 'http://localhost:50342' });
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
function parseBoolean(name, raw) {
    if (/^true$/i.test(raw))
        return true;
    if (/^false$/i.test(raw))
        return false;
    throw new InputError(`Input '${name}' must be true or false (default ${INPUT_DEFAULTS[name]}); got ${quote(raw)}.`);
}
function parseArmEndpoint(raw) {
    if (raw === '')
        return undefined;
    return parseEndpointUrl(raw, {
        holder: "Input 'arm-endpoint'",
        example: 'https://management.azure.com',
        httpsOnly: true,
        originOnly: true
    }).origin;
}
function parseTenant(raw) {
    if (raw === '')
        return undefined;
    if (TENANT.test(raw))
        return raw;
    throw new InputError(`Input 'tenant-id' must be a tenant ID (GUID) or domain such as contoso.onmicrosoft.com; got ${quote(raw)}.`);
}
function parseContainerRegistry(raw) {
    if (raw === '')
        return undefined;
    const accepted = "Input 'container-registry' must be one Azure Container Registry login server, <name>.azurecr.io " +
        '(<name>.azurecr.us in Azure Government, <name>.azurecr.cn in Azure China), optionally after https://';
    if (/[\s,;]/.test(raw)) {
        throw new InputError(`${accepted}; got ${quote(raw)}, which looks like several values: run the action once per registry.`);
    }
    const loginServer = loginServerOf(raw);
    if (loginServer === undefined)
        throw new InputError(`${accepted}, without path, port or query; got ${quote(raw)}.`);
    return loginServer;
}
function parseVariableName(raw) {
    if (raw === '')
        return undefined;
    const accepted = "Input 'export-variable' must be an environment variable name (letters, digits and _, not starting with a digit)";
    if (!VARIABLE_NAME.test(raw))
        throw new InputError(`${accepted}; got ${quote(raw)}.`);
    if (STEERING_VARIABLE.test(raw)) {
        throw new InputError(`${accepted}, and not one that changes how later steps run (${STEERING_VARIABLE_EXAMPLES}); got ${quote(raw)}. ` +
            'Use a name of your own, such as AZURE_ACCESS_TOKEN.');
    }
    return raw;
}
function parseTimeout(raw) {
    const seconds = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
        throw new InputError(`Input 'timeout-seconds' must be a positive number of seconds, at most ${MAX_TIMEOUT_SECONDS} ` +
            `(default ${DEFAULT_TIMEOUT_SECONDS}); got ${quote(raw)}.`);
    }
    return seconds;
}

function checked(candidates) {
    const values = {};
    const dropped = [];
    for (const [name, [value, shape, form]] of Object.entries(candidates)) {
        if (value === '' || shape.test(value))
            values[name] = value;
        else
            dropped.push(`${name} (not ${form})`);
    }
    return { values, dropped };
}
function droppedWarning(dropped, from) {
    if (dropped.length === 0)
        return undefined;
    return (`Not handed over, because ${from} gave values without the form they must have: ${dropped.join(', ')}. Something other ` +
        'than the Azure endpoint may be answering; the token itself was checked separately.');
}
function tokenOutputs(token, expiresOn) {
    const result = checked({
        'token-type': [token.tokenType, TOKEN_TYPE, 'a word'],
        resource: [token.resource, RESOURCE, 'a resource URI'],
        'client-id': [token.clientId, GUID, 'a GUID'],
        'object-id': [token.objectId, GUID, 'a GUID'],
        'tenant-id': [token.tenantId, GUID, 'a GUID'],
        'identity-resource-id': [token.identityResourceId, ARM_RESOURCE_ID, 'an ARM resource ID']
    });
    return { values: { 'expires-on': expiresOn, ...result.values, source: token.source }, dropped: result.dropped };
}

const systemClock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random
};
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 10_000;
const MAX_RETRY_AFTER_MS = 60_000;
function backoffDelay(retryNumber, random) {
    const step = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** retryNumber);
    return Math.max(FIRST_DELAY_MS, Math.round(step / 2 + (random() * step) / 2));
}
function parseRetryAfter(header, now) {
    const value = Array.isArray(header) ? header[0] : header;
    if (value === undefined || value.trim() === '')
        return undefined;
    if (/^\d+(\.\d+)?$/.test(value.trim()))
        return Number(value) * 1000;
    if (!/[a-z]{3}/i.test(value))
        return undefined;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
const MIN_ATTEMPT_MS = 500;
async function withRetries(what, attempt, { clock, deadline, log }, timeoutSeconds) {
    const started = clock.now();
    for (let retryNumber = 0;; retryNumber++) {
        const outcome = await attempt(deadline - clock.now());
        if ('done' in outcome)
            return outcome.done;
        const remainingMs = deadline - clock.now();
        const attempts = `${retryNumber + 1} attempt${retryNumber === 0 ? '' : 's'}`;
        const elapsed = `${((clock.now() - started) / 1000).toFixed(1)} s`;
        if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > Math.min(remainingMs, MAX_RETRY_AFTER_MS)) {
            const wait = `${Math.ceil(outcome.retryAfterMs / 1000)} s`;
            throw new ActionError(outcome.retryAfterMs > MAX_RETRY_AFTER_MS
                ? `Gave up ${what} after ${attempts}: the endpoint answered ${outcome.retry} and asked to wait ${wait} (Retry-After), ` +
                    `longer than the ${MAX_RETRY_AFTER_MS / 1000} s the action waits between attempts. The endpoint is overloaded or ` +
                    'throttling this identity: run fewer jobs at once against it, or try again later.'
                : `Gave up ${what} after ${attempts}: the endpoint answered ${outcome.retry} and asked to wait ${wait} (Retry-After), ` +
                    `more than the ${Math.max(0, Math.floor(remainingMs / 1000))} s left of timeout-seconds (${timeoutSeconds}). Raise ` +
                    'timeout-seconds, or run fewer jobs at once against this endpoint.');
        }
        const backoff = backoffDelay(retryNumber, clock.random);
        const waitMs = outcome.retryAfterMs === undefined || outcome.retryAfterMs <= backoff
            ? backoff
            : outcome.retryAfterMs + Math.round(clock.random() * Math.min(1000, outcome.retryAfterMs / 4 + 250));
        if (remainingMs - waitMs < MIN_ATTEMPT_MS) {
            throw new ActionError(`Timed out ${what} after ${attempts} in ${elapsed} (timeout-seconds: ${timeoutSeconds}). Last failure: ${outcome.retry}.`);
        }
        log(`${outcome.retry}; retrying in ${(waitMs / 1000).toFixed(1)} s (attempt ${retryNumber + 2}).`);
        await clock.sleep(waitMs);
    }
}

const PLACEHOLDER = '***';
const MAX_VALUE_FORMS = 5000;
const TOO_MANY_VALUE_LINES = `The secrets read hold more than ${MAX_VALUE_FORMS} lines in all, more than the action keeps out of its own messages ` +
    'and the job summary, so nothing was handed over: read fewer or shorter secrets in one step.';
const CUT = '...';
const MIN_SECRET_CHARS = 8;
const VALUE_LINE_MIN_CHARS = 4;
const PIECE = 8;
const BLOCK = 5;
const STRIDE = PIECE - BLOCK + 1;
const RUN_CHAR = /[A-Za-z0-9._~+/=%-]/;
const isMaskable = (value) => value.length >= MIN_SECRET_CHARS && /^[\x21-\x7e]+$/.test(value);
class Secrets {
    #exact = new Set();
    #longestFirst = [];
    #letters = '|';
    #blocks = new Set();
    #pending = [];
    #wholeLetters = new Set();
    add(secret, { pieces = true } = {}) {
        const value = secret.trim();
        if (value.length < MIN_SECRET_CHARS)
            return;
        this.#hold(value);
        const letters = lettersOf(value);
        if (letters.length < PIECE)
            return;
        if (!pieces) {
            this.#wholeLetters.add(letters);
        }
        else if (!this.#letters.includes(`|${letters}|`)) {
            this.#letters += `${letters}|`;
            this.#pending.push(letters);
        }
    }
    addValue(value) {
        const whole = value.trim();
        if (whole.length >= VALUE_LINE_MIN_CHARS)
            this.#hold(whole);
        for (const part of [value, ...value.split(/\r?\n|\r/)]) {
            const text = part.trim();
            if (text.length < VALUE_LINE_MIN_CHARS)
                continue;
            for (const form of shownForms(text)) {
                if (this.#valueForms >= MAX_VALUE_FORMS)
                    throw new ActionError(TOO_MANY_VALUE_LINES);
                if (form.trim().length >= VALUE_LINE_MIN_CHARS && form !== HIDDEN && !this.#exact.has(form)) {
                    this.#hold(form);
                    this.#valueForms++;
                }
            }
        }
    }
    #valueForms = 0;
    #hold(value) {
        if (this.#exact.has(value))
            return;
        this.#exact.add(value);
        this.#longestFirst = undefined;
    }
    redact(text) {
        const whole = this.#exact.size === 0 ? text : this.#replaceExact(text);
        if ((this.#letters.length === 1 && this.#wholeLetters.size === 0) || whole.length < PIECE)
            return whole;
        const letters = lettersOf(whole);
        let hidden;
        let position;
        const hide = (from, length) => {
            position ??= positionsOf(whole);
            hidden ??= new Uint8Array(whole.length);
            if (position.length !== letters.length)
                hidden.fill(1);
            else
                hidden.fill(1, position[from], position[from + length - 1] + 1);
        };
        if (this.#letters.length > 1) {
            for (const credential of this.#pending.splice(0)) {
                for (let at = 0; at + BLOCK <= credential.length; at += STRIDE)
                    this.#blocks.add(credential.slice(at, at + BLOCK));
            }
            for (let at = 0; at + BLOCK <= letters.length; at++) {
                if (!this.#blocks.has(letters.slice(at, at + BLOCK)))
                    continue;
                for (let from = Math.max(0, at - STRIDE + 1); from <= at && from + PIECE <= letters.length; from++) {
                    if (this.#letters.includes(letters.slice(from, from + PIECE)))
                        hide(from, PIECE);
                }
            }
        }
        for (const secret of this.#wholeLetters) {
            for (let at = letters.indexOf(secret); at >= 0; at = letters.indexOf(secret, at + 1))
                hide(at, secret.length);
        }
        return hidden ? widened(whole, hidden) : whole;
    }
    #replaceExact(text) {
        this.#longestFirst ??= [...this.#exact].sort((a, b) => b.length - a.length);
        let covered;
        for (const value of this.#longestFirst) {
            for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
                (covered ??= new Uint8Array(text.length)).fill(1, at, at + value.length);
            }
        }
        for (let cut = text.indexOf(CUT, VALUE_LINE_MIN_CHARS); cut >= 0; cut = text.indexOf(CUT, cut + 1)) {
            for (const value of this.#longestFirst) {
                const start = cutStart(text, cut, value);
                if (start !== undefined)
                    (covered ??= new Uint8Array(text.length)).fill(1, start, cut);
            }
        }
        if (!covered)
            return text;
        let shown = '';
        for (let at = 0; at < text.length;) {
            let end = at;
            while (end < text.length && covered[end] === covered[at])
                end++;
            shown += covered[at] ? PLACEHOLDER : text.slice(at, end);
            at = end;
        }
        return shown;
    }
}
function shownForms(line) {
    const fold = (text) => text.replace(/\s+/g, ' ');
    const forms = new Set([line]);
    if (fold(line) === line && escapeControls(line) === line && hideSecretShapes(line) === line)
        return forms;
    for (const folded of [line, fold(line)]) {
        for (const shaped of [folded, hideSecretShapes(folded)]) {
            for (const form of [shaped, fold(shaped)])
                forms.add(form).add(escapeControls(form));
        }
    }
    return forms;
}
function cutStart(text, cut, value) {
    const head = value.slice(0, VALUE_LINE_MIN_CHARS);
    const earliest = cut - value.length + 1;
    for (let at = text.lastIndexOf(head, cut - VALUE_LINE_MIN_CHARS); at >= 0 && at >= earliest; at = text.lastIndexOf(head, at - 1)) {
        if (value.startsWith(text.slice(at, cut)))
            return at;
        if (at === 0)
            break;
    }
    return undefined;
}
const lettersOf = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, '');
function positionsOf(text) {
    const position = [];
    for (let at = 0; at < text.length; at++) {
        const c = text.charCodeAt(at);
        const count = c < 128 ? Number((c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122)) : lettersOf(text[at]).length;
        for (let k = 0; k < count; k++)
            position.push(at);
    }
    return position;
}
function widened(text, hidden) {
    let shown = '';
    for (let at = 0; at < text.length;) {
        if (!hidden[at]) {
            shown += text[at++];
            continue;
        }
        while (shown.length > 0 && RUN_CHAR.test(shown[shown.length - 1]))
            shown = shown.slice(0, -1);
        let end = at;
        while (end < text.length && (hidden[end] || RUN_CHAR.test(text[end])))
            end++;
        shown += PLACEHOLDER;
        at = end;
    }
    return shown;
}

const MAX_READ_CHARS = 64 * 1024;
const MAX_SHOWN_ERROR_CHARS = 300;
const DIRECT_PROXY_HINT = 'Something other than the managed identity endpoint answered, most likely a proxy. The action connects to it directly ' +
    'and ignores HTTP_PROXY/HTTPS_PROXY, so the interception happens on the network path (a transparent proxy, a firewall, ' +
    'or a container network): exempt the endpoint from it, because IMDS only answers requests sent directly from the VM.';
const proxiedHint = (proxy, host) => `The answer looks like the proxy's (${proxy.origin}) rather than ${host}'s: check that the proxy lets the runner reach ` +
    `${host}, or list ${host} in NO_PROXY if the runner can reach it directly.`;
const internetDirectHint = (host) => `The answer looks like it came from something other than ${host}: a proxy or firewall on the network path may be ` +
    `intercepting the connection. If the runner must go through a proxy, set HTTPS_PROXY in its environment (and list in ` +
    'NO_PROXY the hosts it reaches directly).';
function proxyHintFor(proxy, url, internet) {
    if (proxy)
        return proxiedHint(proxy, url.host);
    return internet ? internetDirectHint(url.host) : DIRECT_PROXY_HINT;
}
function looksLikeHtml(body) {
    return /^\s{0,100}<(!doctype|html|head|body|\?xml)/i.test(body.slice(0, 1024));
}
function looksLikeProxy(response) {
    return (response.status === 407 ||
        ['via', 'proxy-agent', 'x-squid-error', 'proxy-connection'].some((name) => Object.hasOwn(response.headers, name)) ||
        looksLikeHtml(response.body) ||
        /proxy|x-forwarded-for|directly connect/i.test(response.body.slice(0, MAX_READ_CHARS)));
}
function describeErrorBody(response, secrets) {
    const { text, ids } = errorText(response.body.slice(0, MAX_READ_CHARS));
    const oneLine = hideSecretShapes(secrets.redact(text)).replace(/\s+/g, ' ').trim();
    const words = oneLine === '' ? 'no error details' : bounded(escapeControls(oneLine), MAX_SHOWN_ERROR_CHARS);
    const shownIds = [...new Map([...ids, ...headerIds(response.headers)].filter(([, id]) => ID.test(id))).entries()];
    return shownIds.length === 0 ? words : `${words} (${shownIds.map(([name, id]) => `${name} ${id}`).join(', ')})`;
}
const ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d{1,7})?Z?)$/i;
const ID_FIELDS = {
    correlation_id: 'correlation ID',
    correlationId: 'correlation ID',
    trace_id: 'trace ID',
    traceId: 'trace ID',
    timestamp: 'timestamp'
};
const IDS_IN_TEXT = /(Trace ID|Correlation ID|Timestamp): ?([0-9A-Fa-f-]{36}|\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)/g;
function headerIdsText(headers) {
    const shown = headerIds(headers).filter(([, id]) => ID.test(id));
    return shown.length === 0 ? '' : ` (${shown.map(([name, id]) => `${name} ${id}`).join(', ')})`;
}
function headerIds(headers) {
    const ids = [];
    const header = (name) => {
        const value = Object.hasOwn(headers, name) ? headers[name] : undefined;
        return typeof value === 'string' ? value : undefined;
    };
    const correlation = header('x-ms-correlation-request-id');
    const request = header('x-ms-request-id');
    if (correlation)
        ids.push(['correlation ID', correlation]);
    if (request)
        ids.push(['request ID', request]);
    return ids;
}
function idsIn(fields) {
    return Object.entries(ID_FIELDS)
        .filter(([field]) => Object.hasOwn(fields, field) && typeof fields[field] === 'string')
        .map(([field, name]) => [name, fields[field]]);
}
function withoutIds(description, ids) {
    return description.replace(IDS_IN_TEXT, (_, name, id) => {
        ids.push([name.charAt(0).toLowerCase() + name.slice(1), id]);
        return '';
    });
}
const optionalString$1 = (value) => (typeof value === 'string' && value !== '' ? value : undefined);
const asFields = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
function errorText(body) {
    let json;
    try {
        json = JSON.parse(body);
    }
    catch {
        return { text: looksLikeHtml(body) ? htmlText(body) : body, ids: [] };
    }
    const fields = asFields(json);
    if (!fields)
        return { text: stringsIn(json), ids: [] };
    if (['access_token', 'refresh_token'].some((name) => Object.hasOwn(fields, name))) {
        return { text: 'a body with a token field (not shown)', ids: [] };
    }
    const ids = idsIn(fields);
    const error = fields['error'];
    if (typeof error === 'string') {
        const description = optionalString$1(fields['error_description']);
        return { text: description ? `${error}: ${withoutIds(description, ids)}` : error, ids };
    }
    const armError = asFields(error);
    if (armError) {
        const text = [optionalString$1(armError['code']), optionalString$1(armError['message'])].filter(Boolean).join(': ');
        return { text: text || stringsIn(json), ids: [...ids, ...idsIn(armError)] };
    }
    const errors = Object.hasOwn(fields, 'errors') ? fields['errors'] : undefined;
    if (Array.isArray(errors)) {
        const described = errors
            .slice(0, 5)
            .map((entry) => asFields(entry) ?? {})
            .map((entry) => [optionalString$1(entry['code']), optionalString$1(entry['message'])].filter(Boolean).join(': '))
            .filter(Boolean);
        if (described.length > 0)
            return { text: described.join('; '), ids };
    }
    const message = optionalString$1(fields['message']) ?? optionalString$1(fields['Message']);
    return { text: message ? withoutIds(message, ids) : stringsIn(json), ids };
}
function stringsIn(json) {
    const strings = [];
    const visit = (value, depth) => {
        if (strings.length >= 20 || depth > 5)
            return;
        if (typeof value === 'string')
            strings.push(value);
        else if (Array.isArray(value))
            for (const item of value)
                visit(item, depth + 1);
        else if (typeof value === 'object' && value !== null)
            for (const item of Object.values(value))
                visit(item, depth + 1);
    };
    visit(json, 0);
    return strings.length === 0 ? 'a JSON answer with no text' : strings.join('; ');
}
function htmlText(body) {
    const lower = body.toLowerCase();
    const open = lower.indexOf('<title');
    const start = open < 0 ? -1 : lower.indexOf('>', open);
    const end = start < 0 ? -1 : lower.indexOf('</title', start);
    const title = end < 0 ? '' : body.slice(start + 1, end).trim();
    return title ? `an HTML page titled "${title}"` : 'an HTML page';
}

function proxyFor(url, env) {
    if (url.protocol !== 'https:' || isLocalHost(url.hostname))
        return undefined;
    const name = env['https_proxy'] ? 'https_proxy' : env['HTTPS_PROXY'] ? 'HTTPS_PROXY' : undefined;
    if (name === undefined || bypassed(url, env['no_proxy'] || env['NO_PROXY'] || ''))
        return undefined;
    return parseProxy(name, env[name]);
}
function bypassed(url, noProxy) {
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    const hosts = [url.hostname.toUpperCase(), `${url.hostname.toUpperCase()}:${port}`];
    return noProxy
        .split(',')
        .map((item) => item.trim().toUpperCase())
        .filter(Boolean)
        .some((item) => item === '*' || hosts.some((host) => host === item || host.endsWith(`.${item}`) || (item.startsWith('.') && host.endsWith(item))));
}
function parseProxy(name, raw) {
    const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
    const url = URL.canParse(text) ? new URL(text) : undefined;
    const problem = !url
        ? 'is not a URL'
        : !['http:', 'https:'].includes(url.protocol)
            ? 'does not start with http:// or https://'
            : url.hostname === ''
                ? 'names no host'
                : url.search || url.hash || url.pathname !== '/'
                    ? 'has a path, query or fragment'
                    : !decodable(url.username) || !decodable(url.password)
                        ? 'has a user name or password that is not valid percent-encoding'
                        : undefined;
    if (problem === undefined)
        return url;
    const shown = withoutCredentials(raw);
    throw new ActionError(`The environment variable ${name} must be the runner's proxy as http://host:port (or https://, optionally with ` +
        `user:password@); it holds '${inert(shown, 120)}', which ${problem}. Fix it in the runner's environment (its .env file), ` +
        'or list the host this call goes to in NO_PROXY.');
}
function decodable(part) {
    try {
        decodeURIComponent(part);
        return true;
    }
    catch {
        return false;
    }
}

class EndpointUnreachable extends ActionError {
    name = 'EndpointUnreachable';
}
const ATTEMPT_TIMEOUT_MS = 10_000;
const isTransientForImds = (status) => [404, 408, 410, 429].includes(status) || (status >= 500 && status <= 599);
async function callWithRetries(call, ctx, options = {}) {
    const where = `${call.name} (${displayUrl(call.url)})`;
    const proxy = call.viaRunnerProxy ? proxyFor(call.url, ctx.env) : undefined;
    if (proxy?.password)
        ctx.secrets.add(decodeURIComponent(proxy.password), { pieces: false });
    const from = { where: capitalized(where), proxyHint: proxyHintFor(proxy, call.url, call.viaRunnerProxy === true) };
    if (call.credential)
        assertCredentialOrigin(call.url, call.credential.origin, call.credential.name);
    ctx.log.debug(`${call.method ?? 'GET'} ${call.url.origin}${call.url.pathname}${call.url.search}${proxy ? ` through the proxy ${proxy.origin}` : ''}`);
    let attemptNumber = 0;
    const attempt = async (remainingMs) => {
        const first = attemptNumber++ === 0;
        let response;
        try {
            response = await ctx.send({
                method: call.method,
                url: call.url,
                headers: call.headers,
                body: call.body?.(),
                proxy,
                maxBodyBytes: call.maxBodyBytes,
                timeoutMs: Math.max(1, Math.min(options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS, remainingMs)),
                connectTimeoutMs: options.connectTimeoutMs
            });
        }
        catch (error) {
            if (!(error instanceof HttpFailure))
                throw error;
            if (error.kind === 'connect' && first && options.giveUpIfUnreachable)
                throw new EndpointUnreachable(`${where}: ${error.message}`);
            const permanent = error.kind === 'connect' ? call.explainUnreachable?.(error) : undefined;
            if (permanent)
                throw new ActionError(`${from.where}: ${error.message}. ${permanent}`);
            if (error.kind === 'too-large') {
                const status = error.answer ? ` HTTP ${error.answer.status}${headerIdsText(error.answer.headers)} with` : '';
                throw new ActionError(`${from.where} answered${status} ${error.message}, more than any real answer. ${from.proxyHint}`);
            }
            if (error.kind === 'proxy') {
                throw new ActionError(error.code === '407'
                    ? `${from.where}: ${error.message}: the proxy wants credentials. Give them in HTTPS_PROXY as http://user:password@host:port (percent-encoded) in the runner's environment.`
                    : `${from.where}: ${error.message}: the proxy does not let the runner reach ${call.url.host}. Ask for it to be allowed, or list it in NO_PROXY if the runner can reach it directly.`);
            }
            if (error.kind === 'tls') {
                throw new ActionError(`${from.where}: ${error.message}. If a TLS-inspecting proxy or firewall re-signs traffic, give Node its CA ` +
                    "certificate with NODE_EXTRA_CA_CERTS in the runner's environment (.env file of the runner).");
            }
            return { retry: error.message };
        }
        ctx.log.debug(`${where} answered HTTP ${response.status}`);
        if (response.status === (call.expect ?? 200))
            return { done: call.parse(response, from) };
        const details = describeErrorBody(response, ctx.secrets);
        if (call.isTransient(response.status)) {
            return {
                retry: `HTTP ${response.status} (${details})`,
                retryAfterMs: parseRetryAfter(response.headers['retry-after'], ctx.clock.now())
            };
        }
        throw new ActionError(refusal(from, call.request, response, details, call.explain?.(response.status, details, response)));
    };
    return withRetries(`${call.purpose} from ${where}`, attempt, { clock: ctx.clock, deadline: ctx.deadline, log: (m) => ctx.log.info(m) }, ctx.timeoutSeconds);
}
function refusal(from, request, response, details, explanation) {
    if (response.status >= 300 && response.status < 400) {
        const location = String(response.headers.location);
        const target = URL.canParse(location) ? ` to ${inert(new URL(location).host, 100)}` : '';
        return `${from.where} answered HTTP ${response.status}${headerIdsText(response.headers)}, a redirect${target}, which the action never follows. ${from.proxyHint}`;
    }
    const stated = `${from.where} refused the ${request}: HTTP ${response.status}, ${sentence(details)}`;
    if (explanation)
        return `${stated} ${explanation}`;
    if (looksLikeProxy(response))
        return `${stated} ${from.proxyHint}`;
    return `${stated} A ${response.status} is a request error, so it was not retried; the endpoint's message above says what it rejected.`;
}

const stringClaim = (payload, name) => {
    const value = payload[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
};
function readClaims(token) {
    const payloadPart = token.split('.')[1];
    if (payloadPart === undefined)
        return {};
    let payload;
    try {
        payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
    }
    catch {
        return {};
    }
    if (typeof payload !== 'object' || payload === null)
        return {};
    const claims = payload;
    const audience = claims['aud'];
    return {
        clientId: stringClaim(claims, 'appid') ?? stringClaim(claims, 'azp'),
        objectId: stringClaim(claims, 'oid'),
        tenantId: stringClaim(claims, 'tid'),
        identityResourceId: stringClaim(claims, 'xms_mirid'),
        audience: typeof audience === 'string' ? audience : Array.isArray(audience) ? audience.join(' ') : undefined
    };
}

const PLAUSIBLE_EPOCH_SECONDS = { min: 978_307_200, max: 7_258_118_400 };
const TOKEN_SHAPE = /^[A-Za-z0-9._~+/=-]{16,}$/;
function parseTokenBody(body, now, from, maskSecret) {
    let json;
    try {
        json = JSON.parse(body);
    }
    catch {
        throw new ActionError(looksLikeHtml(body)
            ? `${from.where} answered HTTP 200, but the body (${body.length} characters) is an HTML page, not JSON, so it holds no token. ${from.proxyHint}`
            : `${from.where} answered HTTP 200, but the body (${body.length} characters) is not JSON, so it holds no token.`);
    }
    const fields = typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {};
    const accessToken = Object.hasOwn(fields, 'access_token') ? fields['access_token'] : undefined;
    if (typeof accessToken !== 'string' || accessToken === '') {
        throw new ActionError(`${from.where} answered HTTP 200, but the JSON body has no access_token string (${describeFields(fields)}).`);
    }
    maskSecret(accessToken);
    if (!TOKEN_SHAPE.test(accessToken)) {
        throw new ActionError(`${from.where} answered HTTP 200, but its access_token (${accessToken.length} characters) is not an access token: ` +
            'those are at least 16 characters, letters, digits and ._~+/=- only. It was not handed over.');
    }
    const expiresOn = readExpiry(fields, now);
    if (expiresOn === undefined) {
        throw new ActionError(`${from.where} answered HTTP 200 with a token, but no readable expiry: expires_on is ${describeValue(fields['expires_on'])} ` +
            `and expires_in is ${describeValue(fields['expires_in'])} (expected epoch seconds, a date, or a number of seconds).`);
    }
    return {
        accessToken,
        expiresOn,
        tokenType: optionalString(fields['token_type']) ?? 'Bearer',
        resource: optionalString(fields['resource']),
        clientId: optionalString(fields['client_id']),
        objectId: optionalString(fields['object_id']),
        identityResourceId: optionalString(fields['msi_res_id'])
    };
}
function readExpiry(fields, now) {
    const expiresOn = fields['expires_on'];
    const asNumber = toNumber(expiresOn);
    if (asNumber !== undefined) {
        if (asNumber >= PLAUSIBLE_EPOCH_SECONDS.min && asNumber <= PLAUSIBLE_EPOCH_SECONDS.max)
            return new Date(asNumber * 1000);
    }
    else if (typeof expiresOn === 'string' && /\d{4}/.test(expiresOn)) {
        const parsed = Date.parse(expiresOn);
        if (!Number.isNaN(parsed) && parsed / 1000 >= PLAUSIBLE_EPOCH_SECONDS.min && parsed / 1000 <= PLAUSIBLE_EPOCH_SECONDS.max) {
            return new Date(parsed);
        }
    }
    const expiresIn = toNumber(fields['expires_in']);
    if (expiresIn !== undefined && expiresIn > 0 && expiresIn < 10 * 365 * 86_400)
        return new Date(now + expiresIn * 1000);
    return undefined;
}
function toNumber(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) ? value : undefined;
    if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value))
        return Number(value);
    return undefined;
}
const optionalString = (value) => (typeof value === 'string' && value !== '' ? value : undefined);
const HARMLESS_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,31}$/;
function describeValue(value) {
    if (value === undefined)
        return 'missing';
    if (value === null)
        return 'null';
    if (toNumber(value) !== undefined)
        return 'a number out of range';
    if (typeof value === 'string')
        return value.trim() === '' ? 'an empty string' : 'a string that is neither a number nor a date';
    if (Array.isArray(value))
        return 'an array';
    return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
function describeFields(fields) {
    const names = Object.keys(fields);
    if (names.length === 0)
        return 'no fields at all';
    const shown = names.filter((name) => HARMLESS_NAME.test(name)).slice(0, 12);
    const others = names.length - shown.length;
    return `fields: ${[...shown, ...(others > 0 ? [`${others} other${others === 1 ? '' : 's'} not shown`] : [])].join(', ')}`;
}

function requestToken(endpoint, ctx, options = {}) {
    return callWithRetries({
        ...endpoint,
        purpose: 'getting a token',
        request: 'token request',
        isTransient: endpoint.isTransient ?? isTransientForImds,
        parse: (response, from) => {
            const parsed = parseTokenBody(response.body, ctx.clock.now(), from, ctx.maskSecret);
            const claims = readClaims(parsed.accessToken);
            return {
                token: parsed.accessToken,
                expiresOn: parsed.expiresOn,
                tokenType: parsed.tokenType,
                resource: parsed.resource ?? endpoint.resource,
                clientId: parsed.clientId ?? claims.clientId ?? '',
                objectId: parsed.objectId ?? claims.objectId ?? '',
                tenantId: claims.tenantId ?? '',
                identityResourceId: parsed.identityResourceId ?? claims.identityResourceId ?? '',
                audience: claims.audience ?? '',
                source: endpoint.source,
                endpoint: displayUrl(endpoint.url)
            };
        }
    }, ctx, options);
}

function arcAgentBinary(platform, env) {
    return platform === 'win32'
        ? path.win32.join(env['ProgramFiles'] ?? 'C:\\Program Files', 'AzureConnectedMachineAgent', 'himds.exe')
        : '/opt/azcmagent/bin/himds';
}

const IMDS_ORIGIN = 'http://169.254.169.254';
const TOKEN_PATH = '/metadata/identity/oauth2/token';
const API_VERSION = '2018-02-01';
const SELECTOR_PARAMETER = { 'client-id': 'client_id', 'object-id': 'object_id', 'identity-resource-id': 'msi_res_id' };
function imdsTokenEndpoint({ resource, identity, endpoint, unknownResourceHint }) {
    const url = urlFrom(endpoint ?? IMDS_ORIGIN, TOKEN_PATH, {
        'api-version': API_VERSION,
        resource,
        ...(identity && { [SELECTOR_PARAMETER[identity.input]]: identity.value })
    });
    return {
        source: 'imds',
        name: 'IMDS',
        url,
        headers: { Metadata: 'true' },
        resource,
        explain: (status, details) => explainRefusal(status, details, { resource, identity, unknownResourceHint })
    };
}
function explainRefusal(status, details, request) {
    if (status !== 400)
        return undefined;
    if (/identity not found/i.test(details)) {
        const { identity } = request;
        return identity
            ? `The identity with ${identity.input} ${identity.value} is probably not assigned to this VM: assign it ` +
                `(Azure portal → the VM → Identity → User assigned) or correct '${identity.input}'. A newly assigned identity ` +
                'can take a minute or two to become usable.'
            : 'This VM has no system-assigned managed identity: turn it on (Azure portal → the VM → Identity → System assigned), ' +
                "or pick a user-assigned identity with 'client-id', 'object-id' or 'identity-resource-id'.";
    }
    if (/multiple user assigned identities/i.test(details)) {
        return ('This VM has several user-assigned identities and no system-assigned one, so it cannot choose: set ' +
            "'client-id', 'object-id' or 'identity-resource-id' to the identity this workflow should use.");
    }
    if (/invalid_resource|AADSTS500011|AADSTS50001\b/i.test(details)) {
        return (`Microsoft Entra ID knows no resource '${inert(request.resource)}' in this tenant: ` +
            (request.unknownResourceHint ??
                "check the 'resource' input (for example https://management.azure.com/ for ARM, https://vault.azure.net for Key Vault, " +
                    'https://storage.azure.com/ for Storage, https://graph.microsoft.com/ for Microsoft Graph).'));
    }
    if (/metadata header|x-forwarded-for/i.test(details)) {
        return `The action sends Metadata: true and no X-Forwarded-For, so a header was changed on the way. ${DIRECT_PROXY_HINT}`;
    }
    return undefined;
}
function imdsThatGave(token) {
    if (token.source !== 'imds' || !token.endpoint.endsWith(TOKEN_PATH))
        return IMDS_ORIGIN;
    return token.endpoint.slice(0, -TOKEN_PATH.length);
}

const AUTO_CONNECT_TIMEOUT_MS = 3000;
const NOT_AN_AZURE_VM_HINT = "Is this runner an Azure VM (or scale set instance) with a managed identity enabled? Turn one on under the VM's " +
    'Identity settings (system-assigned, or assign a user-assigned identity). IMDS must be reachable at 169.254.169.254 ' +
    'from where the action runs: a VM without a route to 169.254.169.254/32 times out, and in a container an iptables ' +
    'rule, an internal Docker network, a host firewall or a Kubernetes network policy can block it; check from there with ' +
    'curl -sS --max-time 5 --noproxy \'*\' -H Metadata:true "http://169.254.169.254/metadata/instance?api-version=2021-02-01" (the README\'s "Container ' +
    "jobs and Docker\" says what to do for each). If IMDS is only slow to connect, set source 'imds' to keep retrying for " +
    'timeout-seconds. On Container Apps, App Service, AKS workload identity or Azure Arc, the platform sets environment ' +
    'variables this action looks for (see the README); none of them is set here.';
function detectSource({ env, platform }) {
    if (env['AZURE_FEDERATED_TOKEN_FILE'])
        return { source: 'workload-identity', because: 'AZURE_FEDERATED_TOKEN_FILE is set (AKS workload identity)' };
    if (env['IDENTITY_ENDPOINT'] && env['IDENTITY_HEADER']) {
        return { source: 'app-service', because: 'IDENTITY_ENDPOINT and IDENTITY_HEADER are set (Container Apps, App Service or Functions)' };
    }
    if (env['IDENTITY_ENDPOINT'] && env['IMDS_ENDPOINT'])
        return { source: 'arc', because: 'IDENTITY_ENDPOINT and IMDS_ENDPOINT are set (Azure Arc)' };
    const agent = arcAgentBinary(platform, env);
    if (node_fs.existsSync(agent))
        return { source: 'arc', because: `the Azure Arc agent is installed (${agent})` };
    return undefined;
}
async function getToken(inputs, ctx) {
    if (inputs.source !== 'auto')
        return fromSource(inputs.source, inputs, ctx);
    const detected = detectSource(ctx);
    if (detected) {
        ctx.log.info(`Source: ${detected.source}, because ${detected.because}.`);
        const unsupported = inputs.identity && selectorProblem(detected.source, inputs.identity);
        if (unsupported)
            throw new ActionError(unsupported);
        return fromSource(detected.source, inputs, ctx);
    }
    if (inputs.endpoint !== undefined)
        return requestToken(imdsTokenEndpoint(inputs), ctx);
    return imdsThenVmExtension(inputs, ctx);
}
async function fromSource(source, inputs, ctx) {
    switch (source) {
        case 'workload-identity': {
            const { workloadIdentityTokenEndpoint } = await Promise.resolve().then(function () { return require('./source-workload-identity.js'); });
            return requestToken(workloadIdentityTokenEndpoint(inputs, ctx), ctx);
        }
        case 'app-service': {
            const { appServiceTokenEndpoint } = await Promise.resolve().then(function () { return require('./source-app-service.js'); });
            return requestToken(appServiceTokenEndpoint(inputs, ctx), ctx);
        }
        case 'arc': {
            const { arcToken } = await Promise.resolve().then(function () { return require('./source-arc.js'); });
            return arcToken(inputs, ctx);
        }
        case 'imds':
            return requestToken(imdsTokenEndpoint(inputs), ctx);
        case 'vm-extension': {
            const { DEPRECATION_WARNING, vmExtensionTokenEndpoint } = await Promise.resolve().then(function () { return require('./source-vm-extension.js'); });
            ctx.log.warning(DEPRECATION_WARNING);
            return requestToken(vmExtensionTokenEndpoint(inputs), ctx);
        }
    }
}
async function imdsThenVmExtension(inputs, ctx) {
    let imdsProblem;
    try {
        return await requestToken(imdsTokenEndpoint(inputs), ctx, { giveUpIfUnreachable: true, connectTimeoutMs: AUTO_CONNECT_TIMEOUT_MS });
    }
    catch (error) {
        if (!(error instanceof EndpointUnreachable))
            throw error;
        imdsProblem = error.message;
    }
    if (inputs.identity && selectorProblem('vm-extension', inputs.identity)) {
        throw new ActionError(`No managed identity endpoint answered: ${imdsProblem}, and the legacy VM extension cannot select an identity by ` +
            `'identity-resource-id'. ${NOT_AN_AZURE_VM_HINT}`);
    }
    ctx.log.info(`${imdsProblem}; trying the legacy VM extension.`);
    const { DEPRECATION_WARNING, vmExtensionTokenEndpoint } = await Promise.resolve().then(function () { return require('./source-vm-extension.js'); });
    const outcome = await requestToken(vmExtensionTokenEndpoint(inputs), ctx, { giveUpIfUnreachable: true }).catch((error) => ({
        error
    }));
    if ('error' in outcome && outcome.error instanceof EndpointUnreachable) {
        throw new ActionError(`No managed identity endpoint answered: ${imdsProblem}; ${outcome.error.message}. ${NOT_AN_AZURE_VM_HINT}`);
    }
    ctx.log.warning(DEPRECATION_WARNING);
    if ('error' in outcome)
        throw outcome.error;
    return outcome;
}

const escapeHtml = (text) => text.replace(/[&<>"'[\]`]/g, (c) => `&#${c.charCodeAt(0)};`);
function renderSummary({ source, endpoint, token, sections = [] }) {
    const said = (value) => value || '—';
    const rows = [
        ['Source', `${source} (${endpoint})`],
        ['Identity', `client ID ${token['client-id'] || 'not stated'}, object ID ${token['object-id'] || 'not stated'}`],
        ['Tenant', said(token['tenant-id'])],
        ['Resource', said(token['resource'])],
        ['Expires', said(token['expires-on'])],
        ...sections.flatMap((section) => section.rows)
    ];
    const headline = sections.map((section) => (section.headline ? ` ${escapeHtml(section.headline)}` : '')).join('');
    const table = rows.map(([label, text]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(text)}</td></tr>`).join('');
    return `### Azure managed identity token${headline}\n\n<table>${table}</table>\n`;
}

const actionsCore = { getInput, setSecret, setOutput, exportVariable, info, warning, debug, setFailed, summary };
const defaultDependencies = { send, clock: systemClock, env: process.env, platform: process.platform };
const EXPIRY_WARNING_MS = 5 * 60_000;
async function run(core = actionsCore, { send, clock, env, platform, features = FEATURES } = defaultDependencies) {
    const secrets = new Secrets();
    const shown = (message) => loggable(secrets.redact(message));
    try {
        const inputs = readInputs((name, options) => core.getInput(name, options));
        const fork = forkPullRequest(env);
        if (fork)
            core.warning(shown(forkWarning(fork, readmeUrl(env))));
        const log = { info: (m) => core.info(shown(m)), warning: (m) => core.warning(shown(m)), debug: (m) => core.debug(shown(m)) };
        const ctx = {
            send,
            clock,
            env,
            platform,
            deadline: clock.now() + inputs.timeoutSeconds * 1000,
            timeoutSeconds: inputs.timeoutSeconds,
            log,
            maskSecret: (secret) => {
                secrets.add(secret);
                if (isMaskable(secret))
                    core.setSecret(secret);
            },
            maskValue: (value) => {
                secrets.addValue(value);
                if (value !== '')
                    core.setSecret(value);
            },
            secrets
        };
        const wanted = features.filter(({ wanted }) => wanted(inputs));
        if (wanted.length > 0)
            loadHttpsAhead();
        const token = await getToken(inputs, ctx);
        const expiresOn = isoSeconds(token.expiresOn);
        const handed = tokenOutputs(token, expiresOn);
        handOver(core, token, handed, inputs, log);
        warnIfExpiring(token.expiresOn, clock.now(), log);
        const sections = [];
        try {
            for (const { load } of wanted) {
                const { feature } = await load();
                const result = await feature.run(inputs, token, ctx).catch((error) => {
                    const failure = shown(errorMessage(error));
                    sections.push({ rows: [[feature.name, feature.describeFailure?.(failure, inputs) ?? `failed: ${failure}`]] });
                    throw error;
                });
                sections.push(result.summary);
                handOverFeature(core, result, log);
            }
        }
        finally {
            if (inputs.jobSummary) {
                const summary = renderSummary({ source: token.source, endpoint: token.endpoint, token: handed.values, sections });
                await writeSummary(core, secrets.redact(summary), log, ctx.deadline - clock.now(), env['GITHUB_STEP_SUMMARY']);
            }
        }
    }
    catch (error) {
        core.setFailed(shown(errorMessage(error)));
        if (!(error instanceof ActionError) && error instanceof Error && error.stack)
            core.debug(shown(error.stack));
    }
}
function handOver(core, token, { values, dropped }, inputs, log) {
    core.setOutput('access-token', token.token);
    for (const [name, value] of Object.entries(values))
        core.setOutput(name, value);
    if (inputs.exportVariable) {
        core.exportVariable(inputs.exportVariable, token.token);
    }
    const left = droppedWarning(dropped, `${token.endpoint}'s answer`);
    if (left)
        log.warning(left);
    const unknown = (value) => value || 'not stated';
    log.info(`Got a ${values['token-type'] || 'Bearer'} token for ${unknown(values['resource'])} from ${token.endpoint} (source: ${token.source}).`);
    log.info(`  identity: client ID ${unknown(values['client-id'])}, object ID ${unknown(values['object-id'])}, tenant ${unknown(values['tenant-id'])}`);
    log.info(`  expires:  ${values['expires-on']}`);
    log.info(inputs.exportVariable
        ? `  handed over as the step output 'access-token' and the environment variable ${inputs.exportVariable} (masked in logs).`
        : "  handed over as the step output 'access-token' (masked in logs).");
}
function handOverFeature(core, { outputs, exports = [], warnings = [], log: lines }, log) {
    for (const [name, value] of outputs)
        core.setOutput(name, value);
    for (const [name, value] of exports)
        core.exportVariable(name, value);
    for (const line of warnings)
        log.warning(line);
    for (const line of lines)
        log.info(line);
}
function warnIfExpiring(expiresOn, now, log) {
    const leftMs = expiresOn.getTime() - now;
    if (leftMs > EXPIRY_WARNING_MS)
        return;
    const clock = isoSeconds(now);
    const expiry = isoSeconds(expiresOn);
    log.warning(leftMs <= 0
        ? `The token's expiry ${expiry} is already past by the runner's clock (${clock}): either the runner's clock is wrong (check its time synchronisation) or the endpoint handed out an expired token; later steps will be refused.`
        : `The token expires at ${expiry}, ${Math.ceil(leftMs / 60_000)} minute(s) from now by the runner's clock (${clock}): later steps may be refused. Run this action right before the steps that use the token.`);
}
async function writeSummary(core, markdown, log, msLeft, file) {
    let timer;
    const late = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('writing it took longer than what was left of timeout-seconds')), Math.max(250, msLeft));
        timer.unref();
    });
    try {
        if (file && node_fs.existsSync(file)) {
            const kind = node_fs.statSync(file);
            if (!kind.isFile() && !kind.isCharacterDevice())
                throw new Error(`${inert(file)} is not a regular file`);
        }
        await Promise.race([core.summary.addRaw(markdown).write(), late]);
    }
    catch (error) {
        log.warning(`The job summary was not written: ${errorMessage(error)}`);
    }
    finally {
        clearTimeout(timer);
    }
}

void run().then(() => {
    if (!process.exitCode)
        process.exit();
    endAfterGrace();
}, () => {
    process.exitCode = 1;
    node_fs.writeSync(2, 'The action failed, and reporting why failed too; run it again with debug logging on to see more.\n');
    endAfterGrace();
});
function endAfterGrace() {
    setTimeout(() => {
        if (process.platform !== 'win32')
            process.kill(process.pid, 'SIGKILL');
        process.exit();
    }, 1000).unref();
}

exports.ActionError = ActionError;
exports.CLOUD_NAME = CLOUD_NAME;
exports.GUID = GUID;
exports.IMDS_ORIGIN = IMDS_ORIGIN;
exports.LOCATION = LOCATION;
exports.RESOURCE_GROUP_NAME = RESOURCE_GROUP_NAME;
exports.TENANT = TENANT;
exports.TOKEN_SHAPE = TOKEN_SHAPE;
exports.UnsafeFile = UnsafeFile;
exports.VALUE_LINE_MIN_CHARS = VALUE_LINE_MIN_CHARS;
exports.VM_NAME = VM_NAME;
exports.VM_RESOURCE_ID = VM_RESOURCE_ID;
exports.callWithRetries = callWithRetries;
exports.capitalized = capitalized;
exports.checked = checked;
exports.cloudOf = cloudOf;
exports.droppedWarning = droppedWarning;
exports.errorMessage = errorMessage;
exports.explainRefusal = explainRefusal;
exports.getToken = getToken;
exports.imdsThatGave = imdsThatGave;
exports.inert = inert;
exports.isTransientForImds = isTransientForImds;
exports.isoSeconds = isoSeconds;
exports.parseEndpointUrl = parseEndpointUrl;
exports.readFileOnce = readFileOnce;
exports.requestToken = requestToken;
exports.selectorProblem = selectorProblem;
exports.urlFrom = urlFrom;
//# sourceMappingURL=action.js.map
