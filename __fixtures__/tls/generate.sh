#!/usr/bin/env bash
# Regenerates the test CA and the one server certificate the emulators use on loopback
# (ARM, Entra ID, container registry and Key Vault hosts of each cloud, localhost, 127.0.0.1). Test
# material only: the key is committed on purpose and trusted nowhere but in tests, through
# NODE_EXTRA_CA_CERTS=ca.pem.
set -euo pipefail
cd "$(dirname "$0")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/ca.key" -out ca.pem -days 36500 \
  -subj "/CN=msi-token test CA (tests only)" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl req -newkey rsa:2048 -nodes -keyout server.key -out "$work/server.csr" -subj "/CN=msi-token test server"
cat > "$work/ext.cnf" <<'EXT'
subjectAltName=DNS:management.azure.com,DNS:management.usgovcloudapi.net,DNS:management.chinacloudapi.cn,DNS:login.microsoftonline.com,DNS:login.microsoftonline.us,DNS:login.chinacloudapi.cn,DNS:*.azurecr.io,DNS:*.azurecr.us,DNS:*.azurecr.cn,DNS:*.vault.azure.net,DNS:*.vault.usgovcloudapi.net,DNS:*.vault.azure.cn,DNS:localhost,IP:127.0.0.1
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
EXT
openssl x509 -req -in "$work/server.csr" -CA ca.pem -CAkey "$work/ca.key" -CAcreateserial -CAserial "$work/ca.srl" \
  -out server.pem -days 36500 -extfile "$work/ext.cnf"
