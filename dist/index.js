import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(872);
/** The action's entry point: GitHub runs this file (bundled as dist/index.js). */

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 872:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

;// CONCATENATED MODULE: ./src/errors.ts
/**
 * A failure the action expects and can explain: bad input, an endpoint's refusal, a timeout.
 * Its message is complete (what happened, where, the likely fix), so it is printed without a
 * stack trace. Anything else reaching the top is a bug, and its stack goes to the debug log.
 */
class ActionError extends Error {
    name = 'ActionError';
}
/** `text` starting with a capital, for names that can begin a sentence ("the VM extension"). */
const capitalized = (text) => text.charAt(0).toUpperCase() + text.slice(1);
/** `text` ending with exactly one full stop, however the endpoint ended its own message. */
const sentence = (text) => (/[.!?]$/.test(text) ? text : `${text}.`);
/** The text of any thrown value, without the "Error: " prefix that String(error) would add. */
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}

;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_namespaceObject);
;// CONCATENATED MODULE: ./src/tunnel.ts
/**
 * CONNECT tunnels through the runner's proxy, for the calls that go out to the internet (ARM,
 * Entra ID) — never for managed identity endpoints.
 */

/**
 * An agent whose connections are CONNECT tunnels through `proxy`, with TLS to the target host
 * inside them, as @actions/http-client's tunnel agents make them. The proxy sees the host name
 * and port, never the request.
 */
function tunnelAgent(https, proxy) {
    const agent = new https.Agent({ keepAlive: false });
    const credentials = proxy.username
        ? {
            'Proxy-Authorization': `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`
        }
        : {};
    agent.createConnection = (options, done) => {
        const target = `${String(options['host'])}:${String(options['port'])}`;
        const connect = (proxy.protocol === 'https:' ? https : (external_node_http_default())).request({
            host: proxy.hostname,
            port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
            method: 'CONNECT',
            path: target,
            headers: { Host: target, ...credentials },
            agent: false
        });
        connect.once('connect', (response, socket) => {
            if (response.statusCode !== 200) {
                socket.destroy();
                done(Object.assign(new Error(`the proxy ${proxy.origin} refused to open a tunnel to ${target} (HTTP ${response.statusCode})`), {
                    code: 'EPROXY'
                }));
                return;
            }
            // Importing node:tls statically would load TLS for every run; https has loaded it by now.
            const tls = process.getBuiltinModule('node:tls');
            done(null, tls.connect({ ...options, socket, servername: String(options['servername'] ?? options['host']) }));
        });
        connect.once('error', (error) => done(Object.assign(error, { message: `the proxy ${proxy.origin}: ${error.message}` })));
        connect.end();
        return undefined;
    };
    return agent;
}

;// CONCATENATED MODULE: ./src/http.ts
/**
 * The one place that talks HTTP: one attempt, with a connect timeout, an attempt timeout and a
 * bounded body. It never follows redirects (node:http does not). It connects directly unless
 * the caller names a proxy, which only calls to ARM and Entra ID do: managed identity endpoints
 * must never see one.
 *
 * It never puts request or response headers or bodies into an error message; callers decide
 * what of an answer is safe to show.
 */


class HttpFailure extends Error {
    kind;
    name = 'HttpFailure';
    constructor(kind, message) {
        super(message);
        this.kind = kind;
    }
}
/** Token answers are 1–10 KB; anything far larger is not a token answer. */
const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
// keepAlive off: one request per connection, and the process exits as soon as it is done.
// A fresh Agent also ignores NODE_USE_ENV_PROXY, which only reconfigures the global agents.
const directHttpAgent = new (external_node_http_default()).Agent({ keepAlive: false });
const seconds = (ms) => `${Math.round(ms / 100) / 10} s`;
let httpsModule;
/**
 * node:https (and with it TLS) is loaded only when an https URL is asked for: loading it costs
 * about 10 ms, a quarter of a plain IMDS run, and IMDS itself is plain HTTP.
 */
