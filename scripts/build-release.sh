#!/usr/bin/env bash
# The release build: the server and the browser bundle (one wasm file: the
# shell's island, the same on every page), precompressed (brotli, gzip).
#   (no option)      the developer's release server, target/release/partner_portal
#                    (profile release: no link-time optimisation, a one-line
#                    change rebuilds in minutes); scripts/run.sh starts it
#   --dist           the server as shipped and benchmarked instead,
#                    target/dist/partner_portal (profile dist: fat LTO, see Cargo.toml)
#   --frontend-only  the browser bundle alone (scripts/test.sh: the end-to-end
#                    tests use the server its tests' compilation made)
# The browser bundle is the same in every case.
set -euo pipefail
cd "$(dirname "$0")/.."
PKG=target/site/pkg
profile=release
server=1
for arg in "$@"; do
  case "$arg" in
    --dist) profile=dist ;;
    --frontend-only) server=0 ;;
    *) echo "unknown option $arg (see the top of $0)" >&2; exit 2 ;;
  esac
done

# The server builds beside the bundle, by plain cargo with cargo-leptos's
# arguments (LEPTOS_OUTPUT_NAME, which cargo-leptos would set, is in
# .cargo/config.toml): the bundle's build has its own target folder
# (target/front), so neither waits for the other's lock, and the bundle's
# steps mostly use one core each (its crate is one codegen unit; wasm-bindgen,
# wasm-opt), leaving the other to the server. After a one-line change the
# whole build takes about 2 minutes (scripts/bench-rebuild.sh).
if [ "$server" = 1 ]; then
  cargo build --profile "$profile" --no-default-features --features ssr --bin partner_portal &
  server_build=$!
  # If the bundle fails, the server's build stops too (cargo and its rustc).
  trap 'pkill -P $server_build 2>/dev/null; kill $server_build 2>/dev/null || true' EXIT
fi

# A split build's files, left by a build before the switch to islands
# (stop 50), would still be served; they go.
if [ -d "$PKG" ]; then
  find "$PKG" \( -name '*.wasm*' ! -name 'partner_portal.wasm*' \) -o -name '__wasm_split*' | xargs rm -f
fi
cargo leptos build --release --precompress --frontend-only

if [ "$server" = 1 ]; then
  wait "$server_build"
  trap - EXIT
  echo "server: ${CARGO_TARGET_DIR:-target}/$profile/partner_portal"
fi
