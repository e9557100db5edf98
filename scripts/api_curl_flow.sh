#!/usr/bin/env bash
# The curl flow of docs/api.md against a running Laurel: token, issuer, badge class, award, revoke.
#
# Usage: scripts/api_curl_flow.sh [BASE_URL] [EMAIL] [PASSWORD]
# Defaults: http://127.0.0.1:8000 and the demo admin of `make demo`. Prints each request and
# the server's answer; stops at the first request that fails. Needs curl and python3.
set -euo pipefail

BASE=${1:-http://127.0.0.1:8000}
EMAIL=${2:-admin@laurel.test}
PASSWORD=${3:-laurel-demo-admin}

field() {  # field EXPR: read JSON on stdin, print EXPR evaluated on it (d is the document)
  python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

show() {  # show TITLE, then run curl with the rest of the arguments and print the answer
  local title=$1; shift
  echo "### $title" >&2
  { printf '$ curl'; printf ' %q' "$@"; echo; } \
    | sed -E 's/(Bearer\\ )[A-Za-z0-9]+/\1$TOKEN/; s/(password=)[^ ]+/\1.../' >&2
  local out
  out=$(curl -sS --fail-with-body "$@")
  echo "$out" | python3 -m json.tool >&2
  echo >&2
  echo "$out"
}

token=$(show "1. Get a token (password grant, public client)" -X POST "$BASE/o/token" \
  -d grant_type=password -d client_id=public \
  --data-urlencode "username=$EMAIL" --data-urlencode "password=$PASSWORD" \
  -d "scope=rw:issuer rw:backpack rw:profile" | field 'd["access_token"]')
auth=(-H "Authorization: Bearer $token" -H "Content-Type: application/json")

issuer=$(show "2. Create an issuer" -X POST "$BASE/v2/issuers" "${auth[@]}" \
  -d "{\"name\": \"Curl University\", \"email\": \"$EMAIL\", \"url\": \"https://curl.example.org\"}" \
  | field 'd["result"][0]["entityId"]')

# A 1x1 PNG, as Badgr clients send images: a base64 data URI.
png="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
badge=$(show "3. Create a badge class" -X POST "$BASE/v2/issuers/$issuer/badgeclasses" "${auth[@]}" \
  -d "{\"name\": \"Command Line\", \"description\": \"Uses the shell well.\",
       \"criteriaNarrative\": \"Finish the shell course.\", \"image\": \"$png\"}" \
  | field 'd["result"][0]["entityId"]')

award=$(show "4. Award it (retry-safe with an Idempotency-Key)" -X POST \
  "$BASE/v2/badgeclasses/$badge/assertions" "${auth[@]}" -H "Idempotency-Key: curl-flow-$badge" \
  -d '{"recipient": {"identity": "learner@example.org", "type": "email"},
       "evidence": [{"url": "https://curl.example.org/work/1", "narrative": "Scripts"}],
       "notify": false}' \
  | field 'd["result"][0]["entityId"]')

show "5. List the badge class's awards" "$BASE/v2/badgeclasses/$badge/assertions?num=10" \
  "${auth[@]}" >/dev/null

show "6. Revoke the award" -X DELETE "$BASE/v2/assertions/$award" "${auth[@]}" \
  -d '{"revocation_reason": "Awarded by mistake"}' >/dev/null

echo "Done: issuer $issuer, badge class $badge, award $award (revoked)." >&2
