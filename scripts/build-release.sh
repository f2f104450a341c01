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

cargo leptos build --release --split --precompress "$@"

# A small tool of its own (wasmparser, wasm-encoder); built once, in seconds.
cargo build --release --locked --quiet \
  --manifest-path scripts/merge-wasm-chunks/Cargo.toml \
  --target-dir target/merge-wasm-chunks
target/merge-wasm-chunks/release/merge-wasm-chunks "$PKG"

# Compress again what the merge wrote (cargo-leptos compressed the files
# before): the merged chunks, the loader and the manifest.
for f in "$PKG"/chunk_*.wasm "$PKG"/__wasm_split*.js "$PKG"/__wasm_split_manifest.json; do
  if [ ! "$f.br" -nt "$f" ] || [ ! "$f.gz" -nt "$f" ]; then
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -9 -n -c "$f" >"$f.gz"
  fi
done
