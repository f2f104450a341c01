#!/usr/bin/env bash
# Every list and search at 10,000 rows per table and at full size (100,000
# accounts, 1,000,000 users and memberships, 200,000 locations, 100,000
# invitations, 10,000,000 activity events: `partner_portal seed`'s
# defaults), on SQLite and on PostgreSQL (TEST_POSTGRES_URL, default the
# local server; a fresh schema, dropped afterwards). Fails when a list's p95
# is over 20 ms or over 2x its 10,000-row figure.
# Usage: scripts/bench-large.sh [scale]   (scale 10: a tenth of the full sizes)
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-1}"
cargo build --release --features ssr --example bench_large -q
status=0
./target/release/examples/bench_large "$SCALE" || status=1
PG="${TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/test}"
SCHEMA="bench_$$"
psql "$PG" -qc "CREATE SCHEMA $SCHEMA"
trap 'psql "$PG" -qc "SET client_min_messages = warning; DROP SCHEMA $SCHEMA CASCADE"' EXIT
DATABASE_URL="$PG?options=-c%20search_path%3D$SCHEMA" ./target/release/examples/bench_large "$SCALE" || status=1
exit $status
