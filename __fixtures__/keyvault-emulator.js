// @ts-check
/**
 * Azure Key Vault's secret reads (`GET /secrets/{name}[/{version}]?api-version=…`), over real TLS
 * on loopback with the test certificate (tls/server.pem covers *.vault.azure.net,
 * *.vault.usgovcloudapi.net, *.vault.azure.cn; trusted in tests through
 * NODE_EXTRA_CA_CERTS=tls/ca.pem). One server plays every vault a test names, told apart by the
 * Host header as the real service does; `routes` sends each vault's host:443 here (test-dns.js,
 * or the proxy's `tunnels`). Facts: ../../shared/azure-key-vault.md (error bodies verbatim there).
 *
 * It behaves like the service where the action depends on it:
 * - `api-version` is required (7.0–7.6, 2025-07-01; 400 BadParameter otherwise), names are checked
 *   (400 BadParameter), secret names and versions compare case-insensitively, no version means the
 *   latest, and the answer is a SecretBundle (value, id, contentType, attributes, tags) with Key
 *   Vault's headers (x-ms-request-id, x-ms-keyvault-region, -network-info, -service-version).
 * - Only tokens the identity emulator issued (`imds.issuedTokens`) for the vault audience of the
 *   vault's cloud, exactly (`https://vault.azure.net`, no trailing slash), from the vault's tenant:
 *   401 AKV10000 without a token, AKV10022 for another audience, AKV10032 for another tenant, each
 *   with the `WWW-Authenticate: Bearer authorization=…, resource=…` challenge.
 * - 403s as Key Vault words them (caller's appid/oid/iss included): `deny` or `readers` on a vault
 *   or a secret pick ForbiddenByRbac / AccessDenied (by the vault's `permissionModel`),
 *   ForbiddenByFirewall (with the client address) or ForbiddenByConnection; a disabled version is
 *   403 SecretDisabled; a missing secret or version 404 SecretNotFound. Expired and not yet valid
 *   secrets are served, as Key Vault does.
 * - `throttle: { requests, windowMs }` on a vault: that many answered requests per sliding window,
 *   then 429 Throttled without Retry-After (429s do not count, as documented).
 * Wording that the facts do not give (unknown host or path, a token nobody issued) is the emulator's own.
 *
 * Hostile answers: a secret's `fault` (one for every request to it, or a list used up one request
 * at a time) answers after the token was checked; `enqueue()` queues faults for the next requests
 * to any vault, before any check (as the other emulators' queues do). `kvFaults` has ready-made
 * ones: Key Vault errors, 429 / 5xx, a redirect to another host, a rewritten bundle (an `id` for
 * another secret, a non-string `value`), a body of any size, hang, reset. Any text a test wants
 * (workflow commands, Markdown: `HOSTILE_TEXT`) can go in a version's `id`, `contentType`, `tags`,
 * or a fault's error message.
 *
 * It records every request (host as sent, path, query, the bearer token, time, x-ms-request-id,
 * how many were in flight on arrival, the status answered) and the peak number in flight, so
 * tests can check which token went where and how many requests the action had open at once;
 * `latencyMs` holds each answer to make overlap visible.
 *
 * Not run by hand: it accepts only tokens issued by an identity emulator in the same process
 * (scripts/start.js starts both).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TLS = join(dirname(fileURLToPath(import.meta.url)), 'tls');

/** Each cloud's vault host suffix → the audience its vaults accept and the login host of its challenge. */
export const VAULT_CLOUDS = {
  'vault.azure.net': { audience: 'https://vault.azure.net', login: 'https://login.windows.net' },
  'vault.usgovcloudapi.net': { audience: 'https://vault.usgovcloudapi.net', login: 'https://login.microsoftonline.us' },
  'vault.azure.cn': { audience: 'https://vault.azure.cn', login: 'https://login.chinacloudapi.cn' }
};
export const API_VERSIONS = ['7.0', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '2025-07-01'];
const SERVICE_VERSION = '1.9.2770.1';
const NAME = /^[0-9a-zA-Z-]{1,127}$/;
const VERSION = /^[0-9a-zA-Z]{1,64}$/;

