#!/usr/bin/env bash
# A sign-in storm against other pages' latency (issues 12 and 14): a
# signed-in account home's p99 when the server is quiet, then again while
# 200 connections POST sign-ins as fast as they can (the demo user's right
# password, from one address: the throttle refuses nearly all of them).
# Budget: the home's p99 during the storm within 3x its quiet p99. The server
# as shipped (`scripts/build-release.sh --dist`), loopback only, SQLite by default (POSTGRES=1: a fresh database on
# the local PostgreSQL, filled with the demo data, dropped after). Prints
# the figures and fails over budget.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
SERVER_BIN="${SERVER_BIN:-$BENCH_DIR/partner_portal}"
PORT=3202
DIR=$(mktemp -d)
DATABASE_URL="sqlite:$DIR/storm.db?mode=rwc"
PG="postgres://root@127.0.0.1:5432"
if [ -n "${POSTGRES:-}" ]; then
  psql -q "$PG/test" -c "CREATE DATABASE bench_storm_$$"
  DATABASE_URL="$PG/bench_storm_$$"
fi
start_demo_server $PORT "$DATABASE_URL" "$DIR/server.log"
server=$!
cleanup() {
  kill $server 2>/dev/null || true
  wait $server 2>/dev/null || true
  [ -z "${POSTGRES:-}" ] || psql -q "$PG/test" -c "DROP DATABASE IF EXISTS bench_storm_$$"
  rm -rf "$DIR"
}
trap cleanup EXIT
wait_until_up "http://127.0.0.1:$PORT/signin"

jar="$DIR/jar"
home=$(sign_in "http://127.0.0.1:$PORT" ana@contoso.example "$jar")
cookie=$(session_cookie "$jar")
cat >"$DIR/storm.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.body = "form[email]=ana@contoso.example&form[password]=Demo-Password-1"
EOF

p99_ms() { awk '/ 99%/ { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else { sub(/s/, "", v); v *= 1000 } print v }'; }
page() { wrk -t1 -c8 -d8s --latency -H "Cookie: $cookie" -H 'Accept: text/html' "http://127.0.0.1:$PORT$home"; }

echo "== quiet: GET $home, 8 connections"
quiet=$(page)
echo "$quiet" | grep -E 'Requests/sec|99%|Non-2xx' || true
wrk -t1 -c200 -d12s -s "$DIR/storm.lua" "http://127.0.0.1:$PORT/api/sign_in" >"$DIR/storm.txt" &
storm=$!
sleep 2
echo "== during the storm (200 connections POSTing sign-ins): GET $home, 8 connections"
busy=$(page)
echo "$busy" | grep -E 'Requests/sec|99%|Non-2xx' || true
wait $storm
echo "== the storm"
grep -E 'Requests/sec|Non-2xx' "$DIR/storm.txt" || true
panics=$(grep -c 'panicked at' "$DIR/server.log" || true)
echo "panics in the server log: $panics"
q=$(echo "$quiet" | p99_ms)
b=$(echo "$busy" | p99_ms)
awk -v q="$q" -v b="$b" 'BEGIN { printf "home p99: quiet %.1f ms, during the storm %.1f ms: %.1fx (budget 3x)\n", q, b, b / q }'
within=$(awk -v q="$q" -v b="$b" 'BEGIN { print (b <= 3 * q) ? 1 : 0 }')
[ "$within" -eq 1 ] || echo "OVER BUDGET"
[ "$panics" -eq 0 ] || grep -A2 'panicked at' "$DIR/server.log" | head -n 12
[ "$panics" -eq 0 ] && [ "$within" -eq 1 ]
