#!/usr/bin/env bash
# The activity log with millions of events (pages, filters, deep pages), on
# SQLite and on PostgreSQL (TEST_POSTGRES_URL, default the local server; a
# fresh schema, dropped afterwards). Fails over budget.
# Usage: scripts/bench-activity.sh [events in all, default 10000000]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000000}"
cargo build --release --features ssr --example bench_activity -q
./target/release/examples/bench_activity "$N"
PG="${TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/test}"
SCHEMA="bench_$$"
psql "$PG" -qc "CREATE SCHEMA $SCHEMA"
trap 'psql "$PG" -qc "SET client_min_messages = warning; DROP SCHEMA $SCHEMA CASCADE"' EXIT
DATABASE_URL="$PG?options=-c%20search_path%3D$SCHEMA" ./target/release/examples/bench_activity "$N"