/** Workflow commands and Markdown/HTML, for the hostile answers tests write. */
export const HOSTILE_TEXT =
  '::error::pwned by the vault\n##[set-output name=pwned;]yes\n::add-mask::\n::stop-commands::x\n# **Markdown** [link](https://attacker.example/) <img src=x onerror=alert(1)> | a | table |';

/**
 * @typedef {'rbac' | 'access-policy' | 'firewall' | 'connection'} Denial what answers the caller
 *   with a 403: no role (ForbiddenByRbac), no access policy (AccessDenied), the vault's firewall
 *   (ForbiddenByFirewall), public network access disabled (ForbiddenByConnection)
 * @typedef {{
 *   value?: unknown, version?: string, contentType?: string, enabled?: boolean,
 *   nbf?: number, exp?: number, created?: number, updated?: number,
 *   tags?: Record<string, unknown>, id?: string
 * }} SecretVersion one version; times in Unix seconds; `version` defaults to 32 random lowercase hex;
 *   `id` replaces the answer's id (hostile tests); `value` may be any JSON (hostile tests)
 * @typedef {{
 *   versions: SecretVersion[], deny?: Denial, readers?: string[] | 'everyone',
 *   fault?: KeyVaultFault | KeyVaultFault[]
 * }} SecretOptions `versions` oldest first (the last is the latest); `readers`: object IDs granted
 *   a role on this secret (RBAC vaults only: access policies are per vault)
 * @typedef {{
 *   host: string, secrets?: Record<string, string | SecretVersion | SecretOptions>,
 *   tenantId?: string, region?: string, subscriptionId?: string, resourceGroup?: string,
 *   permissionModel?: 'rbac' | 'access-policy', readers?: string[] | 'everyone', deny?: Denial,
 *   clientAddress?: string, throttle?: { requests: number, windowMs: number }, latencyMs?: number
 * }} VaultOptions `host`: e.g. myvault.vault.azure.net; a string secret is one version with that
 *   value; `tenantId` defaults to the identity's; `readers` (default everyone) are object IDs granted
 *   access on the whole vault; `clientAddress`: the address the vault sees (default the socket's);
 *   `subscriptionId` (default the VM's) and `resourceGroup` (default rg-secrets) name it in RBAC denials
 * @typedef {{
 *   host: string, method: string, path: string, query: Record<string, string>, authorization: string,
 *   token: string, at: number, requestId: string, inFlight: number, status?: number
 * }} KeyVaultRequest `token`: the bearer token ('' without one); `inFlight`: requests open on arrival, this one included
 * @typedef {{
 *   request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse, url: URL,
 *   host: string, name: string, version: string | undefined, bundle: () => Record<string, unknown> | undefined,
 *   send: (status: number, body: unknown, headers?: Record<string, string>) => void
 * }} FaultContext `bundle()`: what the vault would answer for this request (undefined if none);
 *   `send`: answers with Key Vault's headers (a string body is sent as it is)
 * @typedef {(context: FaultContext) => void} KeyVaultFault
 */

/**
 * @param {{
 *   imds: { vm: import('./emulator.js').Vm, issuedTokens: string[] },
 *   vaults?: VaultOptions[], latencyMs?: number
 * }} options `latencyMs`: how long every answer takes (a vault's own `latencyMs` wins)
 */
