#!/usr/bin/env bash
# CPU instructions per request of the server as shipped (profile dist;
# CARGO_PROFILE for another, the bare page built with the same), counted by
# valgrind's callgrind, for the pages scripts/bench-ssr.sh times: the bare Leptos page
# (examples/bare_leptos.rs), /signin (a visitor), the signed-in account home and
# the Partner profile; each as a multiple of the bare page, and split into
# where the instructions go (Leptos rendering, the database, the rest:
# HTTP, middleware, sessions).
#
# Counted, not timed: the same build gives the same figures (within about 2 %:
# threads and timers still vary) on a busy or a quiet machine, where wrk's
# rates move by 10 % and more from run to run. It does not see the
# kernel, waits or cache misses: bench-ssr.sh stays the measure of the budgets,
# this one says where the work is. N requests per page (default 50) after 20
# to warm up; CALLGRIND_DIR keeps the profiles (callgrind_annotate FILE).
# Needs valgrind (Debian's package).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)"; exit 1; }
SERVER_BIN="${SERVER_BIN:-$BENCH_DIR/partner_portal}"
N="${N:-50}"
build_bare_page
DIR=$(mktemp -d)
OUT="${CALLGRIND_DIR:-$DIR}"
mkdir -p "$OUT"
PORT=3240
URL="http://127.0.0.1:$PORT"
DB="sqlite:$DIR/bench.db?mode=rwc"

# The demo data and a session, made by a plain run of the server (seeding
# hashes passwords: minutes under valgrind); the counted runs reuse both.
start_demo_server $PORT "$DB" "$DIR/seed.log"
server=$!
trap 'kill $server 2>/dev/null' EXIT
wait_until_up "$URL/signin" 150
home=$(sign_in "$URL" ana@contoso.example "$DIR/jar")
cookie=$(session_cookie "$DIR/jar")
kill $server
wait $server 2>/dev/null || true

# count NAME PATH COOKIE COMMAND...: starts COMMAND under callgrind with
# counting off, waits for PATH to answer, warms it up, then counts N
# requests of PATH.
count() {
  local name=$1 path=$2 cookie=$3
  shift 3
  LEPTOS_SITE_ADDR=127.0.0.1:$PORT LEPTOS_SITE_ROOT="${SITE_ROOT:-target/site}" DATABASE_URL="$DB" \
    SECURE_COOKIES=0 RUST_LOG=warn valgrind --tool=callgrind --instr-atstart=no \
    --callgrind-out-file="$OUT/$name.out" "$@" >"$DIR/$name.log" 2>&1 &
  server=$!
  wait_until_up "$URL$path" 600
  callgrind_control -i on $server >/dev/null 2>&1
  for _ in $(seq 20); do curl -sf -o /dev/null -H "Cookie: $cookie" -H 'Accept: text/html' "$URL$path"; done
  callgrind_control -z $server >/dev/null 2>&1
  for _ in $(seq "$N"); do curl -sf -o /dev/null -H "Cookie: $cookie" -H 'Accept: text/html' "$URL$path"; done
  callgrind_control -d $server >/dev/null 2>&1
  # The page's size: its HTML elements (start tags).
  curl -sf -H "Cookie: $cookie" -H 'Accept: text/html' "$URL$path" | grep -o '<[a-z][a-z0-9]*' | wc -l >"$OUT/$name.elements"
  kill $server
  wait $server 2>/dev/null || true
}

# inclusive FILE FUNCTION-PATTERN: the instructions spent in (and under) the
# outermost function matching the pattern, over the whole run (0 if none).
inclusive() {
  callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
    awk -v f="$2" 'v == "" && index($0, f) && index($0, "'"'"'2") == 0 { gsub(",", "", $1); v = $1 } END { print v + 0 }'
}
total() { awk '/^totals:/ { print $2 }' "$1"; }

count bare / "" "$BARE_BIN"
count signin /signin "" "$SERVER_BIN"
count home "$home" "$cookie" "$SERVER_BIN"
count profile "$home/settings/partner/profile" "$cookie" "$SERVER_BIN"

bare=$(( $(total "$OUT/bare.out.1") / N ))
bare_render=$(( $(inclusive "$OUT/bare.out.1" "leptos_axum::handle_response_inner::{{closure}}") / N ))
bare_elements=$(cat "$OUT/bare.elements")
row() { printf "%-12s %12s %7s %12s %10s %10s %9s %12s\n" "$@"; }
row page instructions "x bare" rendering database rest elements "rendering/el"
row "bare Leptos" "$bare" 1.00 "$bare_render" 0 $(( bare - bare_render )) "$bare_elements" $(( bare_render / bare_elements ))
for name in signin home profile; do
  file="$OUT/$name.out.1"
  all=$(( $(total "$file") / N ))
  render=$(( $(inclusive "$file" "leptos_axum::handle_response_inner::{{closure}}") / N ))
  # The database: sqlx's SQLite worker threads (statements, rows) and the
  # rows' conversion and release in the request's tasks.
  db=0
  for f in "ExecuteIter as core::iter::traits::iterator::Iterator>::next" \
    "core::ptr::drop_in_place<sqlx_sqlite::row::SqliteRow>" \
    "TryFrom<&sqlx_sqlite::row::SqliteRow> for sqlx_core::any::row::AnyRow>::try_from"; do
    db=$(( db + $(inclusive "$file" "$f") / N ))
  done
  elements=$(cat "$OUT/$name.elements")
  row "$name" "$all" "$(awk -v a="$all" -v b="$bare" 'BEGIN { printf "%.2f", a / b }')" "$render" "$db" \
    $(( all - render - db )) "$elements" $(( render / elements ))
done
echo "rendering: leptos_axum's answer (components, views, HTML; the resources' loading runs in tasks of its own,"
echo "counted under rest); database: SQLite's statements and rows. bench-ssr.sh's budgets in these terms:"
echo "/signin within 2x the bare page, the Partner profile within 4x (instructions understate it: wrk's ratios are larger)."
echo "elements: the page's HTML elements; rendering/el: rendering's instructions per element."
