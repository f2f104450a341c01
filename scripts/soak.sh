#!/usr/bin/env bash
# Soak (issue 14 item 5): mixed traffic at 70 % of the measured maximum for
# SOAK_MINUTES (default 10) against the server as shipped
# (`scripts/build-release.sh --dist`) on SQLite with the demo data. The mix, signed in as the demo's Global admin: the account home, the
# Partner profile, users, locations, the activity log, pricing, the public
# directory, the sign-in page, and every tenth request a change (the user's
# language: a write and its activity event). First 15 s flat out give the
# maximum; then a minute at a time at 70 % of it (wrk's per-connection delay,
# corrected after the first minute), printing each minute's rate, p50, p99,
# errors and the server's RSS. Fails on any error or server panic, on RSS
# growing over 5 % from the end of the first minute to the end, or on a
# minute's p99 over 2× the first minute's (p99 not stable).
# SERVER_BIN=… for another build (default target/dist/partner_portal).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
SERVER_BIN="${SERVER_BIN:-$BENCH_DIR/partner_portal}"
MINUTES="${SOAK_MINUTES:-10}"
CONNECTIONS=16
PORT=3230
dir=$(mktemp -d)
log="$dir/server.log"
start_demo_server $PORT "sqlite:$dir/soak.db?mode=rwc" "$log"
server=$!
trap 'kill $server 2>/dev/null; [ -n "${KEEP:-}" ] && cp "$log" /tmp/soak-server.log; rm -rf "$dir"' EXIT
wait_until_up "http://127.0.0.1:$PORT/signin"

sign_in "http://127.0.0.1:$PORT" ana@contoso.example "$dir/jar" >/dev/null
cookie=$(session_cookie "$dir/jar")
pid=$(sqlite3 "$dir/soak.db" "SELECT partner_id FROM accounts WHERE legal_name = 'Contoso Partners'")

cat >"$dir/mix.lua" <<EOF
local pages = {
  "/a/$pid", "/a/$pid/settings/partner/profile", "/a/$pid/users",
  "/a/$pid/settings/partner/locations", "/a/$pid/settings/partner/activity",
  "/a/$pid/pricing", "/partners", "/signin", "/a/$pid/settings/partner/business",
}
local n = 0
local languages = { "en", "fr" }
wrk.headers["Cookie"] = "$cookie"
wrk.headers["Accept"] = "text/html"
request = function()
  n = n + 1
  if n % 10 == 0 then
    return wrk.format("POST", "/api/set_language",
      -- Headers given here replace wrk.headers: the cookie again.
      { ["Cookie"] = "$cookie", ["Content-Type"] = "application/x-www-form-urlencoded",
        ["Accept"] = "application/json", ["Sec-Fetch-Site"] = "same-origin" },
      "language=" .. languages[math.floor(n / 10) % 2 + 1])
  end
  return wrk.format("GET", pages[n % #pages + 1])
end
-- A failed answer is printed (its status, the path's kind and the body's start).
response = function(status, headers, body)
  if status >= 400 then io.stderr:write("status " .. status .. ": " .. string.sub(body or "", 1, 200) .. "\n") end
end
delay = function() return tonumber(os.getenv("SOAK_DELAY_MS") or "0") end
EOF

# Every page of the mix answers 200 before the load starts.
for page in $(grep -o '"/[^"]*"' "$dir/mix.lua" | tr -d '"' | grep -v '^/api/'); do
  status=$(curl -s -b "$dir/jar" -o /dev/null -w '%{http_code}' -H 'Accept: text/html' "http://127.0.0.1:$PORT$page")
  [ "$status" = 200 ] || { echo "$page answers $status"; exit 1; }
done

# Milliseconds from wrk's "99%   12.34ms" style figures.
ms() { awk -v p="$1" '$1 == p { v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
  f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.2f", v * f }'; }
errors() { awk '/Non-2xx/ { e += $NF } /Socket errors/ { gsub(/,/, ""); e += $4 + $6 + $8 + $10 } END { print e + 0 }'; }
rate() { awk '/Requests\/sec/ { print int($2) }'; }

out=$(SOAK_DELAY_MS=0 wrk -t2 -c$CONNECTIONS -d15s --latency -s "$dir/mix.lua" "http://127.0.0.1:$PORT")
max=$(echo "$out" | rate)
[ "$(echo "$out" | errors)" -eq 0 ] || { echo "$out"; echo "errors at full speed"; exit 1; }
target=$((max * 70 / 100))
echo "maximum of the mix: $max req/s (p99 $(echo "$out" | ms 99%) ms); soak at 70 %: $target req/s for $MINUTES min, $CONNECTIONS connections"
# Each connection waits delay ms before each request: its period is delay +
# latency, so the first guess ignores the latency and the first minute's
# rate corrects it.
delay=$((CONNECTIONS * 1000 / target))
failed=0
first_p99=""
first_rss=""
printf '%-7s %9s %9s %9s %7s %9s\n' minute 'req/s' 'p50 ms' 'p99 ms' errors 'RSS MB'
for minute in $(seq "$MINUTES"); do
  out=$(SOAK_DELAY_MS=$delay wrk -t2 -c$CONNECTIONS -d60s --latency -s "$dir/mix.lua" "http://127.0.0.1:$PORT")
  got=$(echo "$out" | rate)
  p50=$(echo "$out" | ms 50%)
  p99=$(echo "$out" | ms 99%)
  errs=$(echo "$out" | errors)
  rss=$(ps -o rss= -p $server | tr -d ' ')
  printf '%-7s %9s %9s %9s %7s %9s\n' "$minute" "$got" "$p50" "$p99" "$errs" "$((rss / 1024))"
  [ "$errs" -eq 0 ] || failed=1
  if [ -z "$first_p99" ]; then
    first_p99=$p99
    first_rss=$rss
    # Latency per request as the first minute saw it, then the delay that
    # makes each connection's period hit the target.
    delay=$(awk -v c=$CONNECTIONS -v g="$got" -v d=$delay -v t=$target 'BEGIN {
      lat = c * 1000 / g - d; n = c * 1000 / t - lat; print (n < 0) ? 0 : int(n + 0.5) }')
  elif awk -v a="$p99" -v b="$first_p99" 'BEGIN { exit !(a > 2 * b) }'; then
    echo "  p99 over 2x the first minute's ($first_p99 ms)"
    failed=1
  fi
done
growth=$(awk -v a="$first_rss" -v b="$rss" 'BEGIN { printf "%.1f", 100 * (b - a) / a }')
panics=$(grep -c 'panicked at' "$log" || true)
echo "RSS growth from the first minute to the last: $growth % (budget 5 %); server panics: $panics"
awk -v g="$growth" 'BEGIN { exit !(g > 5) }' && failed=1
[ "$panics" -eq 0 ] || failed=1
if [ "$failed" -ne 0 ]; then
  echo "SOAK FAILED"
  exit 1
fi
echo "soak passed"