export async function startKeyVault({ imds, vaults: given = defaultVaults(), latencyMs = 0 }) {
  /** @type {KeyVaultRequest[]} */
  const requests = [];
  /** @type {KeyVaultFault[]} */
  const faults = [];
  const stats = { inFlight: 0, peakInFlight: 0, throttled: 0 };
  const vaults = new Map(given.map((options) => [options.host.toLowerCase(), vaultOf(options, imds.vm)]));

  const server = https.createServer(
    { key: readFileSync(join(TLS, 'server.key')), cert: readFileSync(join(TLS, 'server.pem')) },
    (request, response) => {
      const url = new URL(request.url ?? '/', 'https://vault');
      const sentHost = (request.headers.host ?? '').toLowerCase();
      const vault = vaults.get(sentHost.replace(/:\d+$/, ''));
      const authorization = request.headers.authorization ?? '';
      stats.inFlight++;
      stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
      /** @type {KeyVaultRequest} */
      const record = {
        host: sentHost,
        method: request.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        authorization,
        token: /^Bearer (.+)$/.exec(authorization)?.[1] ?? '',
        at: Date.now(),
        requestId: randomUUID(),
        inFlight: stats.inFlight
      };
      requests.push(record);
      // A request is in flight from its arrival until the emulator ends its answer (or the
      // connection goes first): the client cannot have its answer before, so the peak never
      // counts more than the client really had open. 'finish' or 'close' come later, and on a
      // kept connection a busy machine can deliver the client's next request first.
      let done = false;
      const settle = () => {
        if (!done) stats.inFlight--;
        done = true;
      };
      const end = response.end.bind(response);
      response.end = /** @type {typeof response.end} */ (
        (/** @type {any[]} */ ...args) => {
          settle();
          return end(...args);
        }
      );
      response.on('finish', () => (record.status = response.statusCode));
      response.on('close', settle);
      request.resume();

      /** @type {FaultContext['send']} */
      const send = (status, body, headers = {}) => {
        if (response.destroyed) return;
        response.writeHead(status, {
          'Cache-Control': 'no-cache',
          Pragma: 'no-cache',
          Expires: '-1',
          'Content-Type': 'application/json; charset=utf-8',
          'Strict-Transport-Security': 'max-age=31536000;includeSubDomains',
          'X-Content-Type-Options': 'nosniff',
          'x-ms-request-id': record.requestId,
          'x-ms-keyvault-region': vault?.region ?? 'westeurope',
          'x-ms-keyvault-network-info': `conn_type=Ipv4;addr=${clientAddressOf(request, vault)};act_addr_fam=InterNetwork;`,
          'x-ms-keyvault-service-version': SERVICE_VERSION,
          ...headers
        });
        response.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      const wait = vault?.latencyMs ?? latencyMs;
      if (wait > 0) setTimeout(() => handle(request, response, url, vault, record, send), wait);
      else handle(request, response, url, vault, record, send);
    }
  );

  /**
   * @param {import('node:http').IncomingMessage} request @param {import('node:http').ServerResponse} response
   * @param {URL} url @param {Vault | undefined} vault @param {KeyVaultRequest} record @param {FaultContext['send']} send
   */
  function handle(request, response, url, vault, record, send) {
    if (response.destroyed) return;
    const [, rawName = '', rawVersion] = /^\/secrets\/([^/]*)(?:\/([^/]*))?\/?$/.exec(url.pathname) ?? [];
    const name = safeDecode(rawName);
    const version = rawVersion ? safeDecode(rawVersion) : undefined;
    const found = vault?.secrets.get(name.toLowerCase());
    const bundle = () => (vault && found ? bundleOf(vault, found, version) : undefined);
    /** @type {FaultContext} */
    const context = { request, response, url, host: vault?.host ?? record.host, name, version, bundle, send };
    const fault = faults.shift();
    if (fault) return fault(context);

    /** @param {number} status @param {string} code @param {string} message @param {string} [inner] */
    const error = (status, code, message, inner) =>
      send(status, { error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) } }, status === 401 ? challenge(vault) : {});

    if (!vault) return error(404, 'VaultNotFound', `The Key Vault emulator plays no vault named '${record.host}'.`);
    if (request.method !== 'GET') return error(405, 'MethodNotAllowed', `The Key Vault emulator serves only GET, not ${request.method}.`);
    if (rawName === '') {
      return error(404, 'NotFound', `The Key Vault emulator serves only /secrets/{name}[/{version}], not ${url.pathname}.`);
    }
    // Characters the web front end refuses get its HTML page, not JSON (azure-sdk-for-net#15784).
    if (/[<>*%&:\\?]/.test(name + (version ?? ''))) {
      response.writeHead(400, { 'Content-Type': 'text/html; charset=us-ascii' });
      return response.end('<h2>Bad Request - Invalid URL</h2><hr><p>HTTP Error 400. The request URL is invalid.</p>');
    }
    const apiVersion = url.searchParams.get('api-version');
    if (!apiVersion) return error(400, 'BadParameter', 'The request URI must contain an api-version query parameter; there is no default.');
    if (!API_VERSIONS.includes(apiVersion)) {
      return error(
        400,
        'BadParameter',
        `The specified version (${apiVersion}) is not recognized. Consider using the latest supported version (${API_VERSIONS.at(-1)}).`
      );
    }
    if (!NAME.test(name)) return error(400, 'BadParameter', `The request URI contains an invalid name: ${name}`);
    if (version !== undefined && !VERSION.test(version)) {
      return error(400, 'BadParameter', `The request URI contains an invalid name: ${name}/${version}`);
    }

    if (vault.throttle) {
      const now = Date.now();
      vault.answeredAt = vault.answeredAt.filter((at) => now - at < /** @type {{ windowMs: number }} */ (vault.throttle).windowMs);
      if (vault.answeredAt.length >= vault.throttle.requests) {
        stats.throttled++;
        return send(429, {
          error: {
            code: 'Throttled',
            message: 'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached'
          }
        });
      }
      vault.answeredAt.push(now);
    }

    if (!record.token) return error(401, 'Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.');
    if (!imds.issuedTokens.includes(record.token)) {
      return error(401, 'Unauthorized', 'The Key Vault emulator refuses a token that the identity emulator did not issue.');
    }
    const claims = JSON.parse(Buffer.from(record.token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    if (claims.aud !== vault.audience) {
      return error(401, 'Unauthorized', `AKV10022: Invalid audience. Expected ${vault.audience}, found: ${claims.aud}.`);
    }
    if (claims.tid !== vault.tenantId) {
      return error(
        401,
        'Unauthorized',
        `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${vault.tenantId}/, found ${claims.iss}.`
      );
    }

    if (found?.fault) {
      const next = Array.isArray(found.fault) ? found.fault.shift() : found.fault;
      if (next) return next(context);
    }

    const caller = `appid=${claims.appid};oid=${claims.oid};iss=${claims.iss}`;
    const where = `${vault.name};location=${vault.region}`;
    const denial = denialFor(vault, found, claims.oid);
    if (denial === 'firewall') {
      return error(
        403,
        'Forbidden',
        `Client address is not authorized and caller is not a trusted service.\r\nClient address: ${clientAddressOf(request, vault)}\r\nCaller: ${caller}\r\nVault: ${where}`,
        'ForbiddenByFirewall'
      );
    }
    if (denial === 'connection') {
      return error(
        403,
        'Forbidden',
        'Public network access is disabled and request is not from a trusted service nor via an approved private link.',
        'ForbiddenByConnection'
      );
    }
    if (denial === 'rbac') {
      const resource = `/subscriptions/${vault.subscriptionId}/resourcegroups/${vault.resourceGroup}/providers/microsoft.keyvault/vaults/${vault.name}/secrets/${name.toLowerCase()}`;
      return error(
        403,
        'Forbidden',
        'Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n' +
          `Caller: ${caller}\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\nResource: '${resource}'\r\n` +
          `Assignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: 'DeniedWithNoValidRBAC' \r\nVault: ${where}\r\n`,
        'ForbiddenByRbac'
      );
    }
    if (denial === 'access-policy') {
      return error(
        403,
        'Forbidden',
        `The user, group or application '${caller}' does not have secrets get permission on key vault '${where}'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
        'AccessDenied'
      );
    }

    const answer = bundle();
    if (!answer) {
      return error(
        404,
        'SecretNotFound',
        `A secret with (name/id) ${version === undefined ? name : `${name}/${version}`} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`
      );
    }
    if (/** @type {{ enabled: boolean }} */ (answer['attributes']).enabled === false) {
      return error(403, 'Forbidden', 'Operation get is not allowed on a disabled secret.', 'SecretDisabled');
    }
    return send(200, answer);
  }

  /** @type {Set<import('node:stream').Duplex>} */
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `https://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    port,
    /** For the proxy's `tunnels` and the test resolver's routes: each vault's host:443 → here. */
    routes: Object.fromEntries([...vaults.keys()].map((host) => [`${host}:443`, `127.0.0.1:${port}`])),
    requests,
    /** Requests open now, the most open at once so far, and how many got 429 from `throttle`. */
    stats,
    /** Every non-empty string value the vaults hold, for leak scans. */
    values: [...vaults.values()].flatMap((v) =>
      [...v.secrets.values()].flatMap((s) => s.versions.map((x) => x.value).filter((x) => typeof x === 'string' && x !== ''))
    ),
    /** A secret's version IDs, oldest first (the last is the latest). @param {string} host @param {string} name */
    versionsOf: (host, name) =>
      vaults
        .get(host.toLowerCase())
        ?.secrets.get(name.toLowerCase())
        ?.versions.map((v) => v.version) ?? [],
    /** Queues faults; each answers the next request to any vault, in order, before any check. @param {...KeyVaultFault} next */
    enqueue: (...next) => void faults.push(...next),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve(undefined));
      })
  };
}

