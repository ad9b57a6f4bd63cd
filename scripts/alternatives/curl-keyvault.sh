#!/usr/bin/env bash
# Reading Key Vault secrets the usual way: a token for the vault from IMDS with curl, then one
# curl call per secret in a shell loop, the value cut out with sed. No retries, no timeout, and
# no masking of anything but what the step would add by hand. IMDS, VAULT (its host), CONNECT_TO
# (curl's host:443:address:port, so that the vault's name reaches its emulator), CA and SECRETS
# (names, space-separated) come from the bench.
response=$(curl -s "$IMDS/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net" -H Metadata:true)
token=$(printf '%s' "$response" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || exit 1
for secret in $SECRETS; do
  answer=$(curl -s --cacert "$CA" --connect-to "$CONNECT_TO" -H "Authorization: Bearer $token" \
    "https://$VAULT/secrets/$secret?api-version=7.6")
  value=$(printf '%s' "$answer" | sed -n 's/.*"value":"\([^"]*\)".*/\1/p')
  [ -n "$value" ] || exit 1
done