async function transportFor(url, proxy) {
    if (url.protocol !== 'https:') {
        if (proxy)
            throw new Error(`Only https:// requests go through a proxy, not ${url.origin}`);
        return { request: (external_node_http_default()).request, agent: directHttpAgent };
    }
    const https = await (httpsModule ??= Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 708, 23)).then((module) => module.default));
    return { request: https.request, agent: proxy ? tunnelAgent(https, proxy) : new https.Agent({ keepAlive: false }) };
}
const send = async (request) => attempt(request, await transportFor(request.url, request.proxy));
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
    const fail = (kind, message) => finish(() => {
        outgoing.destroy();
        reject(new HttpFailure(kind, message));
    });
    const attemptTimer = setTimeout(() => fail(connected ? 'timeout' : 'connect', connected ? `no complete answer within ${seconds(request.timeoutMs)}` : `could not connect within ${seconds(request.timeoutMs)}`), request.timeoutMs);
    const connectTimer = setTimeout(() => connected || fail('connect', `could not connect within ${seconds(request.connectTimeoutMs ?? request.timeoutMs)}`), request.connectTimeoutMs ?? request.timeoutMs);
    outgoing.on('socket', (socket) => {
        // A socket that already failed (ENETUNREACH comes back at once) is not connecting either:
        // only a remote address proves a connection. A tunnel's TLS socket reports secureConnect.
        if (!socket.connecting && socket.remoteAddress !== undefined)
            connected = true;
        const connect = () => void (connected = true);
        socket.once('connect', connect);
        socket.once('secureConnect', connect);
    });
    outgoing.on('error', (error) => {
        if (error.code === 'EPROXY')
            return fail('connect', error.message);
        const reason = error.code ? `${error.code}` : error.message;
        if (/CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS_|ERR_SSL_/.test(reason)) {
            return fail('tls', `the server's TLS certificate was not accepted (${reason}: ${error.message})`);
        }
        if (!connected)
            fail('connect', describeConnectError(reason));
        else
            fail('reset', `connection broke before the answer was complete (${reason})`);
    });
    outgoing.on('response', (response) => {
        connected = true;
        const chunks = [];
        let size = 0;
        response.on('data', (chunk) => {
            size += chunk.length;
            if (size > maxBodyBytes)
                fail('too-large', `an answer body larger than ${maxBodyBytes / 1024} KiB`);
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

;// CONCATENATED MODULE: ./src/inputs.ts
/**
 * Reads and validates every input once, before any network call. All problems are reported
 * together, each naming the input and the form it accepts.
 */

const SOURCES = ['auto', 'workload-identity', 'app-service', 'arc', 'imds', 'vm-extension'];
const DEFAULT_RESOURCE = 'https://management.azure.com/';
/** Long enough to ride out IMDS's documented 70 s 410 window, with attempts on both sides. */
const DEFAULT_TIMEOUT_SECONDS = 90;
const MAX_TIMEOUT_SECONDS = 3600;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_ASSIGNED_IDENTITY_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourcegroups\/[^/?#\s]+\/providers\/microsoft\.managedidentity\/userassignedidentities\/[^/?#\s]+$/i;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SCOPE_SUFFIX = '/.default';
function readInputs(getInput) {
    const problems = [];
    const check = (read) => {
        try {
            return read();
        }
        catch (error) {
            if (!(error instanceof InputError))
                throw error;
            problems.push(error.message);
            return undefined;
        }
    };
    const value = (name) => getInput(name).trim();
    const resource = check(() => parseResource(value('resource')));
    const identity = check(() => parseIdentity(value));
    const source = check(() => parseSource(value('source')));
    const endpoint = check(() => parseEndpoint(value('endpoint')));
    const exportVariable = check(() => parseVariableName(value('export-variable')));
    const timeoutSeconds = check(() => parseTimeout(value('timeout-seconds')));
    const verify = check(() => parseBoolean('verify', value('verify'), false));
    const jobSummary = check(() => parseBoolean('job-summary', value('job-summary'), true));
    const armEndpoint = check(() => parseArmEndpoint(value('arm-endpoint')));
    const tenantId = check(() => parseTenant(value('tenant-id')));
    const unsupported = source && identity ? selectorProblem(source, identity) : undefined;
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
        tenantId
    };
}
class InputError extends Error {
}
/** Which identity selectors each source can honour; undefined when this one can. Also used for auto-detected sources. */
function selectorProblem(source, identity) {
    if (source === 'vm-extension' && identity.input === 'identity-resource-id') {
        return ("Input 'identity-resource-id' cannot be used with source 'vm-extension': the legacy VM extension " +
            "only knows 'client-id' and 'object-id'. Use one of those, or source 'imds'.");
    }
    if (source === 'arc') {
        return `Input '${identity.input}' cannot be used with source 'arc': an Azure Arc-enabled server has only its own system-assigned identity. Remove '${identity.input}'.`;
    }
    if (source === 'workload-identity' && identity.input !== 'client-id') {
        return (`Input '${identity.input}' cannot be used with source 'workload-identity': Entra ID identifies the workload identity by its ` +
            "client ID. Use 'client-id' (or let AZURE_CLIENT_ID, which AKS sets from the service account, decide).");
    }
    return undefined;
}
/** Shows what the user wrote, short and on one line. */
function quote(raw) {
    const oneLine = raw.replace(/\s+/g, ' ');
    return `'${oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine}'`;
}
function parseResource(raw) {
    if (raw === '')
        return DEFAULT_RESOURCE;
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
    const given = ['client-id', 'object-id', 'identity-resource-id']
        .map((input) => ({ input, value: value(input) }))
        .filter((selector) => selector.value !== '');
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
    const source = raw === '' ? 'auto' : raw.toLowerCase();
    if (SOURCES.includes(source))
        return source;
    throw new InputError(`Input 'source' must be one of ${SOURCES.join(', ')}; got ${quote(raw)}.`);
}
function parseEndpoint(raw) {
    if (raw === '')
        return undefined;
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
        throw new InputError("Input 'endpoint' must be an http:// or https:// base URL such as http://localhost:50342, " +
            `without credentials, query or fragment; got ${quote(raw)}.`);
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
function parseBoolean(name, raw, byDefault) {
    if (raw === '')
        return byDefault;
    if (/^true$/i.test(raw))
        return true;
    if (/^false$/i.test(raw))
        return false;
    throw new InputError(`Input '${name}' must be true or false (default ${byDefault}); got ${quote(raw)}.`);
}
function parseArmEndpoint(raw) {
    if (raw === '')
        return undefined;
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    // The token travels to this address: TLS only, and nothing that could smuggle it elsewhere.
    if (!url || url.protocol !== 'https:' || url.username || url.password || url.search || url.hash || url.pathname !== '/') {
        throw new InputError("Input 'arm-endpoint' must be an https:// Resource Manager origin such as https://management.azure.com, " +
            `without path, credentials, query or fragment; got ${quote(raw)}.`);
    }
    return url.origin;
}
function parseTenant(raw) {
    if (raw === '')
        return undefined;
    if (GUID.test(raw) || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(raw))
        return raw;
    throw new InputError(`Input 'tenant-id' must be a tenant ID (GUID) or domain such as contoso.onmicrosoft.com; got ${quote(raw)}.`);
}
function parseVariableName(raw) {
    if (raw === '')
        return undefined;
    const accepted = "Input 'export-variable' must be an environment variable name (letters, digits and _, not starting with a digit)";
    if (!VARIABLE_NAME.test(raw))
        throw new InputError(`${accepted}; got ${quote(raw)}.`);
    // The runner refuses to let a step overwrite these (docs: "Setting an environment variable").
    if (/^(GITHUB_|RUNNER_)/i.test(raw) || raw.toUpperCase() === 'NODE_OPTIONS') {
        throw new InputError(`${accepted}, and not one the runner reserves (GITHUB_*, RUNNER_*, NODE_OPTIONS); got ${quote(raw)}.`);
    }
    return raw;
}
function parseTimeout(raw) {
    if (raw === '')
        return DEFAULT_TIMEOUT_SECONDS;
    const seconds = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
        throw new InputError(`Input 'timeout-seconds' must be a positive number of seconds, at most ${MAX_TIMEOUT_SECONDS} ` +
            `(default ${DEFAULT_TIMEOUT_SECONDS}); got ${quote(raw)}.`);
    }
    return seconds;
}

;// CONCATENATED MODULE: ./src/retry.ts
/**
 * Retrying within one overall deadline: exponential backoff with jitter, `Retry-After` honoured,
 * each wait logged. The clock is injected so tests run a 70-second outage in milliseconds.
 */

const systemClock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random
};
const FIRST_DELAY_MS = 1000;
// IMDS's 410 lasts up to 70 s: a 10 s cap keeps polling it every few seconds instead of sleeping
// through the recovery, while 16 jobs on one VM still spread out (0.5–1× jitter).
const MAX_DELAY_MS = 10_000;
const MAX_RETRY_AFTER_MS = 60_000;
/** Exponential backoff, 1 s doubling to 10 s, each wait drawn from [½, 1] of its step. */
function backoffDelay(retryNumber, random) {
    const step = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** retryNumber);
    return Math.round(step / 2 + (random() * step) / 2);
}
/** `Retry-After` as delta-seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(header, now) {
    const value = Array.isArray(header) ? header[0] : header;
    if (value === undefined || value.trim() === '')
        return undefined;
    if (/^\d+(\.\d+)?$/.test(value.trim()))
        return Number(value) * 1000;
    if (!/[a-z]{3}/i.test(value))
        return undefined; // an HTTP date names its day and month
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/** The last attempt gets at least this long; a shorter one could not finish a request. */
const MIN_ATTEMPT_MS = 500;
/**
 * Runs `attempt` until it is done, it throws (a permanent failure), or the deadline leaves no
 * room for another wait and attempt. `what` names the operation and the endpoint, e.g.
 * "getting a token from IMDS (http://169.254.169.254/metadata/identity/oauth2/token)".
 */
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
            throw new ActionError(`Gave up ${what} after ${attempts}: the endpoint answered ${outcome.retry} and asked to wait ` +
                `${Math.ceil(outcome.retryAfterMs / 1000)} s (Retry-After), more than the ${Math.max(0, Math.floor(remainingMs / 1000))} s ` +
                `left of timeout-seconds (${timeoutSeconds}). Raise timeout-seconds, or run fewer jobs at once against this endpoint.`);
        }
        // Retry-After is a floor; a little jitter on top keeps parallel jobs from returning in step.
        const waitMs = outcome.retryAfterMs === undefined
            ? backoffDelay(retryNumber, clock.random)
            : outcome.retryAfterMs + Math.round(clock.random() * Math.min(1000, outcome.retryAfterMs / 4 + 250));
        // A wait is never cut short (that would hammer an endpoint that fails fast): when the full
        // wait leaves no time for one more attempt, stop now rather than sleep into the deadline.
        if (remainingMs - waitMs < MIN_ATTEMPT_MS) {
            throw new ActionError(`Timed out ${what} after ${attempts} in ${elapsed} (timeout-seconds: ${timeoutSeconds}). Last failure: ${outcome.retry}.`);
        }
        log(`${outcome.retry}; retrying in ${(waitMs / 1000).toFixed(1)} s (attempt ${retryNumber + 2}).`);
        await clock.sleep(waitMs);
    }
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: ./src/answers.ts
const MAX_SHOWN_ERROR_CHARS = 300;
const PROXY_HINT = 'which means something other than the managed identity endpoint answered, most likely a proxy. This action always ' +
    'connects directly and ignores HTTP_PROXY/HTTPS_PROXY, so the interception happens on the network path (a transparent ' +
    'proxy, a firewall, or a container network): exempt the endpoint from it, because IMDS only answers requests sent ' +
    'directly from the VM.';
