#!/usr/bin/env bash
# Lighthouse (npm `lighthouse`, mobile form factor with its default
# throttling) against the release build, driving Debian's Chromium, offline:
# prints performance (with LCP, TBT), accessibility and best-practices scores
# for the sign-in page, an account home, the Partner profile and the public
# directory, and fails when a page is under budget. Build first with
# `cargo leptos build --release --split --precompress`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
PERFORMANCE_MIN=${PERFORMANCE_MIN:-95}
ACCESSIBILITY_MIN=100
BEST_PRACTICES_MIN=95
LIGHTHOUSE_VERSION=12.8.2
SERVER_BIN=${SERVER_BIN:-./target/release/partner_portal}
PORT=3300
dir=$(mktemp -d)
start_demo_server $PORT "sqlite:$dir/lh.db?mode=rwc" /dev/null
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
wait_until_up "http://127.0.0.1:$PORT/signin" 100

jar="$dir/cookies"
home=$(sign_in "http://127.0.0.1:$PORT" ana@contoso.example "$jar")
cookie=$(session_cookie "$jar")

failed=0
run() {
  local path=$1 headers=$2
  npx --yes "lighthouse@$LIGHTHOUSE_VERSION" "http://127.0.0.1:$PORT$path" --quiet \
    --output=json --output-path="$dir/report.json" \
    --only-categories=performance,accessibility,best-practices \
    --extra-headers="$headers" \
    --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
    >/dev/null 2>"$dir/lighthouse.log" || { cat "$dir/lighthouse.log"; exit 1; }
  node -e '
    const r = require(process.argv[1]);
    const [path, perfMin, a11yMin, bpMin] = process.argv.slice(2);
    const s = (c) => Math.round(r.categories[c].score * 100);
    const perf = s("performance"), a11y = s("accessibility"), bp = s("best-practices");
    const lcp = r.audits["largest-contentful-paint"].displayValue;
    const fcp = r.audits["first-contentful-paint"].displayValue;
    const tbt = r.audits["total-blocking-time"].displayValue;
    const ok = perf >= +perfMin && a11y >= +a11yMin && bp >= +bpMin;
    console.log(`${path.padEnd(40)} performance ${perf} (FCP ${fcp}, LCP ${lcp}, TBT ${tbt})  accessibility ${a11y}  best practices ${bp}  ${ok ? "ok" : "UNDER BUDGET"}`);
    process.exit(ok ? 0 : 3);
  ' "$dir/report.json" "$path" "$PERFORMANCE_MIN" "$ACCESSIBILITY_MIN" "$BEST_PRACTICES_MIN" || failed=1
}

echo "Lighthouse $LIGHTHOUSE_VERSION, mobile; budgets: performance >= $PERFORMANCE_MIN, accessibility $ACCESSIBILITY_MIN, best practices >= $BEST_PRACTICES_MIN"
run /signin '{}'
run "$home" "{\"Cookie\": \"$cookie\"}"
run "$home/settings/partner/profile" "{\"Cookie\": \"$cookie\"}"
run /partners '{}'
exit $failed