/**
 * @typedef {{
 *   host: string, name: string, audience: string, login: string, tenantId: string, region: string,
 *   subscriptionId: string, resourceGroup: string, permissionModel: 'rbac' | 'access-policy',
 *   readers: string[] | 'everyone', deny: Denial | undefined, clientAddress: string | undefined,
 *   throttle: { requests: number, windowMs: number } | undefined, answeredAt: number[], latencyMs: number | undefined,
 *   secrets: Map<string, Secret>
 * }} Vault
 * @typedef {{ name: string, versions: (SecretVersion & { version: string })[], deny: Denial | undefined,
 *   readers: string[] | 'everyone' | undefined, fault: KeyVaultFault | KeyVaultFault[] | undefined }} Secret
 */

/** @param {VaultOptions} options @param {import('./emulator.js').Vm} vm @returns {Vault} */
function vaultOf(options, vm) {
  const host = options.host.toLowerCase();
  const suffix = /** @type {keyof typeof VAULT_CLOUDS | undefined} */ (
    Object.keys(VAULT_CLOUDS).find((s) => host.endsWith(`.${s}`) && host.length > s.length + 1)
  );
  if (!suffix) throw new Error(`A vault's host must end in .${Object.keys(VAULT_CLOUDS).join(', .')}; got '${options.host}'.`);
  const created = Math.floor(Date.now() / 1000) - 30 * 86_400;
  /** @type {Map<string, Secret>} */
  const secrets = new Map();
  for (const [name, spec] of Object.entries(options.secrets ?? {})) {
    /** @type {SecretOptions} */
    const secret = typeof spec === 'string' ? { versions: [{ value: spec }] } : 'versions' in spec ? spec : { versions: [spec] };
    secrets.set(name.toLowerCase(), {
      name,
      versions: secret.versions.map((v, at) => ({
        created: created + at * 86_400,
        ...v,
        version: (v.version ?? randomBytes(16).toString('hex')).toLowerCase()
      })),
      deny: secret.deny,
      readers: secret.readers,
      fault: Array.isArray(secret.fault) ? [...secret.fault] : secret.fault
    });
  }
  return {
    host,
    name: host.split('.')[0] ?? host,
    ...VAULT_CLOUDS[suffix],
    tenantId: options.tenantId ?? vm.tenantId,
    region: options.region ?? 'westeurope',
    subscriptionId: options.subscriptionId ?? vm.subscriptionId,
    resourceGroup: options.resourceGroup ?? 'rg-secrets',
    permissionModel: options.permissionModel ?? 'rbac',
    readers: options.readers ?? 'everyone',
    deny: options.deny,
    clientAddress: options.clientAddress,
    throttle: options.throttle,
    answeredAt: [],
    latencyMs: options.latencyMs,
    secrets
  };
}