/** For calls that go through the runner's proxy on purpose (ARM, Entra ID). */
const proxiedHint = (proxy, host) => `which looks like the answer of the proxy (${proxy.origin}) rather than of ${host}: check that the proxy lets the ` +
    `runner reach ${host}, or list ${host} in NO_PROXY if the runner can reach it directly.`;
function looksLikeHtml(body) {
    return /^\s*<(!doctype|html|head|body|\?xml)/i.test(body);
}
/** The endpoint's own words from an error body, on one bounded line. */
function describeErrorBody(body) {
    const text = errorText(body).replace(/\s+/g, ' ').trim();
    if (text === '')
        return 'no error details';
    return text.length > MAX_SHOWN_ERROR_CHARS ? `${text.slice(0, MAX_SHOWN_ERROR_CHARS - 3)}...` : text;
}
const optionalString = (value) => (typeof value === 'string' && value !== '' ? value : undefined);
function looksLikeProxy(response) {
    return (response.status === 407 ||
        ['via', 'proxy-agent', 'x-squid-error', 'proxy-connection'].some((name) => name in response.headers) ||
        looksLikeHtml(response.body) ||
        /proxy|x-forwarded-for|directly connect/i.test(response.body));
}
function errorText(body) {
    let json;
    try {
        json = JSON.parse(body);
    }
    catch {
        if (looksLikeHtml(body)) {
            const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
            return title ? `an HTML page titled "${title}"` : 'an HTML page';
        }
        return body;
    }
    if (typeof json !== 'object' || json === null)
        return body;
    const fields = json;
    // Whatever the status, a body carrying a token is never shown.
    if ('access_token' in fields)
        return 'a body with an access_token field (not shown)';
    const error = fields['error'];
    // Entra / IMDS: {"error": "invalid_request", "error_description": "..."}
    if (typeof error === 'string') {
        const description = optionalString(fields['error_description']);
        return description ? `${error}: ${description}` : error;
    }
    // ARM and Cloud Shell: {"error": {"code": "...", "message": "..."}}
    if (typeof error === 'object' && error !== null) {
        const { code, message } = error;
        return [optionalString(code), optionalString(message)].filter(Boolean).join(': ') || body;
    }
    // App Service / Container Apps: {"statusCode": 400, "message": "...", "correlationId": "..."}
    const message = optionalString(fields['message']) ?? optionalString(fields['Message']);
    if (message) {
        const correlationId = optionalString(fields['correlationId']) ?? optionalString(fields['correlation_id']);
        return correlationId ? `${message} (correlation ID ${correlationId})` : message;
    }
    return body;
}

;// CONCATENATED MODULE: ./src/call.ts
/**
 * One request to an Azure endpoint, retried the way Microsoft recommends, with a message for
 * every way it can fail. Token endpoints, IMDS instance metadata and ARM all go through here;
 * each describes its endpoint as a `Call` (what to send, which statuses are transient, how to
 * read a 200, which refusals it can explain).
 */




/** Nothing listens at the endpoint (refused, no route, connect timeout). */
class EndpointUnreachable extends ActionError {
    name = 'EndpointUnreachable';
}
/** Per attempt; a slow token fetch from Entra takes a few seconds, a hung endpoint forever. */
const ATTEMPT_TIMEOUT_MS = 10_000;
/** Microsoft's guidance for IMDS: 404 (updating), 408, 410 (updating), 429 (throttled), 5xx. */
const isTransientForImds = (status) => [404, 408, 410, 429].includes(status) || (status >= 500 && status <= 599);
async function callWithRetries(call, ctx, options = {}) {
    const address = `${call.url.origin}${call.url.pathname}`;
    const where = `${call.name} (${address})`;
    ctx.log.debug(`${call.method ?? 'GET'} ${call.url.href}${call.proxy ? ` through the proxy ${call.proxy.origin}` : ''}`);
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
                proxy: call.proxy,
                timeoutMs: Math.max(1, Math.min(options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS, remainingMs)),
                connectTimeoutMs: options.connectTimeoutMs
            });
        }
        catch (error) {
            if (!(error instanceof HttpFailure))
                throw error;
            if (error.kind === 'connect' && first && options.giveUpIfUnreachable)
                throw new EndpointUnreachable(`${where}: ${error.message}`);
            if (error.kind === 'too-large')
                throw new ActionError(`${capitalized(where)} sent ${error.message}, more than any real answer, ${PROXY_HINT}`);
            if (error.kind === 'tls') {
                throw new ActionError(`${capitalized(where)}: ${error.message}. If a TLS-inspecting proxy or firewall re-signs traffic, give Node its CA ` +
                    "certificate with NODE_EXTRA_CA_CERTS in the runner's environment (.env file of the runner).");
            }
            return { retry: error.message };
        }
        ctx.log.debug(`${where} answered HTTP ${response.status}`);
        if (response.status === (call.expect ?? 200))
            return { done: call.parse(response, capitalized(where)) };
        const details = describeErrorBody(response.body);
        if (call.isTransient(response.status)) {
            return {
                retry: `HTTP ${response.status} (${details})`,
                retryAfterMs: parseRetryAfter(response.headers['retry-after'], ctx.clock.now())
            };
        }
        const proxyHint = call.proxy ? proxiedHint(call.proxy, call.url.host) : PROXY_HINT;
        throw new ActionError(refusal(where, call.request, response, details, call.explain?.(response.status, details, response), proxyHint));
    };
    return withRetries(`${call.purpose} from ${where}`, attempt, { clock: ctx.clock, deadline: ctx.deadline, log: (m) => ctx.log.info(m) }, ctx.timeoutSeconds);
}
function refusal(where, request, response, details, explanation, proxyHint) {
    if (response.status >= 300 && response.status < 400) {
        const location = String(response.headers.location);
        const target = URL.canParse(location) ? ` to ${new URL(location).host}` : '';
        return `${capitalized(where)} answered HTTP ${response.status}, a redirect${target}, which the action never follows: ${proxyHint}`;
    }
    const stated = `${capitalized(where)} refused the ${request}: HTTP ${response.status}, ${sentence(details)}`;
    if (explanation)
        return `${stated} ${explanation}`;
    if (looksLikeProxy(response))
        return `${stated} The answer looks like a proxy's, ${proxyHint}`;
    return `${stated} A ${response.status} is a request error, so it was not retried; the endpoint's message above says what it rejected.`;
}

;// CONCATENATED MODULE: ./src/claims.ts
const stringClaim = (payload, name) => {
    const value = payload[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
};
/** The identity claims of a JWT access token; empty when the token is not a readable JWT. */
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
        // v1 tokens carry the client ID in appid, v2 tokens in azp.
        clientId: stringClaim(claims, 'appid') ?? stringClaim(claims, 'azp'),
        objectId: stringClaim(claims, 'oid'),
        tenantId: stringClaim(claims, 'tid'),
        // Managed identity tokens name the identity's ARM resource (for a system-assigned identity,
        // the VM itself) in xms_mirid.
        identityResourceId: stringClaim(claims, 'xms_mirid'),
        audience: typeof audience === 'string' ? audience : Array.isArray(audience) ? audience.join(' ') : undefined
    };
}

;// CONCATENATED MODULE: ./src/token-response.ts
/**
 * Parses a token endpoint's success answer. It holds a secret, so nothing here ever puts any
 * part of it into a message.
 */


