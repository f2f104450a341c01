#!/usr/bin/env bash
# Runs every test: unit tests, the integration tests on SQLite and on
# PostgreSQL, page requests dropped half-way (check-abandoned), and the
# Playwright end-to-end tests (with axe) against the release browser bundle.
# Prints how long each step took.
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

# The browser bundle builds beside the tests: its last steps (link-time
# optimisation, wasm-bindgen and wasm-opt) use one core,
# and the tests' compilation takes the other. Its output goes to a log,
# printed when it is done.
echo "==> Browser bundle (release, precompressed), in the background"
bundle_log=target/bundle-build.log
mkdir -p target
./scripts/build-release.sh --frontend-only >"$bundle_log" 2>&1 &
bundle=$!
trap 'kill $bundle 2>/dev/null || true' EXIT

# Runs a command; if it is still running after $1 seconds, prints the
# threads' stacks of every test process (gdb) and stops them: a test that
# hangs fails the run in minutes, showing where it waits, instead of holding
# CI until its limit (stop 25's CI did). Each integration test also has a
# limit of its own (tests/integration/common.rs, TEST_LIMIT), which names it.
with_deadline() {
  local limit=$1 elapsed=0 pid
  shift
  "$@" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$elapsed" -ge "$limit" ]; then
      echo "==> still running after $limit s; the test processes' stacks:"
      for p in $(pgrep -f 'target/debug/deps/' || true); do
        ps -o pid=,etimes=,args= -p "$p" || true
        if command -v gdb >/dev/null; then
          timeout 120 gdb -p "$p" -batch -ex 'thread apply all bt 40' 2>/dev/null \
            | grep -E '^(Thread|#)' | head -n 400 || true
        fi
      done
      pkill -f 'target/debug/deps/' || true
      pkill -P "$pid" || true
      kill "$pid" 2>/dev/null || true
      wait "$pid" || true
      return 124
    fi
    sleep 5
    elapsed=$((elapsed + 5))
  done
  wait "$pid"
}

echo "==> Unit and integration tests (SQLite and PostgreSQL)"
# --timings: target/cargo-timings/ shows what each crate's compilation took.
cargo test --features ssr --no-run --timings
took "Compiling the tests"
# --show-output: the suites' figures (cross-account, bad input, crash
# safety, concurrency), printed again together below. They take about
# 5 minutes; 20 is the limit.
tests_log=target/test-run.log
with_deadline 1200 bash -o pipefail -c \
  "cargo test --features ssr -- --show-output 2>&1 | tee '$tests_log'"
echo "==> The suites' figures (reduced counts; README names the full runs)"
grep -E '^(cross-account|bad input|crash safety|concurrency)' "$tests_log" || true
took "Unit and integration tests"

echo "==> Abandoned pages (the development server; the bundle still building)"
# 5,000 signed-in page requests dropped half-way, then 1,000 read whole (each
# with its data): no panic, no page rendered without its context, no thread
# stuck on a lock, a clean stop.
ABANDONED=5000 WHOLE=1000 SERVER_BIN=./target/debug/partner_portal ./scripts/check-abandoned.sh
took "Abandoned pages"

echo "==> Waiting for the browser bundle"
if ! wait $bundle; then
  cat "$bundle_log"
  echo "the browser bundle failed to build"
  exit 1
fi
trap - EXIT
tail -n 3 "$bundle_log"
# Sizes as browsers receive them; fails over issue 10's budgets.
./scripts/bundle-size.sh
took "Browser bundle (what was left of it after the tests)"

# The end-to-end tests drive the server binary the tests' compilation made
# (`cargo test` builds the package's binary for its integration tests; a
# separate `cargo build` would compile the dependencies again with other
# features, for the same code) with the release browser bundle, which is
# what users download. `./scripts/run.sh` builds both in release.
echo "==> End-to-end tests (Playwright, Debian Chromium, axe)"
e2e_log=target/e2e-run.log
(cd end2end && SERVER_BIN=./target/debug/partner_portal npx playwright test) 2>&1 | tee "$e2e_log"
# The servers' logs are part of the output: a panic there fails the run even
# when every page still answered.
if grep -q 'panicked at' "$e2e_log"; then
  grep -A2 'panicked at' "$e2e_log" | head -n 20
  echo "the server panicked during the end-to-end tests"
  exit 1
fi
took "End-to-end tests"

printf '==> All tests passed in %d s\n' $(( $(date +%s) - start ))
