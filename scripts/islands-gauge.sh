#!/usr/bin/env bash
# The islands build's browser bundle (issue 10; Cargo.toml's `islands`
# feature): what every page and each page's first visit would download if
# the app shipped in islands mode today. Only `#[island]` components hydrate
# there; the rest of a page is the server's HTML. The UI moves to islands a
# part at a time, and this prints where that build stands against the budgets
# (the shipped build is scripts/build-release.sh's, measured by
# scripts/bundle-size.sh). Its own site folder, target/islands-site, so the
# shipped bundle in target/site stays as it is. A gauge, not a check: it
# prints the budgets' verdict and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
SITE=target/islands-site
# As build-release.sh: cargo-leptos copies the wasm unoptimised (-g), then
# wasm-opt runs over every file with the shipped build's flags.
LEPTOS_SITE_ROOT=$SITE LEPTOS_WASM_OPT_FEATURES="-g" \
  cargo leptos build --release --split --frontend-only --features islands
find "$SITE/pkg" -name '*.wasm' -print0 | xargs -0 -P "$(nproc)" -I{} \
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int {} -o {}
PKG="$SITE/pkg" ./scripts/bundle-size.sh || true
