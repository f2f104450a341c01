#!/usr/bin/env bash
# Concurrency check of the server as shipped (`build-release.sh --dist`), on loopback: 32 parallel clients mix
# signed-in page renders, not-found pages (404 status) and the wasm files, and
# the script prints how many answers of each kind came back with which status
# and how many panics the server logged. Expected: pages 200, not found 404,
# files 200, no dropped connection (000), no panic.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
PORT=3201
dir=$(mktemp -d)
start_demo_server $PORT "sqlite:$dir/check.db?mode=rwc" "$dir/server.log"
server=$!
trap 'kill $server 2>/dev/null' EXIT
wait_until_up "http://127.0.0.1:$PORT/signin" 50

jar="$dir/cookies"
home=$(sign_in "http://127.0.0.1:$PORT" ana@contoso.example "$jar")
for i in $(seq 1 600); do
  echo "page http://127.0.0.1:$PORT$home/programs"
  echo "missing http://127.0.0.1:$PORT/a/999/programs"
  echo "file http://127.0.0.1:$PORT/pkg/partner_portal.wasm"
done >"$dir/urls"
echo "== 1,800 requests, 32 at a time (count, kind, status)"
xargs -P 32 -L 1 sh -c 'echo "$0 $(curl -s -b '"$jar"' -o /dev/null -w "%{http_code}" "$1")"' <"$dir/urls" |
  sort | uniq -c
echo "panics logged by the server: $(grep -c panicked "$dir/server.log" || true)"
grep -A1 panicked "$dir/server.log" | grep -v "^--" | sort | uniq -c || true
