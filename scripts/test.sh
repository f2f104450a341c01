#!/usr/bin/env bash
# Runs every test: unit tests, the integration tests on SQLite and on
# PostgreSQL, and the Playwright end-to-end tests (with axe) against the
# release browser bundle. Prints how long each step took.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
last=$start
took() {
  local now
  now=$(date +%s)
  printf '==> %s took %d s\n' "$1" $((now - last))
  last=$now
}

./scripts/setup.sh
took "Set-up"

# PostgreSQL is required (TEST_POSTGRES_URL, default the local server). Start
# the machine's cluster if it is installed but stopped.
PG_URL="${TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/test}"
if command -v pg_isready >/dev/null && ! pg_isready -q -d "$PG_URL"; then
  if command -v pg_ctlcluster >/dev/null; then
    echo "==> Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
fi

echo "==> Unit and integration tests (SQLite and PostgreSQL)"
cargo test --features ssr
took "Unit and integration tests"

# The end-to-end tests drive the server built from the tests' compiled code
# (.cargo/config.toml sets what cargo-leptos would, so it is the same build)
# (development profile: a release server would compile every dependency a
# second time, ~10 minutes, to test the same code) with the release browser
# bundle, which is what users download. `./scripts/run.sh` builds both in
# release.
echo "==> Server (development profile)"
cargo build --features ssr --bin partner_portal
took "Server build"

echo "==> Browser bundle (release, split, precompressed)"
cargo leptos build --release --split --precompress --frontend-only
took "Browser bundle"

echo "==> End-to-end tests (Playwright, Debian Chromium, axe)"
(cd end2end && SERVER_BIN=./target/debug/partner_portal npx playwright test)
took "End-to-end tests"

printf '==> All tests passed in %d s\n' $(( $(date +%s) - start ))
