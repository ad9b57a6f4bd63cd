#!/usr/bin/env bash
# The hand-written step users have today (the documentation's curl, the token cut out with sed):
# no retries, no timeout, no masking.
response=$(curl -s "$IMDS/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com%2F" -H Metadata:true)
token=$(printf '%s' "$response" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ]
