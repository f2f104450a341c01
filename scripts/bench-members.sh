#!/usr/bin/env bash
# The member list with thousands of members (search and pages), on SQLite and
# on PostgreSQL (TEST_POSTGRES_URL, default the local server; a fresh schema
# that is dropped afterwards). Usage: scripts/bench-members.sh [members]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-5000}"
cargo build --release --features ssr --example bench_members -q
./target/release/examples/bench_members "$N"
PG="${TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/test}"
SCHEMA="bench_$$"
psql "$PG" -qc "CREATE SCHEMA $SCHEMA"
trap 'psql "$PG" -qc "SET client_min_messages = warning; DROP SCHEMA $SCHEMA CASCADE"' EXIT
DATABASE_URL="$PG?options=-c%20search_path%3D$SCHEMA" ./target/release/examples/bench_members "$N"