/** The SecretBundle Key Vault answers: absent attributes omitted, not null. @param {Vault} vault @param {Secret} secret @param {string | undefined} version */
function bundleOf(vault, secret, version) {
  const found = version === undefined ? secret.versions.at(-1) : secret.versions.find((v) => v.version === version.toLowerCase());
  if (!found) return undefined;
  const attributes = {
    enabled: found.enabled ?? true,
    ...(found.nbf !== undefined ? { nbf: found.nbf } : {}),
    ...(found.exp !== undefined ? { exp: found.exp } : {}),
    created: found.created,
    updated: found.updated ?? found.created,
    recoveryLevel: 'Recoverable+Purgeable',
    recoverableDays: 90
  };
  return {
    value: found.value ?? '',
    ...(found.contentType !== undefined ? { contentType: found.contentType } : {}),
    id: found.id ?? `https://${vault.host}/secrets/${secret.name}/${found.version}`,
    attributes,
    ...(found.tags !== undefined ? { tags: found.tags } : {})
  };
}

/** @param {Vault} vault @param {Secret | undefined} secret @param {string} oid @returns {Denial | undefined} */
function denialFor(vault, secret, oid) {
  for (const deny of [vault.deny, secret?.deny]) if (deny === 'firewall' || deny === 'connection') return deny;
  const explicit = secret?.deny ?? vault.deny;
  if (explicit) return explicit;
  const granted = (/** @type {string[] | 'everyone' | undefined} */ readers) => readers === 'everyone' || (readers ?? []).includes(oid);
  const allowed = granted(vault.readers) || (vault.permissionModel === 'rbac' && secret?.readers !== undefined && granted(secret.readers));
  return allowed ? undefined : vault.permissionModel;
}

