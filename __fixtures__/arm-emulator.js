// @ts-check
/**
 * Azure Resource Manager, as far as `verify` needs it, over real TLS on loopback (certificate
 * from tls/, trusted in tests through NODE_EXTRA_CA_CERTS=tls/ca.pem). It serves the VM's
 * record to tokens the IMDS emulator issued, for the audiences the chosen cloud's ARM accepts,
 * to identities granted read access, with ARM's own error bodies otherwise. It records what
 * reached it, tokens included, so tests can check which token was sent where.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TLS = join(dirname(fileURLToPath(import.meta.url)), 'tls');
export const TEST_CA = join(TLS, 'ca.pem');

/** Audiences each cloud's ARM accepts (its current and original App ID URIs). */
export const ARM_AUDIENCES = {
  AzurePublicCloud: ['https://management.azure.com/', 'https://management.core.windows.net/'],
  AzureUSGovernmentCloud: ['https://management.usgovcloudapi.net/', 'https://management.core.usgovcloudapi.net/'],
  AzureChinaCloud: ['https://management.chinacloudapi.cn/', 'https://management.core.chinacloudapi.cn/']
};

/**
 * @typedef {{ host: string, path: string, token: string, at: number }} ArmRequest
 * @typedef {(response: import('node:http').ServerResponse) => void} ArmFault
 */

/**
 * @param {{
 *   imds: { vm: import('./emulator.js').Vm, issuedTokens: string[] },
 *   cloud?: keyof typeof ARM_AUDIENCES,
 *   readers?: string[] | 'everyone',
 *   vm?: import('./emulator.js').Vm
 * }} options `readers`: object IDs allowed to read the VM; `vm`: the VM ARM knows (default: IMDS's)
 */
export async function startArm({ imds, cloud = 'AzurePublicCloud', readers = 'everyone', vm = imds.vm }) {
  /** @type {ArmRequest[]} */
  const requests = [];
  /** @type {ArmFault[]} */
  const faults = [];
  const accepted = ARM_AUDIENCES[cloud].flatMap((audience) => [audience, audience.replace(/\/$/, '')]);

  /** @param {import('node:http').ServerResponse} response @param {number} status @param {string} code @param {string} message */
  const error = (response, status, code, message) => {
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'x-ms-failure-cause': 'gateway' });
    response.end(JSON.stringify({ error: { code, message } }));
  };

  const server = https.createServer(
    { key: readFileSync(join(TLS, 'server.key')), cert: readFileSync(join(TLS, 'server.pem')) },
    (request, response) => {
      const url = new URL(request.url ?? '/', 'https://arm');
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      requests.push({ host: request.headers.host ?? '', path: url.pathname, token, at: Date.now() });
      const fault = faults.shift();
      if (fault) return fault(response);

      if (!token || !imds.issuedTokens.includes(token)) {
        return error(response, 401, 'InvalidAuthenticationToken', 'The access token is invalid.');
      }
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
      if (!accepted.includes(claims.aud)) {
        return error(
          response,
          401,
          'InvalidAuthenticationToken',
          `The access token has been obtained for wrong audience or resource '${claims.aud}'. It should exactly match with one of the allowed audiences ${accepted.map((a) => `'${a}'`).join(',')}.`
        );
      }
      if (url.pathname.toLowerCase() !== vm.resourceId.toLowerCase()) {
        const name = url.pathname.split('/').pop();
        return error(
          response,
          404,
          'ResourceNotFound',
          `The Resource 'Microsoft.Compute/virtualMachines/${name}' under resource group '${vm.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`
        );
      }
      if (readers !== 'everyone' && !readers.includes(claims.oid)) {
        return error(
          response,
          403,
          'AuthorizationFailed',
          `The client '${claims.appid}' with object id '${claims.oid}' does not have authorization to perform action 'Microsoft.Compute/virtualMachines/read' over scope '${vm.resourceId}' or the scope is invalid. If access was recently granted, please refresh your credentials.`
        );
      }
      response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      response.end(
        JSON.stringify({
          name: vm.name,
          id: vm.resourceId,
          type: 'Microsoft.Compute/virtualMachines',
          location: vm.location,
          properties: { vmId: vm.vmId, provisioningState: 'Succeeded', hardwareProfile: { vmSize: 'Standard_D2s_v5' } }
        })
      );
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
    url: `https://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    requests,
    /** @param {...ArmFault} next */
    enqueue: (...next) => void faults.push(...next),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve(undefined));
      })
  };
}
