#!/usr/bin/env bash
# The release build: the server and the browser bundle, split per page
# (lazy routes) and precompressed (brotli, gzip), then the bundle's small
# split files merged into fewer (scripts/merge-wasm-chunks: 472 chunks became
# about 100, a settings page's first visit loads about 40 files instead of
# 150, and fewer bytes).
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
# steps mostly use one core each (its crate is one codegen unit; wasm-split,
# wasm-bindgen), leaving the other to the server. After a one-line change the
# whole build takes about 2 minutes (scripts/bench-rebuild.sh).
if [ "$server" = 1 ]; then
  cargo build --profile "$profile" --no-default-features --features ssr --bin partner_portal &
  server_build=$!
  # If the bundle fails, the server's build stops too (cargo and its rustc).
  trap 'pkill -P $server_build 2>/dev/null; kill $server_build 2>/dev/null || true' EXIT
fi

# cargo-leptos's wasm-opt only copies the files (-g, no passes): the merge
# reads the function names to tell which file each function went to, and
# optimising would inline and merge most of them away. wasm-opt runs below,
# after the merge, with cargo-leptos's usual flags.
LEPTOS_WASM_OPT_FEATURES="-g" cargo leptos build --release --split --precompress --frontend-only

# A small tool of its own (wasmparser, wasm-encoder); built once, in seconds.
cargo build --release --locked --quiet \
  --manifest-path scripts/merge-wasm-chunks/Cargo.toml \
  --target-dir target/merge-wasm-chunks
# --linked: the linker's output (relocations and symbols, kept by --split's
# --emit-relocs), to move the read-only data only chunks use out of the main
# module.
target/merge-wasm-chunks/release/merge-wasm-chunks \
  --linked target/front/wasm32-unknown-unknown/wasm-release/partner_portal.wasm "$PKG"

# Optimise every wasm file (the names go too), on every core.
find "$PKG" -name '*.wasm' -print0 | xargs -0 -P "$(nproc)" -I{} \
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int {} -o {}

# Compress again what the merge wrote (cargo-leptos compressed the files
# before): every wasm file, the loader and the manifest.
for f in "$PKG"/*.wasm "$PKG"/__wasm_split*.js "$PKG"/__wasm_split_manifest.json; do
  if [ ! "$f.br" -nt "$f" ] || [ ! "$f.gz" -nt "$f" ]; then
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -9 -n -c "$f" >"$f.gz"
  fi
done

if [ "$server" = 1 ]; then
  wait "$server_build"
  trap - EXIT
  echo "server: ${CARGO_TARGET_DIR:-target}/$profile/partner_portal"
fi