// Epoch seconds before 2001 or after 2200 are not an expiry but a misread field.
const PLAUSIBLE_EPOCH_SECONDS = { min: 978_307_200, max: 7_258_118_400 };
/**
 * Parses a 200 answer. `maskSecret` receives the token the moment it is found, before the rest
 * of the body is checked, so even a rejected answer cannot leak it later. `where` names the
 * endpoint for error messages.
 */
function parseTokenBody(body, now, where, maskSecret) {
    let json;
    try {
        json = JSON.parse(body);
    }
    catch {
        throw new ActionError(`${where} answered HTTP 200, but the body (${body.length} characters) is not JSON, so it holds no token` +
            (looksLikeHtml(body) ? `: it is an HTML page, ${PROXY_HINT}` : '.'));
    }
    const fields = typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {};
    const accessToken = fields['access_token'];
    if (typeof accessToken !== 'string' || accessToken === '') {
        throw new ActionError(`${where} answered HTTP 200, but the JSON body has no access_token string (${describeFields(fields)}).`);
    }
    maskSecret(accessToken);
    const expiresOn = readExpiry(fields, now);
    if (expiresOn === undefined) {
        throw new ActionError(`${where} answered HTTP 200 with a token, but no readable expiry: expires_on is ${describeValue(fields['expires_on'])} ` +
            `and expires_in is ${describeValue(fields['expires_in'])} (expected epoch seconds, a date, or a number of seconds).`);
    }
    return {
        accessToken,
        expiresOn,
        tokenType: token_response_optionalString(fields['token_type']) ?? 'Bearer',
        resource: token_response_optionalString(fields['resource']),
        clientId: token_response_optionalString(fields['client_id']),
        objectId: token_response_optionalString(fields['object_id']),
        identityResourceId: token_response_optionalString(fields['msi_res_id'])
    };
}
/** `expires_on` (epoch seconds as number or string, or a date string), else now + `expires_in`. */
function readExpiry(fields, now) {
    const expiresOn = fields['expires_on'];
    const asNumber = toNumber(expiresOn);
    if (asNumber !== undefined) {
        if (asNumber >= PLAUSIBLE_EPOCH_SECONDS.min && asNumber <= PLAUSIBLE_EPOCH_SECONDS.max)
            return new Date(asNumber * 1000);
    }
    else if (typeof expiresOn === 'string' && /\d{4}/.test(expiresOn)) {
        // Older App Service versions send dates such as "11/05/2021 15:18:31 +00:00".
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
const token_response_optionalString = (value) => (typeof value === 'string' && value !== '' ? value : undefined);
/** Names what a value is without showing it: success bodies are never quoted. */
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
    const names = Object.keys(fields).slice(0, 12);
    return names.length === 0 ? 'no fields at all' : `fields: ${names.map((name) => name.slice(0, 40)).join(', ')}`;
}

;// CONCATENATED MODULE: ./src/token-request.ts
/**
 * Asks one managed identity token endpoint for a token. Each source (IMDS, the VM extension, …)
 * describes its endpoint as a `TokenEndpoint`; the request, retries and failure messages are
 * `callWithRetries`'s, and the answer is read and masked by `parseTokenBody`.
 */



function requestToken(endpoint, ctx, options = {}) {
    return callWithRetries({
        ...endpoint,
        purpose: 'getting a token',
        request: 'token request',
        isTransient: endpoint.isTransient ?? isTransientForImds,
        parse: (response, where) => {
            const parsed = parseTokenBody(response.body, ctx.clock.now(), where, ctx.maskSecret);
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
                endpoint: `${endpoint.url.origin}${endpoint.url.pathname}`
            };
        }
    }, ctx, options);
}

;// CONCATENATED MODULE: ./src/sources/app-service.ts
/**
 * App Service, Azure Functions and Azure Container Apps (the Container Apps jobs that run
 * self-hosted runners): the platform sets IDENTITY_ENDPOINT and IDENTITY_HEADER, and the token
 * comes from `GET {IDENTITY_ENDPOINT}?resource=…&api-version=2019-08-01` with
 * `X-IDENTITY-HEADER`. The header value is a rotating secret: masked, never printed.
 */

