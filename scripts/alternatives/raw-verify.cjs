// The verify floor: the least a Node step can do to prove a token works as `verify: true` does
// (node start-up, the token GET, the instance metadata GET, then the VM's record over HTTPS from
// Resource Manager, one after the other as the action needs them, each answer parsed). Plain
// CommonJS with no dependencies, like raw-get.cjs and for the same reason. TOKEN_URL, METADATA_URL
// and ARM come from the bench.
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
  getJson(http, String(process.env.METADATA_URL), metadataHeaders, ({ resourceId }) => {
    const vmUrl = `${process.env.ARM}${resourceId}?api-version=2024-11-01`;
    getJson(https, vmUrl, { Authorization: `Bearer ${token}` }, (vm) => {
      if (!vm.id) process.exit(1);
    });
  });
});
