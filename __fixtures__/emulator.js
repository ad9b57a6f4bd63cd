// @ts-check
/**
 * An emulator of the managed identity endpoints a runner can reach, over real HTTP:
 * IMDS (`/metadata/identity/oauth2/token`, `/metadata/instance/compute`), the legacy VM
 * extension (`/oauth2/token`), the App Service / Container Apps endpoint (`/msi/token`, with
 * `appServiceHeader`), and, with `arc`, the Azure Arc agent's challenge on the IMDS path.
 * `arm-emulator.js` plays Resource Manager and `entra-emulator.js` Entra ID beside it.
 * It behaves like the real services where the action depends on it (required headers, identity
 * selection, the documented error bodies, string-typed numbers) and issues JWT-shaped tokens
 * with the claims Entra puts in managed identity tokens (the signature is random bytes).
 *
 * Plain JavaScript with no dependencies, so `npm start` runs it on a fresh clone.
 * Tests script faults with `enqueue()`: each queued fault answers the next token request.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { accessSync, constants, realpathSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * @typedef {{ clientId: string, objectId: string, resourceId: string }} Identity
 * @typedef {{
 *   tenantId: string, subscriptionId: string, resourceGroup: string, name: string, resourceId: string,
 *   vmId: string, location: string, azEnvironment: string,
 *   systemAssigned: Identity | undefined, userAssigned: Identity[]
 * }} Vm
 * @typedef {{ method: string, path: string, query: Record<string, string>, headers: http.IncomingHttpHeaders, at: number }} RecordedRequest
 * @typedef {{
 *   request: http.IncomingMessage, response: http.ServerResponse, url: URL,
 *   issueToken: () => Record<string, string>
 * }} FaultContext
 * @typedef {(context: FaultContext) => void} Fault
 */

/** Clearly fake IDs: every one is a valid GUID starting with zeros. */
export const FAKE = {
  tenantId: '00000000-0000-0000-0000-00000000aaaa',
  subscriptionId: '00000000-0000-0000-0000-00000000bbbb',
  resourceGroup: 'rg-runners',
  vmName: 'vm-runner-01'
};

/** @returns {Vm} */
export function defaultVm() {
  const vmId = `/subscriptions/${FAKE.subscriptionId}/resourceGroups/${FAKE.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${FAKE.vmName}`;
  /** @param {string} name @param {string} suffix @returns {Identity} */
  const userAssigned = (name, suffix) => ({
    clientId: `00000000-0000-0000-0001-${suffix}`,
    objectId: `00000000-0000-0000-0002-${suffix}`,
    resourceId: `/subscriptions/${FAKE.subscriptionId}/resourceGroups/${FAKE.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`
  });
  return {
    tenantId: FAKE.tenantId,
    subscriptionId: FAKE.subscriptionId,
    resourceGroup: FAKE.resourceGroup,
    name: FAKE.vmName,
    resourceId: vmId,
    vmId: '00000000-0000-0000-0003-000000000001',
    location: 'westeurope',
    azEnvironment: 'AzurePublicCloud',
    systemAssigned: {
      clientId: '00000000-0000-0000-0001-000000000000',
      objectId: '00000000-0000-0000-0002-000000000000',
      resourceId: vmId
    },
    userAssigned: [userAssigned('id-deployer', '000000000001'), userAssigned('id-reader', '000000000002')]
  };
}

const TOKEN_LIFETIME_SECONDS = 86_399;

/**
 * @typedef {{ folder: string, keyFile?: string, key?: string }} ArcOptions where the agent keeps
 *   its key files; `keyFile` / `key` replace the challenge's file name / content (to test refusals)
 * @param {{
 *   port?: number, host?: string, vm?: Vm, appServiceHeader?: string, arc?: ArcOptions,
 *   onIssue?: (token: string) => void,
 *   limits?: { concurrent: number, perSecond: number }, latencyMs?: number
 * }} [options] `limits`: IMDS's per-VM throttling of identity requests (429 beyond them);
 *   `latencyMs`: how long each token answer takes (IMDS fetching from Entra ID)
 */