const API_VERSION = '2019-08-01';
const SELECTOR_PARAMETER = { 'client-id': 'client_id', 'object-id': 'principal_id', 'identity-resource-id': 'mi_res_id' };
function appServiceTokenEndpoint({ resource, identity, endpoint }, ctx) {
    const identityEndpoint = endpoint ?? ctx.env['IDENTITY_ENDPOINT'];
    const header = ctx.env['IDENTITY_HEADER'];
    if (!identityEndpoint || !header) {
        throw new ActionError("Source 'app-service' needs IDENTITY_ENDPOINT and IDENTITY_HEADER, which App Service, Functions and Container Apps " +
            `set for a container whose app or job has a managed identity; this runner has ${identityEndpoint ? 'no IDENTITY_HEADER' : 'no IDENTITY_ENDPOINT'}. ` +
            'Turn on an identity for the app or job (Identity settings), and start the runner with the environment the platform gives it.');
    }
    ctx.maskSecret(header);
    const url = new URL(identityEndpoint);
    url.searchParams.set('resource', resource);
    url.searchParams.set('api-version', API_VERSION);
    if (identity)
        url.searchParams.set(SELECTOR_PARAMETER[identity.input], identity.value);
    return {
        source: 'app-service',
        name: 'the App Service / Container Apps identity endpoint',
        url,
        headers: { 'X-IDENTITY-HEADER': header },
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

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ./src/sources/arc.ts
/**
 * Azure Arc-enabled servers (runners outside Azure): the Connected Machine agent serves tokens
 * at `http://127.0.0.1:40342/metadata/identity/oauth2/token` after a challenge. The first
 * request answers 401 with `WWW-Authenticate: Basic realm=<key file>`; whoever may read that
 * file proves to be on the machine by sending its content back. Since the file's content is
 * sent as a credential, the file must be where the agent keeps its keys — anything else could be
 * an impostor asking the runner to send it some other secret.
 */






const ARC_DEFAULT_ENDPOINT = 'http://127.0.0.1:40342/metadata/identity/oauth2/token';
const arc_API_VERSION = '2020-06-01';
/** The agent's keys are a few dozen bytes; the SDKs refuse anything over 4 KiB. */
const MAX_KEY_BYTES = 4096;
const NAME = 'the Azure Arc agent';
function arcTokensFolder(platform, env) {
    return platform === 'win32'
        ? external_node_path_default().win32.join(env['ProgramData'] ?? 'C:\\ProgramData', 'AzureConnectedMachineAgent', 'Tokens')
        : '/var/opt/azcmagent/tokens';
}
/** Where the agent's service binary lives when the agent is installed. */
function arcAgentBinary(platform, env) {
    return platform === 'win32'
        ? external_node_path_default().win32.join(env['ProgramFiles'] ?? 'C:\\Program Files', 'AzureConnectedMachineAgent', 'himds.exe')
        : '/opt/azcmagent/bin/himds';
}
async function arcToken(inputs, ctx, tokensFolder = arcTokensFolder(ctx.platform, ctx.env)) {
    if (inputs.identity)
        throw new ActionError(selectorProblem('arc', inputs.identity));
    const url = new URL(inputs.endpoint ?? ctx.env['IDENTITY_ENDPOINT'] ?? ARC_DEFAULT_ENDPOINT);
    url.searchParams.set('api-version', arc_API_VERSION);
    url.searchParams.set('resource', inputs.resource);
    const keyFile = await callWithRetries({
        name: NAME,
        purpose: 'getting a token',
        request: 'token request',
        url,
        headers: { Metadata: 'true' },
        isTransient: isTransientForImds,
        expect: 401,
        parse: (response, where) => {
            const realm = /^Basic realm=(.+)$/i.exec(String(response.headers['www-authenticate'] ?? '').trim())?.[1];
            if (!realm)
                throw new ActionError(`${where} answered 401 without the agent's "Basic realm=<key file>" challenge, so it is not an Azure Arc agent.`);
            return realm;
        }
    }, ctx);
    const key = readKey(keyFile, tokensFolder, ctx.platform);
    ctx.maskSecret(key);
    return requestToken({ source: 'arc', name: NAME, url, headers: { Metadata: 'true', Authorization: `Basic ${key}` }, resource: inputs.resource }, ctx);
}
/** Reads the challenge's key file, if it is one: a .key file directly inside the agent's folder, at most 4 KiB. */
function readKey(file, folder, platform) {
    const paths = platform === 'win32' ? (external_node_path_default()).win32 : (external_node_path_default()).posix;
    const same = (a, b) => (platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b);
    const refuse = (why) => new ActionError(`${capitalized(NAME)} asked for the key file ${file}, which ${why}: refused as a possible attack (whatever answers on the agent's ` +
        `port could name any file, to have its content sent as a credential). The agent keeps its keys as .key files in ${folder}.`);
    if (!same(paths.dirname(paths.normalize(file)), folder) || paths.normalize(file) !== file)
        throw refuse(`is not directly inside ${folder}`);
    if (paths.extname(file).toLowerCase() !== '.key')
        throw refuse('is not a .key file');
    let size;
    try {
        const stat = (0,external_node_fs_namespaceObject.lstatSync)(file);
        if (!stat.isFile())
            throw refuse('is not a regular file (a link, for one, could point anywhere)');
        size = stat.size;
    }
    catch (error) {
        if (error instanceof ActionError)
            throw error;
        throw unreadable(file, error, platform);
    }
    if (size > MAX_KEY_BYTES)
        throw refuse(`is ${size} bytes, larger than the agent's keys ever are (${MAX_KEY_BYTES} at most)`);
    try {
        return (0,external_node_fs_namespaceObject.readFileSync)(file, 'utf8');
    }
    catch (error) {
        throw unreadable(file, error, platform);
    }
}
function unreadable(file, error, platform) {
    const code = error.code ?? String(error);
    const fix = platform === 'win32'
        ? "run the runner service as a member of the local 'Hybrid agent extension applications' group (or Administrators)"
        : 'add the account the runner runs as to the himds group (sudo usermod -aG himds <runner-user>) and restart the runner service';
    return new ActionError(`${capitalized(NAME)} asked for its key file ${file}, which the runner cannot read (${code}): ${fix}.`);
}

;// CONCATENATED MODULE: ./src/sources/imds.ts
/**
 * Azure Instance Metadata Service, the managed identity endpoint of every Azure VM and scale set
 * instance: `GET http://169.254.169.254/metadata/identity/oauth2/token` with `Metadata: true`.
 */



const IMDS_ORIGIN = 'http://169.254.169.254';
const TOKEN_PATH = '/metadata/identity/oauth2/token';
// Every Azure SDK still sends 2018-02-01, the version that introduced the identity endpoint.
const imds_API_VERSION = '2018-02-01';
/** IMDS documents msi_res_id; the older mi_res_id spelling "leads to issues in some scenarios" (MSAL Java). */
const imds_SELECTOR_PARAMETER = { 'client-id': 'client_id', 'object-id': 'object_id', 'identity-resource-id': 'msi_res_id' };
function imdsTokenEndpoint({ resource, identity, endpoint }) {
    const url = new URL(`${endpoint ?? IMDS_ORIGIN}${TOKEN_PATH}`);
    url.searchParams.set('api-version', imds_API_VERSION);
    url.searchParams.set('resource', resource);
    if (identity)
        url.searchParams.set(imds_SELECTOR_PARAMETER[identity.input], identity.value);
    return {
        source: 'imds',
        name: 'IMDS',
        url,
        headers: { Metadata: 'true' },
        resource,
        explain: (status, details) => explainRefusal(status, details, { resource, identity })
    };
}
/** Fixes for the refusals IMDS and the VM extension are known to give (their bodies share a shape). */
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
        return (`Microsoft Entra ID knows no resource '${request.resource}' in this tenant: check the 'resource' input ` +
            '(for example https://management.azure.com/ for ARM, https://vault.azure.net for Key Vault, ' +
            'https://storage.azure.com/ for Storage, https://graph.microsoft.com/ for Microsoft Graph).');
    }
    if (/metadata header|x-forwarded-for/i.test(details)) {
        return `The action sends Metadata: true and no X-Forwarded-For, so a header was changed on the way, ${PROXY_HINT}`;
    }
    return undefined;
}
// 2021-02-01 has every field used here (resourceId since 2019-03-11, azEnvironment since 2018-10-01).
const INSTANCE_API_VERSION = '2021-02-01';
const REQUIRED_FIELDS = ['subscriptionId', 'resourceGroupName', 'name', 'vmId', 'resourceId', 'location', 'azEnvironment'];
function instanceMetadataCall(base = IMDS_ORIGIN) {
    return {
        name: 'IMDS',
        purpose: 'reading the instance metadata',
        request: 'instance metadata request',
        url: new URL(`${base}/metadata/instance/compute?api-version=${INSTANCE_API_VERSION}`),
        headers: { Metadata: 'true' },
        isTransient: isTransientForImds,
        parse: (response, where) => {
            let compute = {};
            try {
                const json = JSON.parse(response.body);
                if (typeof json === 'object' && json !== null)
                    compute = json;
            }
            catch {
                throw new ActionError(`${where} answered HTTP 200, but its instance metadata is not JSON (${response.body.length} characters).`);
            }
            const missing = REQUIRED_FIELDS.filter((field) => typeof compute[field] !== 'string' || compute[field] === '');
            if (missing.length > 0) {
                throw new ActionError(`${where} answered HTTP 200, but its instance metadata lacks ${missing.join(', ')}.`);
            }
            return Object.fromEntries(REQUIRED_FIELDS.map((field) => [field, compute[field]]));
        }
    };
}

;// CONCATENATED MODULE: ./src/sources/vm-extension.ts

const VM_EXTENSION_ORIGIN = 'http://localhost:50342';
const vm_extension_TOKEN_PATH = '/oauth2/token';
const DEPRECATION_WARNING = 'The token came from the legacy Managed Identity VM extension, which Microsoft has deprecated in favour of IMDS ' +
    '(http://169.254.169.254, built into every Azure VM, no extension needed). Remove the extension from the VM and ' +
    "let this action use IMDS (source 'auto' or 'imds').";
function vmExtensionTokenEndpoint({ resource, identity, endpoint }) {
    if (identity?.input === 'identity-resource-id') {
        // inputs.ts refuses this combination for source 'vm-extension'; 'auto' checks before falling back.
        throw new Error('The VM extension cannot select an identity by resource ID.');
    }
    const url = new URL(`${endpoint ?? VM_EXTENSION_ORIGIN}${vm_extension_TOKEN_PATH}`);
    url.searchParams.set('resource', resource);
    if (identity)
        url.searchParams.set(identity.input === 'client-id' ? 'client_id' : 'object_id', identity.value);
    return {
        source: 'vm-extension',
        name: 'the VM extension',
        url,
        headers: { Metadata: 'true' },
        resource,
        explain: (status, details) => explainRefusal(status, details, { resource, identity })
    };
}

