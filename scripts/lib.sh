# What the benchmark scripts share (sourced, not run): waiting for a server
# and signing in as a demo user.

# wait_until_up URL [TRIES]: polls URL every 0.2 s until it answers 2xx
# (TRIES times, default 150: 30 s); fails if it never does.
wait_until_up() {
  for _ in $(seq "${2:-150}"); do
    # -k: lighthouse.sh's local TLS proxy has a throw-away certificate.
    curl -sfk "$1" >/dev/null && return 0
    sleep 0.2
  done
  echo "no answer from $1" >&2
  return 1
}

# sign_in BASE_URL EMAIL JAR: signs in with the demo password, keeping the
# session cookie in the cookie jar JAR; prints the account's home path (where
# `/` redirects a signed-in user: the sign-in's answer is postcard).
sign_in() {
  curl -sf -o /dev/null -c "$3" \
    --data "form[email]=$2&form[password]=Demo-Password-1" "$1/api/sign_in" || return 1
  curl -s -o /dev/null -b "$3" -H 'Accept: text/html' -w '%{redirect_url}' "$1/" | sed -E 's|^https?://[^/]+||'
}

# session_cookie JAR: the session cookie in the jar, as a Cookie header's value.
session_cookie() {
  awk '$6 == "pp_session" { print "pp_session=" $7 }' "$1"
}

# The build the server benchmarks measure: profile CARGO_PROFILE (default
# dist, the server as shipped, from `scripts/build-release.sh --dist`) in
# CARGO_TARGET_DIR; the bare Leptos page they compare with is built alike.
BENCH_PROFILE="${CARGO_PROFILE:-dist}"
BENCH_DIR="${CARGO_TARGET_DIR:-target}/$BENCH_PROFILE"
BARE_BIN="$BENCH_DIR/examples/bare_leptos"

# build_bare_page: builds the bare Leptos page (examples/bare_leptos.rs) the
# server benchmarks compare with, as $BARE_BIN.
build_bare_page() {
  cargo build --profile "$BENCH_PROFILE" --features ssr --example bare_leptos -q
}

# start_demo_server PORT DATABASE_URL LOG: starts $SERVER_BIN (default:
# $BENCH_DIR's) in the background on 127.0.0.1:PORT with the demo data,
# serving the site in $SITE_ROOT (default target/site), its output in LOG
# (RUST_LOG default warn). `$!` is its process id afterwards.
start_demo_server() {
  LEPTOS_SITE_ADDR=127.0.0.1:$1 LEPTOS_SITE_ROOT="${SITE_ROOT:-target/site}" DATABASE_URL="$2" \
    DEMO_DATA=1 DEMO_PRICE_MONTHS=1 SECURE_COOKIES=0 RUST_LOG="${RUST_LOG:-warn}" \
    "${SERVER_BIN:-$BENCH_DIR/partner_portal}" >"$3" 2>&1 &
}
