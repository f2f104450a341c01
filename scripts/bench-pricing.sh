#!/usr/bin/env bash
# Price lists at demo size (about 720,000 prices): pages by month, market and
# currency (p95 ≤ 20 ms), the CSV export's memory (+20 MB at most) and a
# 60,000-row import (under 10 s), on SQLite and on PostgreSQL
# (TEST_POSTGRES_URL, default the local server; a fresh schema, dropped
# afterwards). Fails over budget.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --features ssr --example bench_pricing -q
./target/release/examples/bench_pricing
PG="${TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/test}"
SCHEMA="bench_$$"
psql "$PG" -qc "CREATE SCHEMA $SCHEMA"
trap 'psql "$PG" -qc "SET client_min_messages = warning; DROP SCHEMA $SCHEMA CASCADE"' EXIT
DATABASE_URL="$PG?options=-c%20search_path%3D$SCHEMA" ./target/release/examples/bench_pricing
