#!/usr/bin/env bash
# The public partner directory with thousands of published profiles (words,
# filters, pages), on SQLite and on PostgreSQL (TEST_POSTGRES_URL, default the
# local server; a fresh schema that is dropped afterwards).
# Usage: scripts/bench-directory.sh [profiles]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
cargo build --release --features ssr --example bench_directory -q
./target/release/examples/bench_directory "$N"
PG="${TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/test}"
SCHEMA="bench_$$"
psql "$PG" -qc "CREATE SCHEMA $SCHEMA"
trap 'psql "$PG" -qc "SET client_min_messages = warning; DROP SCHEMA $SCHEMA CASCADE"' EXIT
DATABASE_URL="$PG?options=-c%20search_path%3D$SCHEMA" ./target/release/examples/bench_directory "$N"