/** @param {Vault | undefined} vault */
const challenge = (vault) => ({
  'WWW-Authenticate': `Bearer authorization="${vault?.login ?? VAULT_CLOUDS['vault.azure.net'].login}/${vault?.tenantId ?? ''}", resource="${vault?.audience ?? VAULT_CLOUDS['vault.azure.net'].audience}"`
});

/** @param {import('node:http').IncomingMessage} request @param {Vault | undefined} vault */
const clientAddressOf = (request, vault) => vault?.clientAddress ?? (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');

/** @param {string} text */
function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** @returns {VaultOptions[]} */
function defaultVaults() {
  return [
    {
      host: 'myvault.vault.azure.net',
      secrets: { 'db-password': { versions: [{ value: 'fake-db-password-old' }, { value: 'fake-db-password' }] } }
    }
  ];
}

/** Ready-made faults (a secret's `fault`, or `enqueue`). */
export const kvFaults = {
  /** A Key Vault error body. @param {number} status @param {string} code @param {string} message @param {string} [inner] @param {Record<string, string>} [headers] @returns {KeyVaultFault} */
  error:
    (status, code, message, inner, headers = {}) =>
    ({ send }) =>
      send(status, { error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) } }, headers),
  /** 429 Throttled as Key Vault sends it: no Retry-After, unless a test gives one. @param {string} [retryAfter] @returns {KeyVaultFault} */
  throttled: (retryAfter) =>
    kvFaults.error(
      429,
      'Throttled',
      'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached',
      undefined,
      retryAfter === undefined ? {} : { 'Retry-After': retryAfter }
    ),
  /** A 5xx with a Key Vault-shaped body (the emulator's wording). @param {number} [status] @returns {KeyVaultFault} */
  serverError: (status = 503) =>
    kvFaults.error(
      status,
      status === 503 ? 'ServiceUnavailable' : 'InternalServerError',
      `The service could not process the request (emulated ${status}).`
    ),
  /** A redirect (302 by default) to `location`, e.g. another host that records what reaches it. @param {string} location @param {number} [status] @returns {KeyVaultFault} */
  redirect:
    (location, status = 302) =>
    ({ send }) =>
      send(status, '', { Location: location, 'Content-Length': '0' }),
  /**
   * A 200 carrying the bundle the vault would answer, rewritten by `change` (an `id` for another
   * secret, a non-string `value`, hostile text): for a secret that exists. @param {(bundle: Record<string, unknown>) => unknown} change @returns {KeyVaultFault}
   */
  bundle:
    (change) =>
    ({ send, bundle }) =>
      send(200, change(bundle() ?? { value: '', id: '', attributes: { enabled: true } })),
  /** A 200 whose JSON body is `bytes` long: the right bundle with its value padded. @param {number} bytes @returns {KeyVaultFault} */
  huge:
    (bytes) =>
    ({ send, bundle }) => {
      const { value: _, ...rest } = bundle() ?? { id: '' };
      const frame = JSON.stringify({ ...rest, value: '' }).length;
      send(200, JSON.stringify({ ...rest, value: 'x'.repeat(Math.max(0, bytes - frame)) }));
    },
  /** A 200 with this exact body. @param {string} body @param {string} [contentType] @returns {KeyVaultFault} */
  body:
    (body, contentType = 'application/json; charset=utf-8') =>
    ({ send }) =>
      send(200, body, { 'Content-Type': contentType }),
  /** Never answers; the socket stays open until the emulator closes. @returns {KeyVaultFault} */
  hang: () => () => {},
  /** Drops the connection before any answer. @returns {KeyVaultFault} */
  reset:
    () =>
    ({ request }) =>
      request.socket.destroy()
};