export async function startEmulator({
  port = 0,
  host = '127.0.0.1',
  vm = defaultVm(),
  appServiceHeader,
  arc,
  onIssue,
  limits,
  latencyMs = 0
} = {}) {
  /** @type {RecordedRequest[]} */
  const requests = [];
  /** @type {Fault[]} */
  const faults = [];
  /** Every token handed out, so tests can scan for leaks of any of them. */
  /** @type {string[]} */
  const issuedTokens = [];
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();

  /** @param {Identity} identity @param {string} resource */
  const issue = (identity, resource) => {
    const now = Math.floor(Date.now() / 1000);
    const token = jwt({
      aud: resource,
      iss: `https://sts.windows.net/${vm.tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + TOKEN_LIFETIME_SECONDS,
      aio: randomBytes(40).toString('base64url'),
      appid: identity.clientId,
      appidacr: '2',
      idp: `https://sts.windows.net/${vm.tenantId}/`,
      idtyp: 'app',
      oid: identity.objectId,
      rh: randomBytes(24).toString('base64url'),
      sub: identity.objectId,
      tid: vm.tenantId,
      uti: randomBytes(16).toString('base64url'),
      ver: '1.0',
      xms_mirid: identity.resourceId
    });
    issuedTokens.push(token);
    onIssue?.(token);
    // IMDS sends every field as a string (its swagger types them all "string").
    return {
      access_token: token,
      client_id: identity.clientId,
      expires_in: String(TOKEN_LIFETIME_SECONDS),
      expires_on: String(now + TOKEN_LIFETIME_SECONDS),
      ext_expires_in: String(TOKEN_LIFETIME_SECONDS),
      not_before: String(now),
      resource,
      token_type: 'Bearer'
    };
  };

  /**
   * @param {URLSearchParams} query
   * @param {string} resourceIdParameter
   * @returns {{ identity: Identity } | { error: string }}
   */
  const selectIdentity = (query, resourceIdParameter) => {
    const all = [vm.systemAssigned, ...vm.userAssigned].filter((identity) => identity !== undefined);
    const clientId = query.get('client_id');
    const objectId = query.get('object_id');
    const resourceId = query.get(resourceIdParameter);
    /** @type {Identity | undefined} */
    let found;
    if (clientId) found = vm.userAssigned.find((i) => i.clientId.toLowerCase() === clientId.toLowerCase());
    else if (objectId) found = vm.userAssigned.find((i) => i.objectId.toLowerCase() === objectId.toLowerCase());
    else if (resourceId) found = vm.userAssigned.find((i) => i.resourceId.toLowerCase() === resourceId.toLowerCase());
    else if (vm.systemAssigned) found = vm.systemAssigned;
    else if (vm.userAssigned.length > 1) {
      return {
        error: 'Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request'
      };
    } else found = vm.userAssigned[0];
    return found && all.includes(found) ? { identity: found } : { error: 'Identity not found' };
  };

  /** @param {http.ServerResponse} response @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
  const json = (response, status, body, headers = {}) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', Server: 'IMDS/150.870.65.1544', ...headers });
    response.end(text);
  };

  /** @param {http.IncomingMessage} request @param {http.ServerResponse} response @param {URL} url @param {{ resourceIdParameter: string, apiVersion: boolean }} kind */
  const tokenEndpoint = (request, response, url, kind) => {
    if (request.headers['metadata'] !== 'true') {
      return json(response, 400, { error: 'invalid_request', error_description: 'Required metadata header not specified' });
    }
    if (request.headers['x-forwarded-for'] !== undefined) {
      return json(response, 400, { error: 'invalid_request', error_description: 'Request contains X-Forwarded-For header' });
    }
    const names = [...url.searchParams.keys()];
    if (new Set(names).size !== names.length) {
      return json(response, 400, { error: 'invalid_request', error_description: 'Duplicate query parameter' });
    }
    if (kind.apiVersion && url.searchParams.get('api-version') !== '2018-02-01') {
      return json(response, 400, { error: 'invalid_request', error_description: 'Invalid or missing api-version' });
    }
    const resource = url.searchParams.get('resource');
    if (!resource) {
      return json(response, 400, { error: 'invalid_request', error_description: "Required query variable 'resource' is missing" });
    }
    const selected = selectIdentity(url.searchParams, kind.resourceIdParameter);
    if ('error' in selected) return json(response, 400, { error: 'invalid_request', error_description: selected.error });
    return json(response, 200, issue(selected.identity, resource));
  };

  /** Error bodies of App Service / Container Apps: {statusCode, message, correlationId}. */
  /** @param {http.ServerResponse} response @param {number} status @param {string} message */
  const appServiceError = (response, status, message) =>
    json(response, status, { statusCode: status, message, correlationId: randomUUID() });

  /** @param {http.IncomingMessage} request @param {http.ServerResponse} response @param {URL} url */
  const appServiceEndpoint = (request, response, url) => {
    if (request.headers['x-identity-header'] !== appServiceHeader) {
      return appServiceError(response, 401, 'The X-IDENTITY-HEADER header is missing or invalid.');
    }
    if (url.searchParams.get('api-version') !== '2019-08-01') return appServiceError(response, 400, 'Unsupported api-version.');
    const resource = url.searchParams.get('resource');
    if (!resource) return appServiceError(response, 400, "Required parameter 'resource' is missing.");
    const [clientId, principalId, resourceId] = ['client_id', 'principal_id', 'mi_res_id'].map((name) =>
      url.searchParams.get(name)?.toLowerCase()
    );
    const identity =
      clientId || principalId || resourceId
        ? vm.userAssigned.find(
            (i) =>
              i.clientId.toLowerCase() === clientId || i.objectId.toLowerCase() === principalId || i.resourceId.toLowerCase() === resourceId
          )
        : vm.systemAssigned;
    if (!identity)
      return appServiceError(
        response,
        400,
        'No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.'
      );
    // App Service's answer: expires_on as a string of epoch seconds, and no expires_in.
    const { access_token, expires_on, token_type } = issue(identity, resource);
    return json(response, 200, { access_token, expires_on, resource, token_type, client_id: identity.clientId });
  };

  /** @param {http.IncomingMessage} request @param {http.ServerResponse} response @param {URL} url */
  const arcEndpoint = (request, response, url) => {
    if (!arc) return;
    const resource = url.searchParams.get('resource');
    if (request.headers['metadata'] !== 'true' || !resource || url.searchParams.get('api-version') !== '2020-06-01') {
      return json(response, 400, { error: 'invalid_request', error_description: 'Bad request' });
    }
    const presented = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (presented && arcKeys.has(presented)) {
      arcKeys.delete(presented);
      return json(response, 200, issue(/** @type {Identity} */ (vm.systemAssigned), resource));
    }
    // The agent's challenge: a fresh key in a file only its group may read.
    const key = arc.key ?? randomBytes(32).toString('hex');
    const keyFile = arc.keyFile ?? join(arc.folder, `${randomUUID()}.key`);
    if (!arc.keyFile) writeFileSync(keyFile, key, { mode: 0o640 });
    arcKeys.add(key);
    arcFiles.push(keyFile);
    response.writeHead(401, { 'WWW-Authenticate': `Basic realm=${keyFile}`, 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ error: 'unauthorized_client', error_description: 'Missing or invalid authorization header' }));
  };
  /** @type {Set<string>} */
  const arcKeys = new Set();
  /** @type {string[]} key files written, removed when the emulator closes */
  const arcFiles = [];

  /** Throttling state: token requests being answered, and when the accepted ones came. */
  let inFlight = 0;
  /** @type {number[]} */
  let acceptedAt = [];
  const throttling = { rejected: 0, maxInFlight: 0 };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://emulator');
    // MSAL asks for ".../oauth2/token/"; IMDS answers with or without the slash.
    if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '');
    if (limits && url.pathname.endsWith('/oauth2/token')) {
      const now = Date.now();
      acceptedAt = acceptedAt.filter((at) => now - at < 1000);
      if (inFlight >= limits.concurrent || acceptedAt.length >= limits.perSecond) {
        throttling.rejected++;
        requests.push({
          method: request.method ?? '',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: request.headers,
          at: now
        });
        return json(response, 429, { error: 'too_many_requests', error_description: 'IMDS Throttle limit reached.' });
      }
      acceptedAt.push(now);
      inFlight++;
      throttling.maxInFlight = Math.max(throttling.maxInFlight, inFlight);
      response.on('close', () => inFlight--);
    }
    if (latencyMs > 0 && url.pathname.endsWith('/oauth2/token')) return void setTimeout(() => handle(request, response, url), latencyMs);
    handle(request, response, url);
  });

  /** @param {http.IncomingMessage} request @param {http.ServerResponse} response @param {URL} url */
  function handle(request, response, url) {
    requests.push({
      method: request.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      at: Date.now()
    });
    if (request.method !== 'GET') return json(response, 405, { error: 'method_not_allowed', error_description: 'Only GET is supported' });
    const isTokenPath = ['/metadata/identity/oauth2/token', '/oauth2/token', '/msi/token'].includes(url.pathname);
    const fault = isTokenPath ? faults.shift() : undefined;
    if (fault) {
      const resource = url.searchParams.get('resource') ?? 'https://management.azure.com/';
      const identity = vm.systemAssigned ?? vm.userAssigned[0] ?? defaultVm().userAssigned[0];
      return fault({ request, response, url, issueToken: () => issue(/** @type {Identity} */ (identity), resource) });
    }
    if (url.pathname === '/metadata/identity/oauth2/token' && arc) return arcEndpoint(request, response, url);
    if (url.pathname === '/metadata/identity/oauth2/token') {
      return tokenEndpoint(request, response, url, { resourceIdParameter: 'msi_res_id', apiVersion: true });
    }
    if (url.pathname === '/msi/token' && appServiceHeader) return appServiceEndpoint(request, response, url);
    if (url.pathname === '/metadata/instance/compute') {
      if (request.headers['metadata'] !== 'true') {
        return json(response, 400, { error: 'Bad request. Required metadata header not specified' });
      }
      if (!url.searchParams.get('api-version')) {
        return json(response, 400, {
          error: 'Bad request. api-version was not specified in the request. For more information refer to aka.ms/azureimds'
        });
      }
      // As IMDS does: every value a string, fields the action does not read included too.
      return json(response, 200, {
        azEnvironment: vm.azEnvironment,
        location: vm.location,
        name: vm.name,
        osType: 'Linux',
        resourceGroupName: vm.resourceGroup,
        resourceId: vm.resourceId,
        subscriptionId: vm.subscriptionId,
        vmId: vm.vmId,
        vmScaleSetName: '',
        vmSize: 'Standard_D2s_v5',
        zone: ''
      });
    }
    if (url.pathname === '/oauth2/token') {
      return tokenEndpoint(request, response, url, { resourceIdParameter: '', apiVersion: false });
    }
    return json(response, 404, { error: 'not_found', error_description: `No such path: ${url.pathname}` });
  }
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    // A port in use is a plain error (for the command line to explain), not an unhandled event.
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    vm,
    requests,
    issuedTokens,
    /** Token requests only (IMDS, VM extension and App Service paths). */
    tokenRequests: () => requests.filter((r) => r.path.endsWith('/oauth2/token') || r.path === '/msi/token'),
    /** Issues a token for `identity` (recorded for leak scans); for Entra ID's emulator. @param {Identity} identity @param {string} resource */
    issue: (identity, resource) => issue(identity, resource),
    /** Key files the Arc challenge named. */
    arcFiles,
    /** With `limits`: how many token requests got 429, and the most answered at once. */
    throttling,
    /** Queues faults; each answers one token request, in order. @param {...Fault} next */
    enqueue: (...next) => void faults.push(...next),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (!arc?.keyFile) for (const file of arcFiles) rmSync(file, { force: true });
        server.close(() => resolve(undefined));
      })
  };
}

