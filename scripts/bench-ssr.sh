#!/usr/bin/env bash
# Server-side rendering throughput of the release build, on loopback only:
# the sign-in page (no database) and a signed-in account home (session lookup,
# membership and shell queries). Bounded: 10 s per page.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
PORT=3200
DB=$(mktemp -d)/bench.db
LEPTOS_SITE_ADDR=127.0.0.1:$PORT LEPTOS_SITE_ROOT=target/site DATABASE_URL="sqlite:$DB?mode=rwc" \
  DEMO_DATA=1 SECURE_COOKIES=0 RUST_LOG=warn ./target/release/partner_portal >/dev/null &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/signin" >/dev/null && break; sleep 0.2; done

jar=$(mktemp)
home=$(curl -sf -c "$jar" -H 'Accept: application/json' \
  --data 'form[email]=ana@contoso.example&form[password]=Demo-Password-1' "http://127.0.0.1:$PORT/api/sign_in" |
  sed -E 's/.*"home":"([^"]+)".*/\1/')
cookie=$(awk '$6 == "pp_session" { print "pp_session=" $7 }' "$jar")

echo "== GET /signin (visitor)"
wrk -t2 -c32 -d10s --latency "http://127.0.0.1:$PORT/signin" | grep -E 'Requests/sec|50%|99%'
echo "== GET $home (signed in: session, membership, shell)"
wrk -t2 -c32 -d10s --latency -H "Cookie: $cookie" -H 'Accept: text/html' "http://127.0.0.1:$PORT$home" |
  grep -E 'Requests/sec|50%|99%|Non-2xx'
echo "server RSS: $(ps -o rss= -p $server) KB"
