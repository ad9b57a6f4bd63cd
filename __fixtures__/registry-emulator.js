// @ts-check
/**
 * Azure Container Registry's token exchange (`POST /oauth2/exchange`), over real TLS on loopback
 * with the test certificate (tls/server.pem covers *.azurecr.io, *.azurecr.us, *.azurecr.cn;
 * trusted in tests through NODE_EXTRA_CA_CERTS=tls/ca.pem). One server plays every registry a
 * test names, told apart by the Host header as the real service does.
 *
 * It behaves like the service where the action depends on it: a form body with
 * grant_type=access_token, service = the login server, the tenant, and an access token that the
 * managed identity emulator really issued, for an audience the registry accepts: the registry
 * audience always, Resource Manager's only when `armAudience` is on (a registry with
 * "authentication-as-arm" disabled has it off). The identity must hold a role (`roles`). Errors
 * come in the Docker registry's shape, {"errors": [{"code", "message"}]}; their wording is the
 * emulator's own. The answer is {"refresh_token": …}, a JWT with ACR's claims and a 3-hour exp.
 * It records what reached it, tokens included, so tests can check which token went where.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TLS = join(dirname(fileURLToPath(import.meta.url)), 'tls');

export const ACR_AUDIENCE = 'https://containerregistry.azure.net';
/** Resource Manager audiences, which registries accept unless authentication-as-arm is disabled. */
const ARM_AUDIENCES = ['https://management.azure.com', 'https://management.core.windows.net'];
const REFRESH_TOKEN_LIFETIME_SECONDS = 3 * 3600;

/**
 * @typedef {{ loginServer: string, armAudience?: boolean }} RegistryOptions
 * @typedef {{ host: string, path: string, method: string, contentType: string, form: Record<string, string>, at: number }} RegistryRequest
 * @typedef {(response: import('node:http').ServerResponse) => void} RegistryFault
 */

/**
 * @param {{
 *   imds: { issuedTokens: string[] },
 *   registries?: RegistryOptions[],
 *   roles?: string[] | 'everyone'
 * }} options `roles`: object IDs holding a role on the registries (AcrPull, AcrPush, …)
 */
export async function startRegistry({ imds, registries = [{ loginServer: 'myregistry.azurecr.io' }], roles = 'everyone' }) {
  /** @type {RegistryRequest[]} */
  const requests = [];
  /** @type {RegistryFault[]} */
  const faults = [];
  /** Every password handed out, so tests can scan for leaks of any of them. */
  /** @type {string[]} */
  const issuedPasswords = [];

  /** @param {import('node:http').ServerResponse} response @param {number} status @param {string} code @param {string} message */
  const error = (response, status, code, message) => {
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ errors: [{ code, message }] }));
  };

  const server = https.createServer(
    { key: readFileSync(join(TLS, 'server.key')), cert: readFileSync(join(TLS, 'server.pem')) },
    (request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const host = (request.headers.host ?? '').toLowerCase();
        const form = Object.fromEntries(new URLSearchParams(body));
        requests.push({
          host,
          path: request.url ?? '',
          method: request.method ?? '',
          contentType: request.headers['content-type'] ?? '',
          form,
          at: Date.now()
        });
        const fault = faults.shift();
        if (fault) return fault(response);

        const registry = registries.find((r) => r.loginServer === host);
        if (!registry) return error(response, 404, 'NAME_UNKNOWN', `registry ${host} is not known here`);
        if (request.method !== 'POST' || request.url !== '/oauth2/exchange') {
          return error(response, 404, 'NOT_FOUND', 'not found');
        }
        if (!/^application\/x-www-form-urlencoded/.test(request.headers['content-type'] ?? '')) {
          return error(response, 400, 'UNSUPPORTED', 'the body must be application/x-www-form-urlencoded');
        }
        if (form['grant_type'] !== 'access_token')
          return error(response, 400, 'UNSUPPORTED', `grant_type '${form['grant_type']}' is not supported`);
        if (form['service'] !== registry.loginServer) {
          return error(response, 400, 'UNSUPPORTED', `service '${form['service']}' is not this registry, ${registry.loginServer}`);
        }
        const token = form['access_token'] ?? '';
        if (!imds.issuedTokens.includes(token)) return error(response, 401, 'UNAUTHORIZED', 'the access token is not valid');
        const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
        const audience = String(claims.aud).replace(/\/+$/, '');
        const accepted = [ACR_AUDIENCE, ...(registry.armAudience === false ? [] : ARM_AUDIENCES)];
        if (!accepted.includes(audience)) {
          return error(
            response,
            401,
            'UNAUTHORIZED',
            registry.armAudience === false && ARM_AUDIENCES.includes(audience)
              ? `this registry accepts only tokens for ${ACR_AUDIENCE} (authentication-as-arm is disabled), not for '${claims.aud}'`
              : `the access token's audience '${claims.aud}' is not accepted`
          );
        }
        if (form['tenant'] !== claims.tid) return error(response, 401, 'UNAUTHORIZED', `tenant '${form['tenant']}' is not the token's`);
        if (roles !== 'everyone' && !roles.includes(claims.oid)) {
          return error(response, 401, 'UNAUTHORIZED', `the identity ${claims.oid} has no permission on ${registry.loginServer}`);
        }
        const now = Math.floor(Date.now() / 1000);
        const password = jwt({
          jti: randomUUID(),
          sub: claims.oid,
          nbf: now,
          exp: now + REFRESH_TOKEN_LIFETIME_SECONDS,
          iat: now,
          iss: 'Azure Container Registry',
          aud: registry.loginServer,
          version: '1.0',
          grant_type: 'refresh_token',
          tenant: claims.tid,
          permissions: { actions: ['*'], notActions: [] },
          roles: []
        });
        issuedPasswords.push(password);
        response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ refresh_token: password }));
      });
    }
  );
  /** @type {Set<import('node:stream').Duplex>} */
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    address: `127.0.0.1:${port}`,
    /** For the proxy's `tunnels` and the test resolver's routes: each login server's :443 → here. */
    routes: Object.fromEntries(registries.map((r) => [`${r.loginServer}:443`, `127.0.0.1:${port}`])),
    requests,
    issuedPasswords,
    /** @param {...RegistryFault} next */
    enqueue: (...next) => void faults.push(...next),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve(undefined));
      })
  };
}

/** @param {Record<string, unknown>} claims */
function jwt(claims) {
  /** @param {unknown} value */
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'RS256', kid: 'ACR' })}.${part(claims)}.${randomBytes(256).toString('base64url')}`;
}