/** @param {Record<string, unknown>} payload */
function jwt(payload) {
  const part = (/** @type {unknown} */ value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'RS256', x5t: 'emulator', kid: 'emulator' })}.${part(payload)}.${randomBytes(256).toString('base64url')}`;
}

/** Ready-made faults for tests. */
export const faults = {
  /** @param {number} status @param {unknown} [body] @param {Record<string, string>} [headers] @returns {Fault} */
  status:
    (status, body = { error: 'server_error', error_description: `Emulated ${status}` }, headers = {}) =>
    ({ response }) => {
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    },
  /** A 200 with this exact body. @param {string} body @param {string} [contentType] @returns {Fault} */
  body:
    (body, contentType = 'application/json; charset=utf-8') =>
    ({ response }) => {
      response.writeHead(200, { 'Content-Type': contentType });
      response.end(body);
    },
  /**
   * A 200 carrying a real token whose other fields `change` rewrites (e.g. drops the expiry).
   * @param {(body: Record<string, unknown>) => Record<string, unknown>} change @returns {Fault}
   */
  token:
    (change) =>
    ({ response, issueToken }) => {
      response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(change(issueToken())));
    },
  /** Never answers; the socket stays open until the emulator closes. @returns {Fault} */
  hang: () => () => {},
  /** Drops the connection before any answer. @returns {Fault} */
  resetBeforeAnswer:
    () =>
    ({ request }) =>
      request.socket.destroy(),
  /** Sends the headers and the start of a real token answer, then drops the connection. @returns {Fault} */
  resetDuringBody:
    () =>
    ({ request, response, issueToken }) => {
      const body = JSON.stringify(issueToken());
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
      response.write(body.slice(0, 200));
      setTimeout(() => request.socket.destroy(), 20);
    },
  /** Sends a real token answer one `chunkSize` piece every `everyMs`. @param {number} chunkSize @param {number} everyMs @returns {Fault} */
  trickle:
    (chunkSize, everyMs) =>
    ({ response, issueToken }) => {
      const body = JSON.stringify(issueToken());
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
      let offset = 0;
      const timer = setInterval(() => {
        if (response.destroyed) return clearInterval(timer);
        response.write(body.slice(offset, offset + chunkSize));
        offset += chunkSize;
        if (offset >= body.length) {
          clearInterval(timer);
          response.end();
        }
      }, everyMs);
    },
  /** A 200 whose JSON body is `bytes` long. @param {number} bytes @returns {Fault} */
  huge:
    (bytes) =>
    ({ response }) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(`{"padding":"${'x'.repeat(Math.max(0, bytes - 15))}"}`);
    }
};

/**
 * `node __fixtures__/emulator.js [PORT]` serves, by hand, the endpoints a runner can meet (Ctrl+C
 * stops it; it prints the settings to use for each):
 * - an Azure VM: IMDS at http://127.0.0.1:PORT (the legacy VM extension's path there too);
 * - App Service / Container Apps: the same server's `/msi/token`, with a fixed IDENTITY_HEADER;
 * - the Azure Arc agent at PORT+1, when the agent's key folder (the only one the action reads key
 *   files from) is writable here.
 * Each token it issues is reported by length only; `--print-tokens` prints them in full, as
 * "issued <token>" lines, for the tests that scan for leaks.
 *
 * Other options: `--host H` and `--port P` (the "VM in a box" tests play IMDS at
 * 169.254.169.254:80 inside a network namespace), `--extension-port P2` (a second instance at
 * 127.0.0.1:P2 playing the VM extension), `--arc-port P3`, `--identity-header V`.
 */
const isMain = (() => {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
})();
if (isMain) {
  const option = (/** @type {string} */ name) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const positional = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : undefined;
  const host = option('--host') ?? '127.0.0.1';
  const port = Number(option('--port') ?? positional ?? 0);
  const printTokens = process.argv.includes('--print-tokens');
  const identityHeader = option('--identity-header') ?? '00000000-0000-4000-8000-00000000cccc';
  const vm = defaultVm();
  const onIssue = (/** @type {string} */ token) => {
    if (printTokens) return console.log(`issued ${token}`);
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    console.log(`issued a token for ${claims.aud} to client ID ${claims.appid} (${token.length} characters, not shown)`);
  };

  /** @param {Parameters<typeof startEmulator>[0]} options */
  const start = (options) =>
    startEmulator(options).catch((/** @type {NodeJS.ErrnoException} */ error) => {
      const what = error.code === 'EADDRINUSE' ? 'is in use' : `cannot be listened on (${error.code ?? error.message})`;
      console.error(`Port ${options?.port} on ${options?.host} ${what}: pick another, e.g. node __fixtures__/emulator.js 18080.`);
      process.exit(1);
    });
  const imds = await start({ host, port, vm, onIssue, appServiceHeader: identityHeader });
  const emulators = [imds];
  const extensionPort = option('--extension-port');
  if (extensionPort) emulators.push(await start({ host: '127.0.0.1', port: Number(extensionPort), vm, onIssue }));

  const arcFolder =
    process.platform === 'win32'
      ? join(process.env['ProgramData'] ?? 'C:\\ProgramData', 'AzureConnectedMachineAgent', 'Tokens')
      : '/var/opt/azcmagent/tokens';
  let arcWritable = true;
  try {
    accessSync(arcFolder, constants.W_OK);
  } catch {
    arcWritable = false;
  }
  const arc = arcWritable
    ? await start({ host, port: Number(option('--arc-port') ?? (port ? port + 1 : 0)), vm, onIssue, arc: { folder: arcFolder } })
    : undefined;
  if (arc) emulators.push(arc);

  console.log(`listening ${emulators.map((e) => e.url).join(' ')}`);
  const lines = [
    'Managed identity emulator (Ctrl+C stops it). What a runner would be given on each host:',
    `  Azure VM (IMDS, and the legacy VM extension's path): input endpoint=${imds.url}`,
    ...(extensionPort ? [`  the legacy VM extension alone: input endpoint=${emulators[1]?.url}`] : []),
    `  App Service / Container Apps: IDENTITY_ENDPOINT=${imds.url}/msi/token IDENTITY_HEADER=${identityHeader}`,
    arc
      ? `  Azure Arc agent: IDENTITY_ENDPOINT=${arc.url}/metadata/identity/oauth2/token IMDS_ENDPOINT=${arc.url} (key files in ${arcFolder})`
      : `  Azure Arc agent: not played, because the action reads the agent's key files only from ${arcFolder}, which is not writable here (as root: mkdir -p ${arcFolder}).`,
    printTokens
      ? 'Issued tokens are printed in full (--print-tokens).'
      : 'Issued tokens are reported by length only (--print-tokens prints them in full).'
  ];
  console.error(lines.join('\n'));
  const stop = () => void Promise.all(emulators.map((e) => e.close())).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