;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map
;// CONCATENATED MODULE: ./src/sources/workload-identity.ts
/**
 * AKS workload identity (runner pods of actions-runner-controller, for one): the webhook puts a
 * projected service account token in AZURE_FEDERATED_TOKEN_FILE, and Entra ID exchanges it for
 * an access token (client credentials with a federated assertion). The file rotates, so it is
 * read again for every request; its content is a credential: masked, never printed. Entra ID is
 * on the internet, so this call goes through the runner's proxy, like ARM's.
 */



const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com/';
function workloadIdentityTokenEndpoint({ resource, identity, endpoint, tenantId }, ctx) {
    const tokenFile = ctx.env['AZURE_FEDERATED_TOKEN_FILE'];
    const clientId = identity?.input === 'client-id' ? identity.value : ctx.env['AZURE_CLIENT_ID'];
    const tenant = tenantId ?? ctx.env['AZURE_TENANT_ID'];
    const missing = [
        tokenFile ? undefined : 'AZURE_FEDERATED_TOKEN_FILE',
        clientId ? undefined : "a client ID (input 'client-id' or AZURE_CLIENT_ID)",
        tenant ? undefined : "a tenant (input 'tenant-id' or AZURE_TENANT_ID)"
    ].filter(Boolean);
    if (missing.length > 0 || !tokenFile || !clientId || !tenant) {
        throw new ActionError(`Workload identity needs ${missing.join(', ')}. AKS sets AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID and AZURE_TENANT_ID ` +
            'in pods labelled azure.workload.identity/use: "true" whose service account is annotated azure.workload.identity/client-id.');
    }
    const authority = (endpoint ?? ctx.env['AZURE_AUTHORITY_HOST'] ?? DEFAULT_AUTHORITY).replace(/\/*$/, '/');
    const url = new URL(`${authority}${encodeURIComponent(tenant)}/oauth2/v2.0/token`);
    if (url.protocol !== 'https:' && !/^(127\.|localhost$|\[::1\]$)/.test(url.hostname)) {
        throw new ActionError(`The authority ${url.origin} is not https://: the request carries the federated token, so it goes over TLS only.`);
    }
    const proxy = getProxyUrl(url);
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
        proxy: proxy && new URL(proxy.href),
        // Entra ID's transient answers: timeouts, throttling, server errors.
        isTransient: (status) => status === 408 || status === 429 || (status >= 500 && status <= 599),
        resource,
        explain: (_, details) => explainEntra(details, { clientId, tenant, resource })
    };
}
function readAssertion(file) {
    try {
        return (0,external_node_fs_namespaceObject.readFileSync)(file, 'utf8').trim();
    }
    catch (error) {
        throw new ActionError(`The federated token file AZURE_FEDERATED_TOKEN_FILE=${file} cannot be read (${error.code ?? String(error)}): ` +
            'check that the pod mounts the projected service account token (the azure-workload-identity webhook adds it).');
    }
}
function explainEntra(details, { clientId, tenant, resource }) {
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
        return `Entra ID knows no resource '${resource}' in this tenant: check the 'resource' input.`;
    return undefined;
}

;// CONCATENATED MODULE: ./src/sources/choose.ts
/**
 * Picks the endpoint that serves this runner's managed identity and gets the token from it.
 * `auto` looks at what each platform announces, most specific first: AKS workload identity,
 * App Service / Container Apps, Azure Arc, and then an Azure VM's IMDS (with the legacy VM
 * extension as the last resort).
 */










/**
 * IMDS is link-local and connects in well under a millisecond on a VM; an address that has not
 * connected in 3 s is not there. Only auto-detection uses this: an explicit `source: imds`
 * keeps retrying for the whole of timeout-seconds.
 */
const AUTO_CONNECT_TIMEOUT_MS = 3000;
const NOT_AN_AZURE_VM_HINT = "Is this runner an Azure VM (or scale set instance) with a managed identity enabled? Turn one on under the VM's " +
    'Identity settings (system-assigned, or assign a user-assigned identity). IMDS must be reachable at 169.254.169.254 ' +
    'from where the action runs: a VM without a route to 169.254.169.254/32 times out, and in a container an iptables ' +
    'rule, an internal Docker network, a host firewall or a Kubernetes network policy can block it; check from there with ' +
    'curl -sS -H Metadata:true "http://169.254.169.254/metadata/instance?api-version=2021-02-01" (the README\'s "Container ' +
    "jobs and Docker\" says what to do for each). If IMDS is only slow to connect, set source 'imds' to keep retrying for " +
    'timeout-seconds. On Container Apps, App Service, AKS workload identity or Azure Arc, the platform sets environment ' +
    'variables this action looks for (see the README); none of them is set here.';
/** The source `auto` picks from what the platform announces, and why; undefined: try IMDS. */
function detectSource({ env, platform }) {
    if (env['AZURE_FEDERATED_TOKEN_FILE'])
        return { source: 'workload-identity', because: 'AZURE_FEDERATED_TOKEN_FILE is set (AKS workload identity)' };
    if (env['IDENTITY_ENDPOINT'] && env['IDENTITY_HEADER']) {
        return { source: 'app-service', because: 'IDENTITY_ENDPOINT and IDENTITY_HEADER are set (Container Apps, App Service or Functions)' };
    }
    if (env['IDENTITY_ENDPOINT'] && env['IMDS_ENDPOINT'])
        return { source: 'arc', because: 'IDENTITY_ENDPOINT and IMDS_ENDPOINT are set (Azure Arc)' };
    const agent = arcAgentBinary(platform, env);
    if ((0,external_node_fs_namespaceObject.existsSync)(agent))
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
    // An explicit endpoint names the one place to ask: there is nothing to fall back to.
    if (inputs.endpoint !== undefined)
        return requestToken(imdsTokenEndpoint(inputs), ctx);
    return imdsThenVmExtension(inputs, ctx);
}
function fromSource(source, inputs, ctx) {
    switch (source) {
        case 'workload-identity':
            return requestToken(workloadIdentityTokenEndpoint(inputs, ctx), ctx);
        case 'app-service':
            return requestToken(appServiceTokenEndpoint(inputs, ctx), ctx);
        case 'arc':
            return arcToken(inputs, ctx);
        case 'imds':
            return requestToken(imdsTokenEndpoint(inputs), ctx);
        case 'vm-extension':
            ctx.log.warning(DEPRECATION_WARNING);
            return requestToken(vmExtensionTokenEndpoint(inputs), ctx);
    }
}
/**
 * The first request is the real IMDS token request, not a probe. Only when IMDS cannot be
 * connected to at all is the legacy VM extension tried.
 */
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
    if (inputs.identity?.input === 'identity-resource-id') {
        throw new ActionError(`No managed identity endpoint answered: ${imdsProblem}, and the legacy VM extension cannot select an identity by ` +
            `'identity-resource-id'. ${NOT_AN_AZURE_VM_HINT}`);
    }
    ctx.log.info(`${imdsProblem}; trying the legacy VM extension.`);
    const outcome = await requestToken(vmExtensionTokenEndpoint(inputs), ctx, { giveUpIfUnreachable: true }).catch((error) => ({
        error
    }));
    if ('error' in outcome && outcome.error instanceof EndpointUnreachable) {
        throw new ActionError(`No managed identity endpoint answered: ${imdsProblem}; ${outcome.error.message}. ${NOT_AN_AZURE_VM_HINT}`);
    }
    // Whether it gave a token or refused, the extension is what this VM runs: say it is deprecated.
    ctx.log.warning(DEPRECATION_WARNING);
    if ('error' in outcome)
        throw outcome.error;
    return outcome;
}

;// CONCATENATED MODULE: ./src/summary.ts
/** Table cells: the few characters that would break a Markdown table or inject HTML. */
const cell = (value) => (value || '—')
    .replace(/[|\\]/g, '\\$&')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .replace(/\s+/g, ' ');
function renderSummary(token, expiresOn, verified, failure) {
    const rows = [
        ['Source', `${token.source} (${token.endpoint})`],
        ['Identity', `client ID ${token.clientId || 'not stated'}, object ID ${token.objectId || 'not stated'}`],
        ['Tenant', token.tenantId],
        ['Resource', token.resource],
        ['Expires', expiresOn]
    ];
    if (verified) {
        const { metadata, vm, arm } = verified;
        rows.push(['Verified VM', `${vm.name || metadata.name} (VM ID ${vm.vmId || metadata.vmId})`], ['VM resource ID', vm.id], ['Location', vm.location || metadata.location], ['Cloud', `${metadata.azEnvironment} (${arm})`]);
    }
    if (failure)
        rows.push(['Verification', `failed: ${failure}`]);
    const table = rows.map(([name, value]) => `| ${name} | ${cell(value)} |`).join('\n');
    return `### Azure managed identity token${verified ? ' ✅ verified' : ''}\n\n| | |\n|---|---|\n${table}\n`;
}

;// CONCATENATED MODULE: ./src/arm.ts
/**
 * Azure Resource Manager: which one serves the VM's cloud, and reading the VM's own record with
 * the token. ARM is reached through the runner's proxy when HTTPS_PROXY says so (honouring
 * NO_PROXY, as @actions/http-client does for every other action), over TLS only.
 */


/** Resource Manager of each cloud IMDS names in azEnvironment (compared case-insensitively). */
const ARM_BY_CLOUD = {
    azurepubliccloud: 'https://management.azure.com',
    azureusgovernmentcloud: 'https://management.usgovcloudapi.net',
    azurechinacloud: 'https://management.chinacloudapi.cn'
};
/** Stable Compute API version, available in every cloud (any version since 2017-12-01 reads a VM). */
const COMPUTE_API_VERSION = '2024-11-01';
/**
 * Where ARM is, and which audience its tokens need: the cloud's ARM, unless 'arm-endpoint'
 * says where to send (a private endpoint, a test, Azure Stack Hub). The audience stays the
 * cloud's whenever the cloud is known.
 */
function armEndpointFor(azEnvironment, override) {
    const arm = ARM_BY_CLOUD[azEnvironment.toLowerCase()];
    if (arm || override)
        return { endpoint: override ?? arm, audience: `${arm ?? override}/` };
    throw new ActionError(`IMDS says this VM runs in the cloud '${azEnvironment}', whose Resource Manager the action does not know ` +
        `(it knows ${Object.keys(ARM_BY_CLOUD).join(', ')}). Set 'arm-endpoint' to its https:// Resource Manager ` +
        "address (for Azure Stack Hub, e.g. https://management.<region>.<domain>), or turn 'verify' off.");
}
/** Whether ARM at `arm` accepts a token issued for this audience. */
function isArmAudience(audience, arm) {
    const plain = (uri) => uri.replace(/\/+$/, '').toLowerCase();
    const accepted = [plain(arm)];
    // ARM in the public cloud also accepts tokens for its original App ID URI.
    if (plain(arm) === ARM_BY_CLOUD['azurepubliccloud'])
        accepted.push('https://management.core.windows.net');
    return accepted.includes(plain(audience));
}
function readVmCall(arm, resourceId, token, armAudience = `${arm}/`) {
    const url = new URL(`${arm}${resourceId}?api-version=${COMPUTE_API_VERSION}`);
    const proxy = getProxyUrl(url);
    const audience = token.audience || token.resource;
    return {
        name: 'Azure Resource Manager',
        purpose: "reading the VM's record",
        request: "request for the VM's record",
        url,
        headers: { Authorization: `${token.tokenType} ${token.token}`, Accept: 'application/json' },
        proxy: proxy && new URL(proxy.href),
        // ARM's guidance: throttling (429, with Retry-After) and server errors are transient.
        isTransient: (status) => status === 429 || (status >= 500 && status <= 599),
        parse: (response, where) => {
            let vm;
            try {
                const json = JSON.parse(response.body);
                vm = typeof json === 'object' && json !== null ? json : {};
            }
            catch {
                throw new ActionError(`${where} answered HTTP 200, but the VM's record is not JSON (${response.body.length} characters).`);
            }
            const properties = (typeof vm['properties'] === 'object' && vm['properties'] !== null ? vm['properties'] : {});
            const text = (value) => (typeof value === 'string' ? value : '');
            return { id: text(vm['id']) || resourceId, name: text(vm['name']), location: text(vm['location']), vmId: text(properties['vmId']) };
        },
        explain: (status, details) => {
            if (status === 401) {
                return isArmAudience(audience, armAudience)
                    ? `The token is for ${audience}, which ARM accepts, so it is expired, from another tenant than the subscription's, ` +
                        'or otherwise invalid: check that the identity belongs to the tenant of the subscription.'
                    : `The token was issued for ${audience}, but ARM at ${arm} only accepts tokens for ${armAudience}.`;
            }
            if (status === 403 && /AuthorizationFailed/i.test(details)) {
                const who = token.objectId ? `object ID ${token.objectId}` : `client ID ${token.clientId}`;
                return (`The identity (${who}) can get tokens but lacks Microsoft.Compute/virtualMachines/read on this VM. Grant it the ` +
                    `Reader role on the VM: az role assignment create --assignee-object-id ${token.objectId || '<object-id>'} ` +
                    `--assignee-principal-type ServicePrincipal --role Reader --scope ${resourceId}. Role assignments can take a few ` +
                    'minutes to apply.');
            }
            if (status === 404) {
                return `ARM has no resource ${resourceId}, the ID IMDS gave for this VM: check that the VM still exists and that the identity's tenant holds its subscription.`;
            }
            return undefined;
        }
    };
}

;// CONCATENATED MODULE: ./src/verify.ts
/**
 * `verify: true`: prove the token works by reading this VM's own record from Resource Manager,
 * with nothing for the user to fill in: IMDS says which VM and which cloud, and the identity
 * that got the token reads it.
 */





async function verifyOnArm(inputs, token, ctx) {
    if (token.source !== 'imds' && token.source !== 'vm-extension') {
        throw new ActionError(`verify reads the runner VM's own record, which IMDS describes; the token came from ${token.source}, which is not an Azure VM. ` +
            "Turn 'verify' off here, and prove the token with a call the workflow makes anyway.");
    }
    // Instance metadata comes from the IMDS that gave the token (the endpoint input, in tests).
    const imds = token.source === 'imds' && inputs.endpoint ? inputs.endpoint : IMDS_ORIGIN;
    const metadata = await callWithRetries(instanceMetadataCall(imds), ctx);
    const { endpoint: arm, audience } = armEndpointFor(metadata.azEnvironment, inputs.armEndpoint);
    let armToken = token;
    if (!isArmAudience(token.audience || token.resource, audience)) {
        // The user's token is for another service and never goes to ARM: the same identity gets a
        // token for ARM just for the check. It is masked like any token and handed to no one.
        ctx.log.info(`The token is for ${token.resource}; getting a separate token for ${audience} to verify with (it is not handed over).`);
        armToken = await getToken({ ...inputs, source: token.source, resource: audience }, ctx);
    }
    const vm = await callWithRetries(readVmCall(arm, metadata.resourceId, armToken, audience), ctx);
    return { metadata, arm, vm };
}

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/toolkit.ts


const asText = (value) => value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
const escapeData = (value) => asText(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (value) => escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
/** `::name key=value,…::message`, as command.js's Command.toString() builds it. */
function workflowCommand(name, message, properties = {}) {
    let text = `::${name}`;
    if (Object.keys(properties).length > 0) {
        text += ` ${Object.entries(properties)
            .filter(([, value]) => value)
            .map(([key, value]) => `${key}=${escapeProperty(value)}`)
            .join(',')}`;
    }
    return `${text}::${escapeData(message)}${external_node_os_namespaceObject.EOL}`;
}
/** A random (v4) UUID from the OS's CSPRNG; `node:crypto` only where there is no /dev/urandom. */
function randomUuid(platform = process.platform) {
    const bytes = Buffer.alloc(16);
    try {
        if (platform === 'win32')
            throw new Error('no /dev/urandom');
        const fd = (0,external_node_fs_namespaceObject.openSync)('/dev/urandom', 'r');
        try {
            if ((0,external_node_fs_namespaceObject.readSync)(fd, bytes, 0, 16, null) !== 16)
                throw new Error('short read');
        }
        finally {
            (0,external_node_fs_namespaceObject.closeSync)(fd);
        }
    }
    catch {
        return process.getBuiltinModule('node:crypto').randomUUID();
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
/** file-command.js: issueFileCommand(command, prepareKeyValueMessage(name, value)). */
function appendFileCommand(command, name, value) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath)
        throw new Error(`Unable to find environment variable for file command ${command}`);
    if (!(0,external_node_fs_namespaceObject.existsSync)(filePath))
        throw new Error(`Missing file at path: ${filePath}`);
    const delimiter = `ghadelimiter_${randomUuid()}`;
    const text = asText(value);
    // The delimiter ends the record: a name or value containing it could forge another record.
    if (name.includes(delimiter))
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    if (text.includes(delimiter))
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    (0,external_node_fs_namespaceObject.appendFileSync)(filePath, `${name}<<${delimiter}${external_node_os_namespaceObject.EOL}${text}${external_node_os_namespaceObject.EOL}${delimiter}${external_node_os_namespaceObject.EOL}`, { encoding: 'utf8' });
}
const messageOf = (message) => (message instanceof Error ? message.toString() : message);
/** `write` prints to the log (standard output); tests pass their own to read what was printed. */
function createCore(write = (text) => void process.stdout.write(text)) {
    return {
        getInput(name, options) {
            const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
            if (options?.required && !value)
                throw new Error(`Input required and not supplied: ${name}`);
            return options?.trimWhitespace === false ? value : value.trim();
        },
        setSecret(secret) {
            write(workflowCommand('add-mask', secret));
        },
        setOutput(name, value) {
            if (process.env['GITHUB_OUTPUT'])
                return appendFileCommand('OUTPUT', name, value);
            write(external_node_os_namespaceObject.EOL);
            write(workflowCommand('set-output', value, { name }));
        },
        exportVariable(name, value) {
            process.env[name] = asText(value);
            if (process.env['GITHUB_ENV'])
                return appendFileCommand('ENV', name, value);
            write(workflowCommand('set-env', value, { name }));
        },
        info(message) {
            write(message + external_node_os_namespaceObject.EOL);
        },
        // Annotation properties (file, line, …) are not used by this action, so none are passed on.
        warning(message) {
            write(workflowCommand('warning', messageOf(message)));
        },
        debug(message) {
            write(workflowCommand('debug', message));
        },
        appendSummary(markdown) {
            const filePath = process.env['GITHUB_STEP_SUMMARY'];
            if (!filePath) {
                throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
            }
            (0,external_node_fs_namespaceObject.appendFileSync)(filePath, markdown, { encoding: 'utf8' });
        },
        setFailed(message) {
            process.exitCode = 1;
            write(workflowCommand('error', messageOf(message)));
        }
    };
}
const toolkitCore = createCore();

;// CONCATENATED MODULE: ./src/main.ts
/**
 * The action: read the inputs, get the token, mask it, hand it over. This is the only module
 * with side effects on the runner (through `core`); everything it calls takes plain values and
 * throws, and the one failure is reported here.
 */








const defaultDependencies = { send: send, clock: systemClock, env: process.env, platform: process.platform };
async function run(core = toolkitCore, { send, clock, env, platform } = defaultDependencies) {
    try {
        const inputs = readInputs((name) => core.getInput(name));
        const log = { info: (m) => core.info(m), warning: (m) => core.warning(m), debug: (m) => core.debug(m) };
        const ctx = {
            send,
            clock,
            env,
            platform,
            // One deadline for the whole step: the token and, with verify, the check on ARM.
            deadline: clock.now() + inputs.timeoutSeconds * 1000,
            timeoutSeconds: inputs.timeoutSeconds,
            log,
            // Every token is masked the moment its answer is parsed, before anything else touches it.
            maskSecret: (secret) => core.setSecret(secret)
        };
        const token = await getToken(inputs, ctx);
        const expiresOn = token.expiresOn.toISOString().replace(/\.\d{3}Z$/, 'Z');
        handOver(core, token, expiresOn, inputs);
        let verified;
        let failure;
        try {
            if (inputs.verify) {
                verified = await verifyOnArm(inputs, token, ctx);
                reportVerified(core, verified);
            }
        }
        catch (error) {
            failure = errorMessage(error);
            throw error;
        }
        finally {
            if (inputs.jobSummary)
                writeSummary(core, renderSummary(token, expiresOn, verified, failure));
        }
    }
    catch (error) {
        core.setFailed(errorMessage(error));
        if (!(error instanceof ActionError) && error instanceof Error && error.stack)
            core.debug(error.stack);
    }
}
function handOver(core, token, expiresOn, inputs) {
    core.setOutput('access-token', token.token);
    // None of these is secret; masking one would make GitHub drop any job output containing it.
    const outputs = {
        'expires-on': expiresOn,
        'token-type': token.tokenType,
        resource: token.resource,
        'client-id': token.clientId,
        'object-id': token.objectId,
        'tenant-id': token.tenantId,
        'identity-resource-id': token.identityResourceId,
        source: token.source
    };
    for (const [name, value] of Object.entries(outputs))
        core.setOutput(name, value);
    if (inputs.exportVariable) {
        core.exportVariable(inputs.exportVariable, token.token);
    }
    const unknown = (value) => value || 'not stated';
    core.info(`Got a ${token.tokenType} token for ${token.resource} from ${token.endpoint} (source: ${token.source}).`);
    core.info(`  identity: client ID ${unknown(token.clientId)}, object ID ${unknown(token.objectId)}, tenant ${unknown(token.tenantId)}`);
    core.info(`  expires:  ${expiresOn}`);
    core.info(inputs.exportVariable
        ? `  handed over as the step output 'access-token' and the environment variable ${inputs.exportVariable} (masked in logs).`
        : "  handed over as the step output 'access-token' (masked in logs).");
}
function reportVerified(core, { metadata, arm, vm }) {
    const outputs = {
        'subscription-id': metadata.subscriptionId,
        'resource-group': metadata.resourceGroupName,
        'vm-name': vm.name || metadata.name,
        'vm-id': vm.vmId || metadata.vmId,
        'vm-resource-id': vm.id,
        location: vm.location || metadata.location,
        'azure-environment': metadata.azEnvironment
    };
    for (const [name, value] of Object.entries(outputs))
        core.setOutput(name, value);
    core.info(`Verified: this identity read the runner VM's own record from ${arm}.`);
    core.info(`  VM:       ${outputs['vm-name']} (VM ID ${outputs['vm-id']}), ${outputs['location']}, ${metadata.azEnvironment}`);
    core.info(`  resource: ${vm.id}`);
}
/** A summary that cannot be written is worth a warning, not a failed step. */
function writeSummary(core, markdown) {
    try {
        core.appendSummary(markdown);
    }
    catch (error) {
        core.warning(`The job summary was not written: ${errorMessage(error)}`);
    }
}


/***/ }),

/***/ 708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
