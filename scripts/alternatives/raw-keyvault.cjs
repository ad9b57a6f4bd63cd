// The Key Vault floor: the least a Node step can do to read one secret as `key-vault-secrets`
// does (node start-up, the token GET the step makes anyway, the GET of a token for the vault
// audience, then the secret over HTTPS, one after the other, each answer parsed). Plain CommonJS
// with no dependencies, like raw-get.cjs and for the same reason. TOKEN_URL, VAULT_TOKEN_URL and
// SECRET_URL come from the bench, which routes the vault's name to its emulator.
const http = require('node:http');
const https = require('node:https');

/**
 * GETs `url` and parses the JSON answer; any failure exits 1.
 * @param {typeof http | typeof https} client @param {string} url @param {Record<string, string>} headers
 * @param {(answer: any) => void} then
 */
function getJson(client, url, headers, then) {
  client
    .get(url, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => then(JSON.parse(body)));
    })
    .on('error', () => process.exit(1));
}

const metadataHeaders = { Metadata: 'true' };
getJson(http, String(process.env.TOKEN_URL), metadataHeaders, ({ access_token: token }) => {
  if (!token) process.exit(1);
  getJson(http, String(process.env.VAULT_TOKEN_URL), metadataHeaders, ({ access_token: vaultToken }) => {
    getJson(https, String(process.env.SECRET_URL), { Authorization: `Bearer ${vaultToken}` }, (secret) => {
      if (typeof secret.value !== 'string') process.exit(1);
    });
  });
});
