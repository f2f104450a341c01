#!/usr/bin/env bash
# Runs every test: unit tests, the domain integration tests on SQLite and on
# PostgreSQL, and the Playwright end-to-end tests against a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

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

echo "==> Release build"
cargo leptos build --release --split

echo "==> End-to-end tests (Playwright, Debian Chromium)"
cd end2end
npx playwright test
