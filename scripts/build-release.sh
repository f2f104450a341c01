#!/usr/bin/env bash
# The release build: the server and the browser bundle, split per page
# (lazy routes) and precompressed (brotli, gzip), then the bundle's small
# split files merged into fewer (scripts/merge-wasm-chunks: 472 chunks became
# about 100, a settings page's first visit loads about 40 files instead of
# 150, and fewer bytes). Arguments go to `cargo leptos build`
# (`--frontend-only`: the browser bundle alone).
set -euo pipefail
cd "$(dirname "$0")/.."
PKG=target/site/pkg

# cargo-leptos's wasm-opt only copies the files (-g, no passes): the merge
# reads the function names to tell which file each function went to, and
# optimising would inline and merge most of them away. wasm-opt runs below,
# after the merge, with cargo-leptos's usual flags.
LEPTOS_WASM_OPT_FEATURES="-g" cargo leptos build --release --split --precompress "$@"

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
