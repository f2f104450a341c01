#!/usr/bin/env bash
# A first visit on a slow phone, measured in Chromium with its network and
# CPU throttled as Lighthouse models a mobile visit (end2end/bench/
# slow-first-visit.mjs): first paint and hydration, medians of RUNS visits,
# for the sign-in page, an account home and the Partner profile. Against
# the release build (`./scripts/build-release.sh`), or SERVER_BIN.
# Lighthouse simulates this from an unthrottled run; this measures it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
SERVER_BIN=${SERVER_BIN:-./target/release/partner_portal}
RUNS=${RUNS:-5}
PORT=3302
dir=$(mktemp -d)
start_demo_server $PORT "sqlite:$dir/slow.db?mode=rwc" /dev/null
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
wait_until_up "http://127.0.0.1:$PORT/signin" 100
for path in /signin HOME HOME/settings/partner/profile; do
  (cd end2end && node bench/slow-first-visit.mjs "http://127.0.0.1:$PORT" "$path" "$RUNS")
done
