#!/usr/bin/env bash
# Account switch time in Chromium (click to the other account's page painted,
# 20 switches, p50/p95; budget p95 <= 100 ms), against the release build
# (`./scripts/build-release.sh`), or SERVER_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
SERVER_BIN=${SERVER_BIN:-./target/release/partner_portal}
PORT=3301
dir=$(mktemp -d)
start_demo_server $PORT "sqlite:$dir/switch.db?mode=rwc" /dev/null
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
wait_until_up "http://127.0.0.1:$PORT/signin" 100
(cd end2end && node bench/account-switch.mjs "http://127.0.0.1:$PORT")
