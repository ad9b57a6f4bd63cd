// @ts-check
/**
 * Microsoft Entra ID's token endpoint for AKS workload identity, over real TLS on loopback
 * (tls/server.pem, trusted in tests through NODE_EXTRA_CA_CERTS=tls/ca.pem): client credentials
 * with a federated assertion, which must equal the current content of the service account token
 * file (the file rotates; a stale assertion is refused as Entra refuses an expired one). Tokens
 * come from the IMDS emulator's issuer, so leak scans cover them.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TLS = join(dirname(fileURLToPath(import.meta.url)), 'tls');

/**
 * @param {{
 *   imds: { vm: import('./emulator.js').Vm, issue: (identity: import('./emulator.js').Identity, resource: string) => Record<string, string> },
 *   tokenFile: string, clientId: string, tenantId: string
 * }} options
 */
export async function startEntra({ imds, tokenFile, clientId, tenantId }) {
  /** @type {{ host: string, path: string, form: Record<string, string> }[]} */
  const requests = [];
  /** @param {import('node:http').ServerResponse} response @param {number} status @param {string} error @param {string} description */
  const refuse = (response, status, error, description) => {
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    response.end(
      JSON.stringify({ error, error_description: description, error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)] })
    );
  };
  const server = https.createServer(
    { key: readFileSync(join(TLS, 'server.key')), cert: readFileSync(join(TLS, 'server.pem')) },
    (request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(body));
        requests.push({ host: request.headers.host ?? '', path: request.url ?? '', form });
        if (request.method !== 'POST' || request.url !== `/${tenantId}/oauth2/v2.0/token`) {
          return refuse(response, 400, 'invalid_request', `AADSTS90002: Tenant '${request.url?.split('/')[1]}' not found.`);
        }
        if (
          form['grant_type'] !== 'client_credentials' ||
          form['client_assertion_type'] !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
        ) {
          return refuse(response, 400, 'invalid_request', 'AADSTS900144: The request body must contain the following parameter.');
        }
        if (form['client_id'] !== clientId) {
          return refuse(
            response,
            400,
            'unauthorized_client',
            `AADSTS700016: Application with identifier '${form['client_id']}' was not found in the directory.`
          );
        }
        if (form['client_assertion'] !== readFileSync(tokenFile, 'utf8').trim()) {
          return refuse(
            response,
            400,
            'invalid_client',
            'AADSTS70021: No matching federated identity record found for presented assertion.'
          );
        }
        const scope = form['scope'] ?? '';
        if (!scope.endsWith('/.default'))
          return refuse(response, 400, 'invalid_scope', "AADSTS70011: The provided value for the input parameter 'scope' is not valid.");
        const identity = imds.vm.userAssigned.find((i) => i.clientId === clientId) ?? imds.vm.userAssigned[0];
        // The slash before `.default` separates the resource from the permission, as Entra reads
        // a scope: `https://vault.azure.net/.default` is a token for `https://vault.azure.net`
        // (Key Vault refuses one for `https://vault.azure.net/`); a resource that ends in a slash
        // is asked for as `https://management.core.windows.net//.default` (azure-cli's resource_to_scopes).
        const resource = scope.slice(0, -'/.default'.length);
        const { access_token } = imds.issue(/** @type {import('./emulator.js').Identity} */ (identity), resource);
        // Entra's v2 answer: numbers are numbers, no expires_on, no resource.
        response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token }));
      });
    }
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `https://127.0.0.1:${port}/`,
    address: `127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined)))
  };
}
