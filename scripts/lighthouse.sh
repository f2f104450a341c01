#!/usr/bin/env bash
# Lighthouse (npm `lighthouse`, mobile form factor with its default
# throttling) against the release build, driving Debian's Chromium, offline:
# prints performance (with LCP, TBT), accessibility and best-practices scores
# for the sign-in page, an account home, the Partner profile and the public
# directory. Build first with
# `./scripts/build-release.sh`.
#
# Each page is measured twice:
# - "direct": the app itself, plain HTTP/1.1 (six connections per site);
# - "proxied": through nginx with TLS and HTTP/2, as the README deploys it
#   (needs nginx: apt-get install nginx-light; a throw-away self-signed
#   certificate). Lighthouse's simulation models each protocol (HTTP/1.1
#   queues a page's files on six connections, HTTP/2 sends them side by side).
# The budgets apply to the proxied run, what users get; the direct run is
# printed beside it. PROXY=0 measures only the direct run (budgets then
# apply to it), for a machine without nginx. REPORTS=DIR keeps each
# page's JSON report there (the LCP element, the requests, the timings).
# PAGES="profile" (any of signin home profile directory) measures only
# those, RUNS=N each N times (the simulated LCP can differ run to run).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
PERFORMANCE_MIN=${PERFORMANCE_MIN:-95}
ACCESSIBILITY_MIN=100
BEST_PRACTICES_MIN=95
LIGHTHOUSE_VERSION=12.8.2
SERVER_BIN=${SERVER_BIN:-./target/release/partner_portal}
PROXY=${PROXY:-1}
PORT=3300
TLS_PORT=3443
dir=$(mktemp -d)
start_demo_server $PORT "sqlite:$dir/lh.db?mode=rwc" /dev/null
server=$!
proxy=
trap 'kill $server $proxy 2>/dev/null || true; rm -rf "$dir"' EXIT
wait_until_up "http://127.0.0.1:$PORT/signin" 100

if [ "$PROXY" = 1 ]; then
  command -v nginx >/dev/null || { echo "needs nginx (apt-get install nginx-light), or PROXY=0"; exit 1; }
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
  cat >"$dir/nginx.conf" <<NGINX
user root;
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/nginx.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$TLS_PORT ssl http2;
    ssl_certificate $dir/cert.pem;
    ssl_certificate_key $dir/key.pem;
    location / {
      proxy_pass http://127.0.0.1:$PORT;
      proxy_http_version 1.1;
      proxy_set_header Host \$host:\$server_port;
    }
  }
}
NGINX
  nginx -c "$dir/nginx.conf" -p "$dir" &
  proxy=$!
  wait_until_up "https://127.0.0.1:$TLS_PORT/signin" 50
fi

jar="$dir/cookies"
home=$(sign_in "http://127.0.0.1:$PORT" ana@contoso.example "$jar")
cookie=$(session_cookie "$jar")

failed=0
reported=0
# run SITE LABEL PATH HEADERS [BUDGETED]
run() {
  local site=$1 label=$2 path=$3 headers=$4 budgeted=${5:-1}
  npx --yes "lighthouse@$LIGHTHOUSE_VERSION" "$site$path" --quiet \
    --output=json --output-path="$dir/report.json" \
    --only-categories=performance,accessibility,best-practices \
    --extra-headers="$headers" \
    --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --ignore-certificate-errors --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
    >/dev/null 2>"$dir/lighthouse.log" || { cat "$dir/lighthouse.log"; exit 1; }
  if [ -n "${REPORTS:-}" ]; then
    mkdir -p "$REPORTS"
    reported=$((reported + 1))
    cp "$dir/report.json" "$REPORTS/$reported-$label$(echo "$path" | tr '/' '_').json"
  fi
  node -e '
    const r = require(process.argv[1]);
    const [path, perfMin, a11yMin, bpMin, label, budgeted] = process.argv.slice(2);
    const s = (c) => Math.round(r.categories[c].score * 100);
    const perf = s("performance"), a11y = s("accessibility"), bp = s("best-practices");
    const lcp = r.audits["largest-contentful-paint"].displayValue;
    const fcp = r.audits["first-contentful-paint"].displayValue;
    const tbt = r.audits["total-blocking-time"].displayValue;
    const ok = budgeted !== "1" || (perf >= +perfMin && a11y >= +a11yMin && bp >= +bpMin);
    const verdict = budgeted !== "1" ? "(not budgeted)" : ok ? "ok" : "UNDER BUDGET";
    console.log(`${label.padEnd(8)} ${path.padEnd(40)} performance ${perf} (FCP ${fcp}, LCP ${lcp}, TBT ${tbt})  accessibility ${a11y}  best practices ${bp}  ${verdict}`);
    process.exit(ok ? 0 : 3);
  ' "$dir/report.json" "$path" "$PERFORMANCE_MIN" "$ACCESSIBILITY_MIN" "$BEST_PRACTICES_MIN" "$label" "$budgeted" || failed=1
}

echo "Lighthouse $LIGHTHOUSE_VERSION, mobile; budgets: performance >= $PERFORMANCE_MIN, accessibility $ACCESSIBILITY_MIN, best practices >= $BEST_PRACTICES_MIN"
PAGES=${PAGES:-signin home profile directory}
RUNS=${RUNS:-1}
# page NAME PATH HEADERS: measured direct, then (budgeted) through the proxy.
page() {
  case " $PAGES " in *" $1 "*) ;; *) return 0 ;; esac
  shift
  for _ in $(seq "$RUNS"); do measure "$@"; done
}
measure() {
  if [ "$PROXY" = 1 ]; then
    run "http://127.0.0.1:$PORT" direct "$1" "$2" 0
    run "https://127.0.0.1:$TLS_PORT" proxied "$1" "$2"
  else
    run "http://127.0.0.1:$PORT" direct "$1" "$2"
  fi
}
page signin /signin '{}'
page home "$home" "{\"Cookie\": \"$cookie\"}"
page profile "$home/settings/partner/profile" "{\"Cookie\": \"$cookie\"}"
page directory /partners '{}'
exit $failed
