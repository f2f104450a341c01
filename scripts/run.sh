#!/usr/bin/env bash
# Builds and runs Partner Portal on SQLite (data/) with demo data, and prints
# the address and the demo sign-ins.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export DEMO_DATA="${DEMO_DATA:-1}"
# Plain HTTP on this machine: let the browser send the session cookie.
export SECURE_COOKIES="${SECURE_COOKIES:-0}"
./scripts/build-release.sh
exec ./target/release/partner_portal
